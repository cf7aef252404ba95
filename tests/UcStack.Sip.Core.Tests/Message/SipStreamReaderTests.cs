using System.Buffers;

namespace UcStack.Sip.Tests.Message;

[TestFixture]
public sealed class SipStreamReaderTests
{
    private static readonly SipStreamReader Reader = new();

    private static ReadOnlySequence<byte> Seq(string text) => new(SipTestMessages.Bytes(text));

    [Test]
    public void TryRead_TwoMessagesBackToBack_ReadsBothAndSlices()
    {
        var buffer = Seq(SipTestMessages.Invite + SipTestMessages.Ok);
        Assert.That(Reader.TryRead(ref buffer, out var first, out var e1), Is.True, e1.ToString());
        using (first)
        {
            Assert.That(first!.IsRequest, Is.True);
            Assert.That(first.Body.ToArray(), Is.EqualTo("hello"u8.ToArray()));
        }

        Assert.That(buffer.Length, Is.EqualTo(SipTestMessages.Ok.Length));
        Assert.That(Reader.TryRead(ref buffer, out var second, out var e2), Is.True, e2.ToString());
        using (second) Assert.That(second!.IsRequest, Is.False);
        Assert.That(buffer.IsEmpty, Is.True);
        Assert.That(Reader.TryRead(ref buffer, out var none, out var e3), Is.False);
        Assert.That(none, Is.Null);
        Assert.That(e3.IsError, Is.False);
    }

    [Test]
    public void TryRead_KeepAlives_AreConsumedWithoutMessages()
    {
        // RFC 5626 §3.5.1: CRLFCRLF ping, CRLF pong.
        var buffer = Seq("\r\n\r\n\r\n" + SipTestMessages.Ok + "\r\n\r\n");
        Assert.That(Reader.TryRead(ref buffer, out var m, out _), Is.True);
        m!.Dispose();
        Assert.That(Reader.TryRead(ref buffer, out _, out var e), Is.False);
        Assert.That(e.IsError, Is.False);
        Assert.That(buffer.IsEmpty, Is.True);
    }

    [Test]
    public void TryRead_EveryPrefix_NeedsMoreBytesWithoutError()
    {
        var bytes = SipTestMessages.Bytes(SipTestMessages.Invite);
        for (var n = 0; n < bytes.Length; n++)
        {
            var buffer = new ReadOnlySequence<byte>(bytes, 0, n);
            Assert.That(Reader.TryRead(ref buffer, out var m, out var e), Is.False, $"prefix {n}");
            Assert.That(m, Is.Null);
            Assert.That(e.IsError, Is.False, $"prefix {n}: {e}");
        }
    }

    [Test]
    public void TryRead_NoContentLength_IsMissingContentLength()
    {
        var buffer = Seq(SipTestMessages.InviteWith("Content-Length:", string.Empty));
        Assert.That(Reader.TryRead(ref buffer, out _, out var e), Is.False);
        Assert.That(e.Code, Is.EqualTo(SipParseErrorCode.MissingContentLength));
    }

    [Test]
    public void TryRead_HeadersWithoutEnd_FailAsSoonAsTheLimitIsCrossed()
    {
        var limits = new SipParserLimits { MaxHeaderSectionBytes = 1024 };
        var reader = new SipStreamReader(limits);
        var flood = "INVITE sip:a@b SIP/2.0\r\n" + string.Concat(Enumerable.Repeat("X-Flood: aaaaaaaaaaaaaaaaaaaaaaaa\r\n", 4000));
        var bytes = SipTestMessages.Bytes(flood);
        var buffer = new ReadOnlySequence<byte>(bytes, 0, 1023);
        Assert.That(reader.TryRead(ref buffer, out _, out var e1), Is.False);
        Assert.That(e1.IsError, Is.False);
        buffer = new ReadOnlySequence<byte>(bytes, 0, 1024);
        Assert.That(reader.TryRead(ref buffer, out _, out var e2), Is.False);
        Assert.That(e2.Code, Is.EqualTo(SipParseErrorCode.HeaderSectionTooLarge));
        buffer = new ReadOnlySequence<byte>(bytes);
        Assert.That(reader.TryRead(ref buffer, out _, out var e3), Is.False);
        Assert.That(e3.Code, Is.EqualTo(SipParseErrorCode.HeaderSectionTooLarge));
    }

    [Test]
    public void TryRead_ContentLengthBeyondLimit_IsMessageTooLarge()
    {
        var buffer = Seq(SipTestMessages.InviteWith("Content-Length:", "Content-Length: 70000"));
        Assert.That(Reader.TryRead(ref buffer, out _, out var e), Is.False);
        Assert.That(e.Code, Is.EqualTo(SipParseErrorCode.MessageTooLarge));
    }

    [Test]
    public void TryRead_ConflictingContentLength_IsFramingError()
    {
        var buffer = Seq(SipTestMessages.InviteWith("Content-Length:", "Content-Length: 5\r\nl: 6"));
        Assert.That(Reader.TryRead(ref buffer, out _, out var e), Is.False);
        Assert.That(e.Code, Is.EqualTo(SipParseErrorCode.InvalidContentLength));
    }

    [Test]
    public void TryRead_ErrorOffset_CountsFromBufferStart()
    {
        var text = "\r\n" + SipTestMessages.InviteWith("Max-Forwards:", "Max-Forwards: 256");
        var buffer = Seq(text);
        Assert.That(Reader.TryRead(ref buffer, out _, out var e), Is.False);
        Assert.That(e.Offset, Is.EqualTo(text.IndexOf("256", StringComparison.Ordinal)));
    }

    [Test]
    public void TryRead_SplitAtEveryByte_ParsesTheSame()
    {
        var bytes = SipTestMessages.Bytes(SipTestMessages.Invite);
        using var expected = SipMessage.Parse(bytes);
        var buffer = SegmentedSequence.Create(bytes, Enumerable.Range(1, bytes.Length));
        Assert.That(Reader.TryRead(ref buffer, out var m, out var e), Is.True, e.ToString());
        using (m) Conformance.MessageAssert.AreEquivalent(m!, expected);
    }
}
