// The consumer's view of UcStack.Sip.Core, and the example in src/UcStack.Sip.Core/README.md: CI copies
// this file into a throwaway console app that references the package restored from a local folder feed
// (see .ci/run), builds it with warnings as errors and runs it.
using System.Buffers;
using System.Text;
using UcStack.Sip;

// Parse one datagram (RFC 3261 §18.3 rules).
var datagram = Encoding.UTF8.GetBytes(
    "INVITE sip:bob@biloxi.com SIP/2.0\r\n" +
    "Via: SIP/2.0/UDP 192.0.2.101:5060;branch=z9hG4bK776asdhds;rport\r\n" +
    "Max-Forwards: 70\r\n" +
    "From: \"Alice\" <sip:alice@atlanta.com>;tag=1928301774\r\n" +
    "To: \"Bob\" <sip:bob@biloxi.com>\r\n" +
    "Call-ID: a84b4c76e66710@pc33.atlanta.com\r\n" +
    "CSeq: 314159 INVITE\r\n" +
    "Content-Length: 0\r\n\r\n");

if (!SipMessage.TryParse(datagram, out var message, out var error))
{
    Console.Error.WriteLine($"parse failed: {error}"); // e.g. "InvalidStartLine at byte 7"
    return 1;
}

using (message)
{
    // Transaction-layer fields are parsed eagerly and read without allocating (spans) or as cached strings.
    Console.WriteLine($"call-id: {message.CallId}");
    Console.WriteLine($"branch: {message.TopViaBranch}");

    // Everything else is typed on first access.
    var request = (SipRequest)message;
    Console.WriteLine($"method: {request.Method} uri: {request.RequestUri}");

    // Answer it: Via, From, To, Call-ID and CSeq are copied as RFC 3261 §8.2.6.2 requires.
    using var ringing = SipResponseBuilder.For(request, 180).WithToTag().Build();
    var wire = new ArrayBufferWriter<byte>();
    ringing.WriteTo(wire);
    Console.WriteLine(Encoding.UTF8.GetString(wire.WrittenSpan).Split("\r\n")[0]);
}

return 0;
