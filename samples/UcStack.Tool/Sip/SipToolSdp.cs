using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace UcStack.Tool.Sip;

/// <summary>
/// The SDP (RFC 4566) bodies of the signalling tools. They carry no media: every stream is
/// <c>a=inactive</c> (RFC 3264 §5.1), so the bodies are valid offers and answers that promise nothing
/// the tools do not do.
/// </summary>
internal static class SipToolSdp
{
    /// <summary>The SDP media type.</summary>
    internal const string ContentType = "application/sdp";

    // The discard port (RFC 863): nothing is sent to an inactive stream, but an answer with port 0 would
    // reject the stream (RFC 3264 §6), so a non-zero port is required.
    private const int InactivePort = 9;

    /// <summary>An offer with one inactive PCMU audio stream.</summary>
    internal static byte[] Offer(IPAddress address) => Build(address);

    /// <summary>An answer with one inactive PCMU audio stream (RFC 3264 §6.1: an inactive answer is allowed for any offered direction).</summary>
    internal static byte[] Answer(IPAddress address) => Build(address);

    private static byte[] Build(IPAddress address)
    {
        var family = address.AddressFamily == AddressFamily.InterNetworkV6 ? "IP6" : "IP4";
        var host = address.ToString();

        // RFC 4566 §5.2: the session id is a number unique for the originator; a random 31-bit value suffices.
        var session = RandomNumberGenerator.GetInt32(1, int.MaxValue).ToString(CultureInfo.InvariantCulture);
        var text = new StringBuilder(192)
            .Append("v=0\r\n")
            .Append("o=- ").Append(session).Append(" 1 IN ").Append(family).Append(' ').Append(host).Append("\r\n")
            .Append("s=-\r\n")
            .Append("c=IN ").Append(family).Append(' ').Append(host).Append("\r\n")
            .Append("t=0 0\r\n")
            .Append("m=audio ").Append(InactivePort.ToString(CultureInfo.InvariantCulture)).Append(" RTP/AVP 0\r\n")
            .Append("a=rtpmap:0 PCMU/8000\r\n")
            .Append("a=inactive\r\n")
            .ToString();
        return Encoding.ASCII.GetBytes(text);
    }
}
