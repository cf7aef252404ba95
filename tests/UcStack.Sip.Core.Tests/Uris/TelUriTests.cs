namespace UcStack.Sip.Tests.Uris;

[TestFixture]
public sealed class TelUriTests
{
    [Test]
    public void Parse_GlobalNumber_WithParameters()
    {
        var uri = (TelUri)AddressUri.Parse("tel:+1-201-555-0123;ext=1234;isub=a%20b;foo=bar");
        Assert.Multiple(() =>
        {
            Assert.That(uri.Scheme, Is.EqualTo("tel"));
            Assert.That(uri.IsGlobal, Is.True);
            Assert.That(uri.Number, Is.EqualTo("+1-201-555-0123"));
            Assert.That(uri.Extension, Is.EqualTo("1234"));
            Assert.That(uri.IsdnSubaddress, Is.EqualTo("a%20b"));
            Assert.That(uri.Parameters["foo"], Is.EqualTo("bar"));
            Assert.That(uri.ToString(), Is.EqualTo("tel:+1-201-555-0123;ext=1234;isub=a%20b;foo=bar"));
        });
    }

    [Test]
    public void Parse_LocalNumber_NeedsPhoneContext()
    {
        var uri = (TelUri)AddressUri.Parse("tel:7042;phone-context=example.com");
        Assert.That(uri.IsGlobal, Is.False);
        Assert.That(uri.PhoneContext, Is.EqualTo("example.com"));
        Assert.That(AddressUri.TryParse("tel:7042"u8, out _, out var error), Is.False);
        Assert.That((error.Code, error.Offset), Is.EqualTo((SipParseErrorCode.InvalidUri, 8)));
    }

    [TestCase("tel:+1-201-555-0123", "tel:+12015550123")]
    [TestCase("tel:+1(201)555.0123;EXT=1", "tel:+12015550123;ext=1")]
    [TestCase("tel:7042;phone-context=EXAMPLE.com", "tel:7042;phone-context=example.com")]
    [TestCase("tel:7042;phone-context=+1-201", "tel:7042;phone-context=+1201")]
    [TestCase("tel:*12AB#;phone-context=example.com", "tel:*12ab#;phone-context=example.com")]
    public void Equals_Rfc3966Rules_Equal(string a, string b)
    {
        Assert.That(AddressUri.Parse(a), Is.EqualTo(AddressUri.Parse(b)));
        Assert.That(AddressUri.Parse(a).GetHashCode(), Is.EqualTo(AddressUri.Parse(b).GetHashCode()));
    }

    [TestCase("tel:+12015550123", "tel:+12015550124")]
    [TestCase("tel:+12015550123", "tel:+12015550123;ext=1")]
    [TestCase("tel:1234;phone-context=+1", "tel:+11234")]
    public void Equals_Different_NotEqual(string a, string b) =>
        Assert.That(AddressUri.Parse(a), Is.Not.EqualTo(AddressUri.Parse(b)));

    [TestCase("tel:", SipParseErrorCode.InvalidUri, 4)]
    [TestCase("tel:+", SipParseErrorCode.InvalidUri, 4)]
    [TestCase("tel:+1 201", SipParseErrorCode.InvalidUri, 4)]
    [TestCase("tel:+1201;;a", SipParseErrorCode.InvalidParameter, 10)]
    [TestCase("tel:+1201;ext=", SipParseErrorCode.InvalidParameter, 14)]
    [TestCase("tel:+1201;ext=x", SipParseErrorCode.InvalidParameter, 10)]
    [TestCase("tel:+1201;a=1;A=2", SipParseErrorCode.DuplicateParameter, 14)]
    [TestCase("tel:+1201;phone-context=example.com", SipParseErrorCode.InvalidParameter, 10)]
    [TestCase("tel:+1201;a=%zz", SipParseErrorCode.InvalidEscape, 12)]
    public void TryParse_Invalid_ReportsCodeAndOffset(string text, SipParseErrorCode code, int offset)
    {
        Assert.That(AddressUri.TryParse(System.Text.Encoding.ASCII.GetBytes(text), out _, out var error), Is.False);
        Assert.That((error.Code, error.Offset), Is.EqualTo((code, offset)), error.ToString());
    }

    [Test]
    public void Constructor_BuildsParseableUri()
    {
        var local = new TelUri("7042", "example.com");
        Assert.That(AddressUri.Parse(local.ToString()), Is.EqualTo(local));
        Assert.That(() => new TelUri("7042"), Throws.ArgumentException);
        Assert.That(() => new TelUri("+1", "example.com"), Throws.ArgumentException);
        Assert.That(() => new TelUri("abc xyz"), Throws.ArgumentException);
    }
}
