// The consumer's view of UcStack.Sip.Core: CI copies this file into a throwaway console app that
// references the package restored from a local folder feed (see .ci/run), builds it and runs it.
using UcStack.Sip;

var datagram = """
    INVITE sip:bob@biloxi.com SIP/2.0
    Via: SIP/2.0/UDP 192.0.2.101:5060;branch=z9hG4bK776asdhds;rport
    Max-Forwards: 70
    From: "Alice" <sip:alice@atlanta.com>;tag=1928301774
    To: "Bob" <sip:bob@biloxi.com>
    Call-ID: a84b4c76e66710@pc33.atlanta.com
    CSeq: 314159 INVITE
    Content-Length: 0


    """.Replace("\n", "\r\n", StringComparison.Ordinal);

if (!SipMessage.TryParse(System.Text.Encoding.UTF8.GetBytes(datagram), out var message, out var error))
{
    Console.Error.WriteLine($"parse failed: {error}");
    return 1;
}

using (message)
{
    Console.WriteLine($"call-id: {message.CallId}");
    Console.WriteLine($"branch: {message.TopViaBranch}");
}

return 0;
