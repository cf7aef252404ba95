using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace UcStack.Sip.Tests.Auth;

[TestFixture]
public sealed class DigestCredentialsTests
{
    private const string Rfc7616Authorization =
        "Digest username=\"Mufasa\", realm=\"http-auth@example.org\", uri=\"/dir/index.html\", algorithm=SHA-256, "
        + "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", nc=00000001, cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", "
        + "qop=auth, response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";

    [Test]
    public void TryParse_Rfc7616Authorization_ReadsEveryField()
    {
        Assert.That(DigestCredentials.TryParse(Encoding.ASCII.GetBytes(Rfc7616Authorization), out var c, out var error), Is.True, error.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(c!.Username, Is.EqualTo("Mufasa"));
            Assert.That(c.Realm, Is.EqualTo("http-auth@example.org"));
            Assert.That(c.Uri, Is.EqualTo("/dir/index.html"));
            Assert.That(c.Algorithm, Is.EqualTo(DigestAlgorithm.Sha256));
            Assert.That(c.NonceCount, Is.EqualTo(1u));
            Assert.That(c.NonceCountText, Is.EqualTo("00000001"));
            Assert.That(c.Cnonce, Is.EqualTo("f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"));
            Assert.That(c.Qop, Is.EqualTo("auth"));
            Assert.That(c.Response, Is.EqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"));
            Assert.That(c.Opaque, Is.EqualTo("FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"));
        });
    }

    [TestCase("Digest realm=\"r\", nonce=\"n\", uri=\"u\", response=\"x\"", DigestFormatError.MissingParameter)]
    [TestCase("Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"x\", qop=auth, nc=00000001", DigestFormatError.MissingParameter)]
    [TestCase("Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"x\", qop=auth, nc=1, cnonce=\"c\"", DigestFormatError.InvalidParameter)]
    [TestCase("Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"x\", qop=auth, nc=0000000g, cnonce=\"c\"", DigestFormatError.InvalidParameter)]
    [TestCase("Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"x\", cnonce=\"c\"", DigestFormatError.InvalidParameter)]
    [TestCase("Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"x\", algorithm=MD5-sess", DigestFormatError.MissingParameter)]
    [TestCase("Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"u\", response=\"x\", algorithm=foo", DigestFormatError.UnsupportedAlgorithm)]
    [TestCase("NTLM username=\"a\"", DigestFormatError.NotDigest)]
    [TestCase("Digest", DigestFormatError.MissingParameter)]
    [TestCase("Digest username=", DigestFormatError.Syntax)]
    public void TryParse_Incomplete_TypedError(string value, DigestFormatError expected)
    {
        Assert.That(DigestCredentials.TryParse(Encoding.ASCII.GetBytes(value), out var c, out var error), Is.False);
        Assert.That(c, Is.Null);
        Assert.That(error, Is.EqualTo(expected));
    }

    [Test]
    public void TryParse_LegacyWithoutQop_Accepted()
    {
        Assert.That(DigestCredentials.TryParse("Digest username=\"a\", realm=\"r\", nonce=\"n\", uri=\"sip:b\", response=\"x\""u8, out var c, out _), Is.True);
        Assert.That(c!.Qop, Is.Null);
        Assert.That(c.NonceCount, Is.Null);
    }

    [Test]
    public void Constructor_QopWithoutCnonce_Throws() =>
        Assert.That(() => new DigestCredentials("u", "r", "n", "sip:a", "x", qop: "auth"), Throws.ArgumentException);

    [Test]
    public void Serialize_ThenParse_GivesSameCredentials()
    {
        var text = Gen.Elements("a", "b c", "sip:x@y.z;transport=tcp", "\"q\"", "\\", "ü", "=,;").ListOf().Select(l => string.Concat(l));
        var creds =
            from user in text
            from realm in text
            from nonce in text
            from uri in text
            from response in Gen.Elements("0123abcd", "")
            from algorithm in Gen.Elements(DigestAlgorithm.Md5, DigestAlgorithm.Sha256)
            from withQop in Gen.Elements(true, false)
            from cnonce in text
            from nc in Gen.Choose(1, int.MaxValue)
            from opaque in Gen.OneOf(Gen.Constant<string?>(null), text.Select(s => (string?)s))
            select withQop
                ? new DigestCredentials(user, realm, nonce, uri, response, algorithm, "auth", cnonce, (uint)nc, opaque)
                : new DigestCredentials(user, realm, nonce, uri, response, algorithm, opaque: opaque);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(creds.ToArbitrary(), c =>
        {
            var ok = DigestCredentials.TryParse(Encoding.UTF8.GetBytes(c.ToString()), out var back, out var error);
            return ok && back!.Username == c.Username && back.Realm == c.Realm && back.Nonce == c.Nonce && back.Uri == c.Uri
                && back.Response == c.Response && back.Algorithm == c.Algorithm && back.Qop == c.Qop && back.Cnonce == c.Cnonce
                && back.NonceCount == c.NonceCount && back.Opaque == c.Opaque && back.ToString() == c.ToString()
                ? true
                : throw new AssertionException($"{c}: {error}");
        }));
    }

    [Test]
    public void TryParse_MutatedRfcValue_NeverThrows()
    {
        var original = Encoding.ASCII.GetBytes(Rfc7616Authorization);
        var mutations = Gen.Choose(0, original.Length - 1).Zip(Gen.Choose(0, 255)).ListOf();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), Prop.ForAll(mutations.ToArbitrary(), edits =>
        {
            var b = (byte[])original.Clone();
            foreach (var (at, value) in edits) b[at] = (byte)value;
            var ok = DigestCredentials.TryParse(b, out var c, out var error);
            return ok == (c is not null) && ok == (error == DigestFormatError.None);
        }));
    }
}
