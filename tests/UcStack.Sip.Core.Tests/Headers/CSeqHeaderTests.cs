using System.Text;

namespace UcStack.Sip.Tests.Headers;

[TestFixture]
public sealed class CSeqHeaderTests
{
    [TestCase("4711 INVITE", 4711u, "INVITE")]
    [TestCase("0009\r\n  INVITE", 9u, "INVITE", TestName = "RFC 4475 wsinv leading zeros and fold")]
    [TestCase("139122385 !interesting-Method0123456789_*+`.%indeed'~", 139122385u, "!interesting-Method0123456789_*+`.%indeed'~", TestName = "RFC 4475 intmeth")]
    [TestCase("29344 RE%47IST%45R", 29344u, "RE%47IST%45R", TestName = "RFC 4475 esc02")]
    [TestCase("4294967295 ACK", uint.MaxValue, "ACK")]
    [TestCase("0 INVITE", 0u, "INVITE")]
    [TestCase("1 invite ", 1u, "invite")]
    public void TryParse_Valid(string value, uint number, string method)
    {
        Assert.That(CSeqHeader.TryParse(Encoding.UTF8.GetBytes(value), out var cseq, out var error), Is.True, error.ToString());
        Assert.That(cseq, Is.EqualTo(new CSeqHeader(number, method)));
    }

    [TestCase("36893488147419103232 REGISTER", SipParseErrorCode.ValueOutOfRange, 0, TestName = "RFC 4475 scalar02")]
    [TestCase("9292394834772304023312 OPTIONS", SipParseErrorCode.ValueOutOfRange, 0, TestName = "RFC 4475 scalarlg")]
    [TestCase("4294967296 INVITE", SipParseErrorCode.ValueOutOfRange, 0)]
    [TestCase("INVITE", SipParseErrorCode.InvalidHeaderValue, 0)]
    [TestCase("1INVITE", SipParseErrorCode.InvalidHeaderValue, 1)]
    [TestCase("1 ", SipParseErrorCode.InvalidMethod, 2)]
    [TestCase("1 INV ITE", SipParseErrorCode.InvalidHeaderValue, 6)]
    [TestCase("-1 INVITE", SipParseErrorCode.InvalidHeaderValue, 0)]
    [TestCase("", SipParseErrorCode.InvalidHeaderValue, 0)]
    public void TryParse_Invalid_ReportsCodeAndOffset(string value, SipParseErrorCode code, int offset)
    {
        Assert.That(CSeqHeader.TryParse(Encoding.UTF8.GetBytes(value), out _, out var error), Is.False);
        Assert.That((error.Code, error.Offset), Is.EqualTo((code, offset)), error.ToString());
    }

    [Test]
    public void ToString_RoundTrips()
    {
        var cseq = new CSeqHeader(314159, "INVITE");
        Assert.That(cseq.ToString(), Is.EqualTo("314159 INVITE"));
        Assert.That(CSeqHeader.Parse(Encoding.ASCII.GetBytes(cseq.ToString())), Is.EqualTo(cseq));
        Assert.That(() => CSeqHeader.Parse("x"u8.ToArray()), Throws.TypeOf<SipParseException>());
    }
}
