using System.Text;

namespace UcStack.Sip.Tests.Message;

[TestFixture]
public sealed class SipMessageLimitsTests
{
    private static string WithExtraHeaders(int count, string value = "v")
        => SipTestMessages.InviteWith("Contact:", string.Join("\r\n", Enumerable.Range(0, count).Select(i => $"X-H{i}: {value}")));

    private static SipParseError Fail(string text, SipParserLimits limits)
    {
        Assert.That(SipMessage.TryParse(Encoding.UTF8.GetBytes(text), out var m, out var e, limits), Is.False);
        Assert.That(m, Is.Null);
        return e;
    }

    [Test]
    public void Parse_MoreHeadersThanLimit_IsTooManyHeaders()
    {
        var limits = new SipParserLimits { MaxHeaderCount = 20 };
        // The INVITE keeps 8 headers besides the extra ones: 8 + 12 = 20 is the limit itself.
        using (var atLimit = SipMessage.Parse(Encoding.UTF8.GetBytes(WithExtraHeaders(12)), limits))
        {
            Assert.That(atLimit.Headers.Count, Is.EqualTo(20));
        }

        Assert.That(Fail(WithExtraHeaders(13), limits).Code, Is.EqualTo(SipParseErrorCode.TooManyHeaders));
    }

    [Test]
    public void Parse_LimitAboveDefault_UsesLargerTable()
    {
        var limits = new SipParserLimits { MaxHeaderCount = 1000, MaxHeaderSectionBytes = 60_000 };
        using var m = SipMessage.Parse(Encoding.UTF8.GetBytes(WithExtraHeaders(900)), limits);
        Assert.That(m.Headers.Count, Is.EqualTo(908));
        Assert.That(m.Headers[907].CanonicalName, Is.EqualTo("Content-Length"));
    }

    [Test]
    public void Parse_LongHeaderLine_IsHeaderTooLong()
    {
        var limits = new SipParserLimits { MaxHeaderBytes = 100 };
        Assert.That(Fail(WithExtraHeaders(1, new string('a', 200)), limits).Code, Is.EqualTo(SipParseErrorCode.HeaderTooLong));
        Assert.That(Fail(WithExtraHeaders(1, "a\r\n " + new string('b', 50) + "\r\n " + new string('c', 50)), limits).Code, Is.EqualTo(SipParseErrorCode.HeaderTooLong));
    }

    [Test]
    public void Parse_HugeHeaderSection_IsRejectedWithoutScanningPastTheLimit()
    {
        var limits = new SipParserLimits { MaxHeaderSectionBytes = 2048, MaxHeaderCount = 10_000 };
        var text = WithExtraHeaders(5000);
        var bytes = Encoding.UTF8.GetBytes(text);
        Assert.That(SipMessage.TryParse(bytes, out _, out _, limits), Is.False, "warm-up");
        var allocated = long.MaxValue;
        SipMessage? m = null;
        SipParseError e = default;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            // The smallest of a few attempts, so a pool trimmed by an unrelated GC cannot make this flaky.
            var before = GC.GetAllocatedBytesForCurrentThread();
            Assert.That(SipMessage.TryParse(bytes, out m, out e, limits), Is.False);
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.That(m, Is.Null);
        Assert.That(e.Code, Is.EqualTo(SipParseErrorCode.HeaderSectionTooLarge));
        Assert.That(e.Offset, Is.EqualTo(2048));
        Assert.That(allocated, Is.LessThan(1024), "rejecting must not allocate in proportion to the input");
    }

    [Test]
    public void Parse_DatagramLargerThanMessageLimit_IsMessageTooLarge()
    {
        var limits = new SipParserLimits { MaxMessageBytes = 1000 };
        var body = new string('x', 2000);
        var noLength = SipTestMessages.InviteWith("Content-Length:", string.Empty).Replace("hello", body, StringComparison.Ordinal);
        Assert.That(Fail(noLength, limits).Code, Is.EqualTo(SipParseErrorCode.MessageTooLarge));
        var withLength = SipTestMessages.InviteWith("Content-Length:", "Content-Length: 2000").Replace("hello", body, StringComparison.Ordinal);
        Assert.That(Fail(withLength, limits).Code, Is.EqualTo(SipParseErrorCode.MessageTooLarge));
    }

    [Test]
    public void Parse_DefaultLimits_AcceptLongreq()
    {
        var bytes = Conformance.FixtureFiles.Read("rfc4475", "longreq.dat");
        Assert.That(SipMessage.TryParse(bytes, out var m, out var e, SipParserLimits.Default), Is.True, e.ToString());
        m!.Dispose();
    }
}
