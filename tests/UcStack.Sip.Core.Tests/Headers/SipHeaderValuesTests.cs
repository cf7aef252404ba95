using System.Text;

namespace UcStack.Sip.Tests.Headers;

[TestFixture]
public sealed class SipHeaderValuesTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    private static void AssertError(SipParseError error, SipParseErrorCode code, int offset) =>
        Assert.That((error.Code, error.Offset), Is.EqualTo((code, offset)), error.ToString());

    [Test]
    public void TryParseOptionTags_Bext01()
    {
        // RFC 4475 §3.3.5 bext01 Require and Proxy-Require values.
        var tags = new List<string>();
        Assert.That(SipHeaderValues.TryParseOptionTags(B("nothingSupportsThis, nothingSupportsThisEither"), tags, out _), Is.True);
        Assert.That(SipHeaderValues.TryParseOptionTags(B("noProxiesSupportThis,\r\n norDoAnyProxiesSupportThis"), tags, out _), Is.True);
        Assert.That(tags, Is.EqualTo(new[] { "nothingSupportsThis", "nothingSupportsThisEither", "noProxiesSupportThis", "norDoAnyProxiesSupportThis" }));
    }

    [Test]
    public void TryParseOptionTags_EmptyValue_NoTags()
    {
        var tags = new List<string>();
        Assert.That(SipHeaderValues.TryParseOptionTags(B(""), tags, out _), Is.True);
        Assert.That(tags, Is.Empty);
    }

    [TestCase("100rel,,timer", SipParseErrorCode.EmptyListElement, 7)]
    [TestCase("100rel,", SipParseErrorCode.EmptyListElement, 7)]
    [TestCase("100rel timer", SipParseErrorCode.InvalidHeaderValue, 7)]
    [TestCase("a/b", SipParseErrorCode.InvalidHeaderValue, 1)]
    public void TryParseOptionTags_Invalid(string value, SipParseErrorCode code, int offset)
    {
        var tags = new List<string>();
        Assert.That(SipHeaderValues.TryParseOptionTags(B(value), tags, out var error), Is.False);
        AssertError(error, code, offset);
        Assert.That(tags, Is.Empty);
    }

    [TestCase("70", 70)]
    [TestCase("0068", 68)]
    [TestCase("255", 255)]
    [TestCase("0", 0)]
    [TestCase(" 5 ", 5)]
    public void TryParseMaxForwards_Valid(string value, int expected)
    {
        Assert.That(SipHeaderValues.TryParseMaxForwards(B(value), out var mf, out var error), Is.True, error.ToString());
        Assert.That(mf, Is.EqualTo(expected));
    }

    [TestCase("300", SipParseErrorCode.ValueOutOfRange, 0, TestName = "RFC 4475 scalar02 Max-Forwards")]
    [TestCase("256", SipParseErrorCode.ValueOutOfRange, 0)]
    [TestCase("99999999999999", SipParseErrorCode.ValueOutOfRange, 0)]
    [TestCase("", SipParseErrorCode.InvalidHeaderValue, 0)]
    [TestCase("7a", SipParseErrorCode.InvalidHeaderValue, 1)]
    public void TryParseMaxForwards_Invalid(string value, SipParseErrorCode code, int offset)
    {
        Assert.That(SipHeaderValues.TryParseMaxForwards(B(value), out _, out var error), Is.False);
        AssertError(error, code, offset);
    }

    [Test]
    public void TryParseDeltaSeconds_RangeEdges()
    {
        Assert.That(SipHeaderValues.TryParseDeltaSeconds(B("4294967295"), out var s, out _), Is.True);
        Assert.That(s, Is.EqualTo(uint.MaxValue));
        Assert.That(SipHeaderValues.TryParseDeltaSeconds(B("4294967296"), out _, out var error), Is.False);
        AssertError(error, SipParseErrorCode.ValueOutOfRange, 0);

        // RFC 4475 §3.1.2.4 scalar02 Expires.
        Assert.That(SipHeaderValues.TryParseDeltaSeconds(B("1" + new string('0', 100)), out _, out error), Is.False);
        AssertError(error, SipParseErrorCode.ValueOutOfRange, 0);
    }

    [Test]
    public void TryParseContentLength_Cases()
    {
        Assert.That(SipHeaderValues.TryParseContentLength(B("150"), out var n, out _), Is.True);
        Assert.That(n, Is.EqualTo(150));
        Assert.That(SipHeaderValues.TryParseContentLength(B("   20"), out n, out _), Is.True, "SIPp pads with spaces");
        Assert.That(n, Is.EqualTo(20));

        // RFC 4475 §3.1.2.3 ncl.
        Assert.That(SipHeaderValues.TryParseContentLength(B("-999"), out _, out var error), Is.False);
        AssertError(error, SipParseErrorCode.InvalidContentLength, 0);
        Assert.That(SipHeaderValues.TryParseContentLength(B("2147483648"), out _, out error), Is.False);
        AssertError(error, SipParseErrorCode.ValueOutOfRange, 0);
        Assert.That(SipHeaderValues.TryParseContentLength(B("1 2"), out _, out error), Is.False);
        AssertError(error, SipParseErrorCode.InvalidContentLength, 2);
    }

    [TestCase("wsinv.ndaksdj@192.0.2.1")]
    [TestCase("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{", TestName = "RFC 4475 intmeth Call-ID")]
    [TestCase("longreq.onereallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallyreallylongcallid")]
    [TestCase("f81d4fae-7dec-11d0-a765-00a0c91e6bf6@foo.bar.com ")]
    public void TryParseCallId_Valid(string value)
    {
        Assert.That(SipHeaderValues.TryParseCallId(B(value), out var callId, out var error), Is.True, error.ToString());
        Assert.That(callId, Is.EqualTo(value.TrimEnd()));
        Assert.That(SipHeaderValues.TryParseCallId(B(value), out _), Is.True);
    }

    [TestCase("", SipParseErrorCode.InvalidHeaderValue, 0)]
    [TestCase("a@", SipParseErrorCode.InvalidHeaderValue, 2)]
    [TestCase("a@b@c", SipParseErrorCode.InvalidHeaderValue, 3)]
    [TestCase("a b", SipParseErrorCode.InvalidHeaderValue, 2)]
    [TestCase("@b", SipParseErrorCode.InvalidHeaderValue, 0)]
    [TestCase("a;b", SipParseErrorCode.InvalidHeaderValue, 1)]
    public void TryParseCallId_Invalid(string value, SipParseErrorCode code, int offset)
    {
        Assert.That(SipHeaderValues.TryParseCallId(B(value), out var error), Is.False);
        AssertError(error, code, offset);
    }

    [TestCase("120", 120u)]
    [TestCase("18000;duration=3600", 18000u)]
    [TestCase("120 (I'm in a meeting)", 120u)]
    [TestCase("120 (nested (comment) \\) here) ;duration=60", 120u)]
    public void TryParseRetryAfter_Valid(string value, uint seconds)
    {
        Assert.That(SipHeaderValues.TryParseRetryAfter(B(value), out var s, out var error), Is.True, error.ToString());
        Assert.That(s, Is.EqualTo(seconds));
    }

    [TestCase("949302838503028349304023988", SipParseErrorCode.ValueOutOfRange, 0, TestName = "RFC 4475 scalarlg Retry-After")]
    [TestCase("120 (unterminated", SipParseErrorCode.InvalidHeaderValue, 4)]
    [TestCase("120;duration=x", SipParseErrorCode.InvalidParameter, 4)]
    [TestCase("120;duration=99999999999", SipParseErrorCode.ValueOutOfRange, 4)]
    [TestCase("((((((((((1", SipParseErrorCode.InvalidHeaderValue, 0)]
    [TestCase("1 ((((((((((", SipParseErrorCode.InvalidHeaderValue, 10)]
    public void TryParseRetryAfter_Invalid(string value, SipParseErrorCode code, int offset)
    {
        Assert.That(SipHeaderValues.TryParseRetryAfter(B(value), out _, out var error), Is.False);
        AssertError(error, code, offset);
    }

    [Test]
    public void TryParseWarning_List()
    {
        var list = new List<SipWarning>();
        Assert.That(SipHeaderValues.TryParseWarning(B("307 isi.edu \"Session parameter 'foo' not understood\", 301 [2001:db8::1]:5060 \"Incompatible \\\"x\\\"\""), list, out var error), Is.True, error.ToString());
        Assert.That(list, Is.EqualTo(new[]
        {
            new SipWarning(307, "isi.edu", "Session parameter 'foo' not understood"),
            new SipWarning(301, "[2001:db8::1]:5060", "Incompatible \"x\""),
        }));
    }

    [TestCase("1812 overture \"In Progress\"", SipParseErrorCode.ValueOutOfRange, 0, TestName = "RFC 4475 scalarlg Warning")]
    [TestCase("99 overture \"x\"", SipParseErrorCode.InvalidHeaderValue, 0)]
    [TestCase("399 overture x", SipParseErrorCode.InvalidHeaderValue, 12)]
    [TestCase("399 over/ture \"x\"", SipParseErrorCode.InvalidHeaderValue, 4)]
    [TestCase("399 host:99999 \"x\"", SipParseErrorCode.InvalidHeaderValue, 4)]
    [TestCase("399 a \"x", SipParseErrorCode.UnterminatedQuotedString, 6)]
    [TestCase("399 a \"x\" 399", SipParseErrorCode.InvalidHeaderValue, 10)]
    public void TryParseWarning_Invalid(string value, SipParseErrorCode code, int offset)
    {
        var list = new List<SipWarning>();
        Assert.That(SipHeaderValues.TryParseWarning(B(value), list, out var error), Is.False);
        AssertError(error, code, offset);
        Assert.That(list, Is.Empty);
    }

    [Test]
    public void TryParseDate_Gmt()
    {
        Assert.That(SipHeaderValues.TryParseDate(B("Sat, 13 Nov 2010 23:29:00 GMT"), out var date, out var error), Is.True, error.ToString());
        Assert.That(date, Is.EqualTo(new DateTimeOffset(2010, 11, 13, 23, 29, 0, TimeSpan.Zero)));
    }

    [TestCase("Fri, 01 Jan 2010 16:00:00 EST", 25, TestName = "RFC 4475 baddate")]
    [TestCase("Fri, 01 Jan 2010 16:00:00 gmt", 25)]
    [TestCase("Fri, 1 Jan 2010 16:00:00 GMT", 5)]
    [TestCase("Fry, 01 Jan 2010 16:00:00 GMT", 0)]
    [TestCase("Fri, 01 Jna 2010 16:00:00 GMT", 8)]
    [TestCase("Fri, 31 Feb 2010 16:00:00 GMT", 5)]
    [TestCase("Fri, 01 Jan 2010 24:00:00 GMT", 17)]
    [TestCase("Fri, 01 Jan 2010 16:00:00 GMT x", 29)]
    [TestCase("Fri 01 Jan 2010 16:00:00 GMT", 3)]
    [TestCase("Fri, 01 Jan 2010 16:00:00", 25)]
    [TestCase("", 0)]
    public void TryParseDate_Invalid(string value, int offset)
    {
        Assert.That(SipHeaderValues.TryParseDate(B(value), out _, out var error), Is.False);
        AssertError(error, SipParseErrorCode.InvalidHeaderValue, offset);
    }
}
