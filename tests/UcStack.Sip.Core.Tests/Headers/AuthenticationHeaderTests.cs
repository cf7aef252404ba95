using System.Text;

namespace UcStack.Sip.Tests.Headers;

[TestFixture]
public sealed class AuthenticationHeaderTests
{
    [Test]
    public void TryParse_DigestCredentials_TypedAccessors()
    {
        var value = "Digest username=\"bob\",\r\n realm=\"biloxi.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"sip:bob@biloxi.com\", qop=auth, nc=00000001, cnonce=\"0a4f113b\", response=\"6629fae49393a05397450978507c4ef1\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\", algorithm=MD5";
        Assert.That(AuthenticationHeader.TryParse(Encoding.ASCII.GetBytes(value), out var h, out var error), Is.True, error.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(h!.Scheme, Is.EqualTo("Digest"));
            Assert.That(h.IsDigest, Is.True);
            Assert.That(h.Username, Is.EqualTo("bob"));
            Assert.That(h.Realm, Is.EqualTo("biloxi.com"));
            Assert.That(h.Nonce, Is.EqualTo("dcd98b7102dd2f0e8b11d0f600bfb0c093"));
            Assert.That(h.Uri, Is.EqualTo("sip:bob@biloxi.com"));
            Assert.That(h.Qop, Is.EqualTo("auth"));
            Assert.That(h.Nc, Is.EqualTo("00000001"));
            Assert.That(h.Cnonce, Is.EqualTo("0a4f113b"));
            Assert.That(h.Response, Is.EqualTo("6629fae49393a05397450978507c4ef1"));
            Assert.That(h.Opaque, Is.EqualTo("5ccc069c403ebaf9f0171e9517f40e41"));
            Assert.That(h.Algorithm, Is.EqualTo("MD5"));
            Assert.That(h.Stale, Is.Null);
        });
        Assert.That(AuthenticationHeader.Parse(Encoding.ASCII.GetBytes(h!.ToString())).ToString(), Is.EqualTo(h.ToString()));
    }

    [Test]
    public void TryParse_Challenge_QopListAndStale()
    {
        Assert.That(AuthenticationHeader.TryParse("Digest realm=\"atlanta.com\", domain=\"sip:ss1.carrier.com\", qop=\"auth,auth-int\", nonce=\"f84f1cec41e6cbe5aea9c8e88d359\", opaque=\"\", stale=FALSE, algorithm=MD5"u8, out var h, out var error), Is.True, error.ToString());
        Assert.That(h!.Qop, Is.EqualTo("auth,auth-int"));
        Assert.That(h.Stale, Is.False);
        Assert.That(h.Opaque, Is.EqualTo(string.Empty));
    }

    [TestCase("NoOneKnowsThisScheme opaque-data=here", "NoOneKnowsThisScheme", TestName = "RFC 4475 regaut01")]
    [TestCase("NTLM realm=\"SIP Communications Service\", targetname=\"sip/server.example.com\", version=3", "NTLM")]
    [TestCase("Kerberos", "Kerberos")]
    public void TryParse_OtherSchemes_Accepted(string value, string scheme)
    {
        Assert.That(AuthenticationHeader.TryParse(Encoding.ASCII.GetBytes(value), out var h, out var error), Is.True, error.ToString());
        Assert.That(h!.Scheme, Is.EqualTo(scheme));
        Assert.That(h.IsDigest, Is.False);
    }

    [TestCase("", SipParseErrorCode.InvalidHeaderValue, 0)]
    [TestCase("Digest realm", SipParseErrorCode.InvalidParameter, 12)]
    [TestCase("Digest realm=", SipParseErrorCode.InvalidParameter, 13)]
    [TestCase("Digest realm=\"x", SipParseErrorCode.UnterminatedQuotedString, 13)]
    [TestCase("Digest realm=a,,nonce=b", SipParseErrorCode.EmptyListElement, 15)]
    [TestCase("Digest realm=a,", SipParseErrorCode.EmptyListElement, 15)]
    [TestCase("Digest realm=a nonce=b", SipParseErrorCode.InvalidHeaderValue, 15)]
    [TestCase("Digest realm=a, REALM=b", SipParseErrorCode.DuplicateParameter, 16)]
    [TestCase("Digest,realm=a", SipParseErrorCode.InvalidHeaderValue, 6)]
    [TestCase("Negotiate YIIB==", SipParseErrorCode.InvalidParameter, 15)]
    public void TryParse_Invalid_ReportsCodeAndOffset(string value, SipParseErrorCode code, int offset)
    {
        Assert.That(AuthenticationHeader.TryParse(Encoding.ASCII.GetBytes(value), out _, out var error), Is.False);
        Assert.That((error.Code, error.Offset), Is.EqualTo((code, offset)), error.ToString());
    }
}
