namespace UcStack.Sip.Tests.Uris;

/// <summary>
/// RFC 5118 IPv6 cases. The URIs and hosts are copied as literals from the Request-Lines and headers of
/// /work/shared/vectors/sip/rfc5118/*.dat (file named in each case).
/// </summary>
[TestFixture]
public sealed class Rfc5118UriTests
{
    [TestCase("sip:[2001:db8::10]", "[2001:db8::10]", null, TestName = "ipv6-good Request-URI")]
    [TestCase("sip:[2001:db8::10:5070]", "[2001:db8::10:5070]", null, TestName = "port-ambiguous: 5070 is the last group")]
    [TestCase("sip:[2001:db8::10]:5070", "[2001:db8::10]", 5070, TestName = "port-unambiguous")]
    [TestCase("sip:user@[2001:db8::10]", "[2001:db8::10]", null, TestName = "ipv6-in-sdp Request-URI")]
    [TestCase("sip:user@[2001:db8::192.0.2.1]", "[2001:db8::192.0.2.1]", null, TestName = "ipv6-correct-abnf-2-colons")]
    [TestCase("sip:user@[2001:db8:::192.0.2.1]", "[2001:db8:::192.0.2.1]", null, TestName = "ipv6-bug-abnf-3-colons tolerated")]
    [TestCase("sip:user@[::ffff:192.0.2.10]", "[::ffff:192.0.2.10]", null, TestName = "ipv4-mapped-ipv6 style host")]
    public void Parse_Rfc5118ValidHost_KeepsBracketsAndPort(string text, string host, int? port)
    {
        var uri = SipUri.Parse(text);
        Assert.Multiple(() =>
        {
            Assert.That(uri.Host, Is.EqualTo(host));
            Assert.That(uri.HostKind, Is.EqualTo(SipHostKind.IPv6));
            Assert.That(uri.Port, Is.EqualTo(port));
            Assert.That(uri.ToString(), Is.EqualTo(text));
        });
    }

    [Test]
    public void Parse_Rfc5118Bad_UnbracketedIPv6IsInvalidHost()
    {
        // ipv6-bad.dat: "REGISTER sip:2001:db8::10 SIP/2.0".
        Assert.That(SipUri.TryParse("sip:2001:db8::10"u8, out _, out var error), Is.False);
        Assert.That(error.Code, Is.EqualTo(SipParseErrorCode.InvalidHost));
    }

    [Test]
    public void Equals_ThreeColonAndTwoColonForms_AreTheSameAddress()
    {
        // RFC 5118 §4.10: the two spellings name the same address.
        Assert.That(SipUri.Parse("sip:user@[2001:db8:::192.0.2.1]"), Is.EqualTo(SipUri.Parse("sip:user@[2001:db8::192.0.2.1]")));
    }

    [Test]
    public void Equals_AmbiguousPortForm_IsNotTheExplicitPort()
    {
        Assert.That(SipUri.Parse("sip:[2001:db8::10:5070]"), Is.Not.EqualTo(SipUri.Parse("sip:[2001:db8::10]:5070")));
    }

    [TestCase("sip:[2001:db8::10::1]", TestName = "two double-colons")]
    [TestCase("sip:[2001:db8:1:2:3:4:5:6:7]", TestName = "nine groups")]
    [TestCase("sip:[2001:db8:1:2:3:4:5]", TestName = "seven groups without ::")]
    [TestCase("sip:[12345::1]", TestName = "five hex digits")]
    [TestCase("sip:[2001:db8::g]", TestName = "non-hex")]
    [TestCase("sip:[2001:db8::1:]", TestName = "trailing colon")]
    [TestCase("sip:[:2001:db8::1]", TestName = "leading single colon")]
    [TestCase("sip:[2001:db8::256.1.1.1]", TestName = "bad embedded IPv4")]
    [TestCase("sip:[]", TestName = "empty brackets")]
    [TestCase("sip:[2001:db8:::1]", TestName = "three colons without IPv4 tail")]
    public void TryParse_BadIPv6_InvalidHost(string text)
    {
        Assert.That(SipUri.TryParse(System.Text.Encoding.ASCII.GetBytes(text), out _, out var error), Is.False);
        Assert.That(error.Code, Is.EqualTo(SipParseErrorCode.InvalidHost), error.ToString());
    }
}
