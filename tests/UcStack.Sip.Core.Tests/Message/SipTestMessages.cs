using System.Text;

namespace UcStack.Sip.Tests.Message;

internal static class SipTestMessages
{
    public const string Invite =
        "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP pc33.atlanta.example.com:5061;branch=z9hG4bK776asdhds;rport\r\n" +
        "Max-Forwards: 70\r\n" +
        "To: Bob <sip:bob@biloxi.example.com>\r\n" +
        "From: \"Alice\" <sip:alice@atlanta.example.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Contact: <sip:alice@pc33.atlanta.example.com>\r\n" +
        "Content-Type: text/plain\r\n" +
        "Content-Length: 5\r\n" +
        "\r\n" +
        "hello";

    public const string Ok =
        "SIP/2.0 200 OK\r\n" +
        "Via: SIP/2.0/UDP server10.biloxi.example.com;branch=z9hG4bKnashds8;received=192.0.2.3\r\n" +
        "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds;received=192.0.2.1\r\n" +
        "To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf\r\n" +
        "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Content-Length: 0\r\n" +
        "\r\n";

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static SipParseError ParseError(string text)
    {
        Assert.That(SipMessage.TryParse(Bytes(text), out var m, out var e), Is.False, "expected a parse error");
        Assert.That(m, Is.Null);
        return e;
    }

    /// <summary>Replaces one header line of <see cref="Invite"/> (matched by prefix) with another.</summary>
    public static string InviteWith(string linePrefix, string replacement)
    {
        var lines = Invite.Split("\r\n").ToList();
        var i = lines.FindIndex(l => l.StartsWith(linePrefix, StringComparison.Ordinal));
        Assert.That(i, Is.GreaterThanOrEqualTo(0), linePrefix);
        if (replacement.Length == 0) lines.RemoveAt(i);
        else lines[i] = replacement;
        return string.Join("\r\n", lines);
    }
}
