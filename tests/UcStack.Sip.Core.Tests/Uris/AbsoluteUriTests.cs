namespace UcStack.Sip.Tests.Uris;

[TestFixture]
public sealed class AbsoluteUriTests
{
    // RFC 4475 §3.3.2 unkscm, §3.3.3 novelsc, §3.3.4 unksm2 (literals from those .dat files).
    [TestCase("nobodyKnowsThisScheme:totallyopaquecontent", "nobodyknowsthisscheme")]
    [TestCase("soap.beep://192.0.2.103:3002", "soap.beep")]
    [TestCase("isbn:2983792873", "isbn")]
    [TestCase("http://www.example.com", "http")]
    [TestCase("name:John_Smith", "name")]
    [TestCase("mailto:user@example.com?subject=a%20b", "mailto")]
    public void Parse_OtherScheme_IsAbsoluteUriKeptAsSent(string text, string scheme)
    {
        var uri = AddressUri.Parse(text);
        Assert.That(uri, Is.TypeOf<AbsoluteUri>());
        Assert.That(uri.Scheme, Is.EqualTo(scheme));
        Assert.That(uri.ToString(), Is.EqualTo(text));
        Assert.That(AddressUri.Parse(uri.ToString()), Is.EqualTo(uri));
    }

    [TestCase("http:", SipParseErrorCode.InvalidUri, 5)]
    [TestCase("http://a b", SipParseErrorCode.InvalidUri, 8)]
    [TestCase("http://a<b>", SipParseErrorCode.InvalidUri, 8)]
    [TestCase("http://a%2", SipParseErrorCode.InvalidEscape, 8)]
    [TestCase("1http://a", SipParseErrorCode.InvalidUri, 0)]
    [TestCase(":foo", SipParseErrorCode.InvalidUri, 0)]
    [TestCase("ht tp://a", SipParseErrorCode.InvalidUri, 0)]
    public void TryParse_Invalid_ReportsCodeAndOffset(string text, SipParseErrorCode code, int offset)
    {
        Assert.That(AddressUri.TryParse(System.Text.Encoding.UTF8.GetBytes(text), out _, out var error), Is.False);
        Assert.That((error.Code, error.Offset), Is.EqualTo((code, offset)), error.ToString());
    }

    [Test]
    public void Equals_SchemeCaseAndUnreservedEscapes_Equal()
    {
        Assert.That(AddressUri.Parse("HTTP://example.com/%7Euser"), Is.EqualTo(AddressUri.Parse("http://example.com/~user")));
        Assert.That(AddressUri.Parse("http://example.com/A"), Is.Not.EqualTo(AddressUri.Parse("http://example.com/a")));
    }

    [Test]
    public void Constructor_ValidatesSchemeAndValue()
    {
        Assert.That(new AbsoluteUri("urn", "service:sos").ToString(), Is.EqualTo("urn:service:sos"));
        Assert.That(() => new AbsoluteUri("u rn", "x"), Throws.ArgumentException);
        Assert.That(() => new AbsoluteUri("urn", "a b"), Throws.ArgumentException);
    }

    [Test]
    public void Parse_Throwing_RaisesSipParseException()
    {
        var ex = Assert.Throws<SipParseException>(() => AddressUri.Parse("no scheme"));
        Assert.That(ex!.Error.Code, Is.EqualTo(SipParseErrorCode.InvalidUri));
    }
}
