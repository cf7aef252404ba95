using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace UcStack.Sip.Tests.Auth;

[TestFixture]
public sealed class DigestChallengeTests
{
    [Test]
    public void TryParse_Rfc7616Challenge_ReadsEveryField()
    {
        var value = "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256, "
            + "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
        Assert.That(DigestChallenge.TryParse(Encoding.ASCII.GetBytes(value), out var c, out var error), Is.True, error.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(c!.Realm, Is.EqualTo("http-auth@example.org"));
            Assert.That(c.Nonce, Is.EqualTo("7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v"));
            Assert.That(c.Opaque, Is.EqualTo("FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"));
            Assert.That(c.Algorithm, Is.EqualTo(DigestAlgorithm.Sha256));
            Assert.That(c.QopOptions, Is.EqualTo(new[] { "auth", "auth-int" }));
            Assert.That(c.OffersAuth, Is.True);
            Assert.That(c.Stale, Is.False);
        });
    }

    [Test]
    public void TryParse_NoAlgorithm_DefaultsToMd5AndStaleRead()
    {
        Assert.That(DigestChallenge.TryParse("Digest realm=\"r\", nonce=\"n\", stale=TRUE"u8, out var c, out _), Is.True);
        Assert.That(c!.Algorithm, Is.EqualTo(DigestAlgorithm.Md5));
        Assert.That(c.Stale, Is.True);
        Assert.That(c.QopOptions, Is.Empty);
    }

    [TestCase("Basic realm=\"r\"", DigestFormatError.NotDigest)]
    [TestCase("Digest realm=\"r\"", DigestFormatError.MissingParameter)]
    [TestCase("Digest nonce=\"n\"", DigestFormatError.MissingParameter)]
    [TestCase("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-512-256", DigestFormatError.UnsupportedAlgorithm)]
    [TestCase("Digest realm=\"r\" nonce=\"n\"", DigestFormatError.Syntax)]
    public void TryParse_Unusable_TypedError(string value, DigestFormatError expected)
    {
        Assert.That(DigestChallenge.TryParse(Encoding.ASCII.GetBytes(value), out var c, out var error), Is.False);
        Assert.That(c, Is.Null);
        Assert.That(error, Is.EqualTo(expected));
    }

    [Test]
    public void TryParse_OverlongNonce_TooLong()
    {
        var value = $"Digest realm=\"r\", nonce=\"{new string('a', DigestCredentials.MaxParameterLength + 1)}\"";
        Assert.That(DigestChallenge.TryParse(Encoding.ASCII.GetBytes(value), out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(DigestFormatError.TooLong));
    }

    [Test]
    public void ToHeader_WritesQuotedQopAndStale()
    {
        var text = new DigestChallenge("atlanta.com", "abc", DigestAlgorithm.Sha256, ["auth"], "op", stale: true).ToString();
        Assert.That(text, Is.EqualTo("Digest realm=\"atlanta.com\", nonce=\"abc\", opaque=\"op\", algorithm=SHA-256, qop=\"auth\", stale=TRUE"));
    }

    [Test]
    public void ToHeader_QuoteAndBackslashInRealm_Escaped()
    {
        var c = new DigestChallenge("a\"b\\c", "n");
        Assert.That(DigestChallenge.TryParse(Encoding.UTF8.GetBytes(c.ToString()), out var back, out _), Is.True);
        Assert.That(back!.Realm, Is.EqualTo("a\"b\\c"));
    }

    [Test]
    public void Serialize_ThenParse_GivesSameChallenge()
    {
        var text = Gen.Elements("a", "b c", "x@y.z", "\"q\"", "\\", "ü", "=,;").ListOf().Select(l => string.Concat(l));
        var challenges =
            from realm in text
            from nonce in text
            from opaque in Gen.OneOf(Gen.Constant<string?>(null), text.Select(s => (string?)s))
            from algorithm in Gen.Elements(DigestAlgorithms.All.ToArray())
            from qop in Gen.Elements<string[]>([], ["auth"], ["auth", "auth-int"])
            from stale in Gen.Elements(true, false)
            select new DigestChallenge(realm, nonce, algorithm, qop, opaque, stale);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(challenges.ToArbitrary(), c =>
        {
            var ok = DigestChallenge.TryParse(Encoding.UTF8.GetBytes(c.ToString()), out var back, out var error);
            return ok && back!.Realm == c.Realm && back.Nonce == c.Nonce && back.Opaque == c.Opaque && back.Algorithm == c.Algorithm
                && back.QopOptions.SequenceEqual(c.QopOptions) && back.Stale == c.Stale && back.ToString() == c.ToString()
                ? true
                : throw new AssertionException($"{c}: {error}");
        }));
    }

    [Test]
    public void TryParse_RandomBytes_NeverThrows()
    {
        var alphabet = Encoding.ASCII.GetBytes("Digest realm=nonce\"qop,auth-int stale=true algorithm=SHA-256-sess\\ \t").Concat(new byte[] { 0, 0xC3, 0xFF }).ToArray();
        var bytes = Gen.Elements(alphabet).ArrayOf();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), Prop.ForAll(bytes.ToArbitrary(), b =>
        {
            var ok = DigestChallenge.TryParse(b, out var c, out var error);
            return ok == (c is not null) && ok == (error == DigestFormatError.None);
        }));
    }
}
