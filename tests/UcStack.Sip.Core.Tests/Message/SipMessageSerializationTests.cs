using System.Buffers;
using System.Text;

namespace UcStack.Sip.Tests.Message;

[TestFixture]
public sealed class SipMessageSerializationTests
{
    [Test]
    public void ToArray_WritesCanonicalForm()
    {
        var wire = "\r\nOPTIONS sip:a@b.example SIP/2.0\r\n"
                   + "v :  SIP/2.0/UDP h.example;branch=z9hG4bK1 \r\n"
                   + "f:<sip:c@d.example>;tag=1\r\n"
                   + "t: <sip:a@b.example>\r\n"
                   + "i: abc\r\n"
                   + "cseq: 2\r\n  OPTIONS\r\n"
                   + "X-Odd:   spaced  \t\r\n\tvalue\r\n"
                   + "l: 4\r\n"
                   + "\r\nbodyEXTRA";
        using var m = SipMessage.Parse(Encoding.UTF8.GetBytes(wire));
        var expected = "OPTIONS sip:a@b.example SIP/2.0\r\n"
                       + "Via: SIP/2.0/UDP h.example;branch=z9hG4bK1\r\n"
                       + "From: <sip:c@d.example>;tag=1\r\n"
                       + "To: <sip:a@b.example>\r\n"
                       + "Call-ID: abc\r\n"
                       + "CSeq: 2 OPTIONS\r\n"
                       + "X-Odd: spaced value\r\n"
                       + "Content-Length: 4\r\n"
                       + "\r\nbody";
        Assert.That(Encoding.UTF8.GetString(m.ToArray()), Is.EqualTo(expected));
        Assert.That(m.GetEncodedLength(), Is.EqualTo(expected.Length));
    }

    [Test]
    public void ToArray_WithoutContentLength_AppendsIt()
    {
        using var m = SipMessage.Parse(Encoding.UTF8.GetBytes(SipTestMessages.InviteWith("Content-Length:", string.Empty)));
        var text = Encoding.UTF8.GetString(m.ToArray());
        Assert.That(text, Does.EndWith("Content-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello"));
    }

    [Test]
    public void ToArray_RepeatedEqualContentLength_WritesOne()
    {
        using var m = SipMessage.Parse(Encoding.UTF8.GetBytes(SipTestMessages.InviteWith("Content-Length:", "Content-Length: 5\r\nl: 5")));
        var text = Encoding.UTF8.GetString(m.ToArray());
        Assert.That(text.Split("Content-Length").Length, Is.EqualTo(2));
    }

    [Test]
    public void ToArray_Response_KeepsUtf8ReasonAndEmptyReason()
    {
        var wire = SipTestMessages.Ok.Replace("200 OK", "200 Très bien", StringComparison.Ordinal);
        using var m = SipResponse.Parse(Encoding.UTF8.GetBytes(wire));
        Assert.That(Encoding.UTF8.GetString(m.ToArray()), Does.StartWith("SIP/2.0 200 Très bien\r\n"));
        using var empty = SipResponse.Parse(Encoding.UTF8.GetBytes(SipTestMessages.Ok.Replace("200 OK", "200 ", StringComparison.Ordinal)));
        Assert.That(Encoding.UTF8.GetString(empty.ToArray()), Does.StartWith("SIP/2.0 200 \r\n"));
    }

    [Test]
    public void TryWriteTo_TooSmall_ReturnsFalse_ExactFits()
    {
        using var m = SipMessage.Parse(Encoding.UTF8.GetBytes(SipTestMessages.Invite));
        var length = m.GetEncodedLength();
        Assert.That(m.TryWriteTo(new byte[length - 1], out var none), Is.False);
        Assert.That(none, Is.Zero);
        var exact = new byte[length];
        Assert.That(m.TryWriteTo(exact, out var written), Is.True);
        Assert.That(written, Is.EqualTo(length));
        Assert.That(exact, Is.EqualTo(m.ToArray()));
    }

    [Test]
    public void WriteTo_BufferWriter_AppendsAfterExistingContent()
    {
        using var m = SipMessage.Parse(Encoding.UTF8.GetBytes(SipTestMessages.Ok));
        var writer = new ArrayBufferWriter<byte>();
        writer.Write("prefix"u8);
        m.WriteTo(writer);
        Assert.That(writer.WrittenSpan[6..].ToArray(), Is.EqualTo(m.ToArray()));
    }

    [Test]
    public void Header_ToString_AndNames()
    {
        using var m = SipMessage.Parse(Encoding.UTF8.GetBytes(SipTestMessages.InviteWith("Call-ID:", "i: abc")));
        Assert.That(m.Headers.TryGetFirst("Call-ID", out var h), Is.True);
        Assert.That(h.Name, Is.EqualTo("i"));
        Assert.That(h.CanonicalName, Is.EqualTo("Call-ID"));
        Assert.That(h.HasName("I"), Is.True);
        Assert.That(h.ToString(), Is.EqualTo("Call-ID: abc"));
        Assert.That(m.Headers[0] == m.Headers[0], Is.True);
        Assert.That(m.Headers[0] != m.Headers[1], Is.True);
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = m.Headers[m.Headers.Count]);
    }
}
