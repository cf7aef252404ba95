using System.Text;

namespace UcStack.Sip.Tests.Auth;

[TestFixture]
public sealed class DigestClientTests
{
    private static AuthenticationHeader H(string value) => AuthenticationHeader.Parse(Encoding.UTF8.GetBytes(value));

    private static DigestCredentials Single(IReadOnlyList<AuthenticationHeader>? answers)
    {
        Assert.That(answers, Has.Count.EqualTo(1));
        Assert.That(DigestCredentials.TryFrom(answers![0], out var c, out var error), Is.True, error.ToString());
        return c!;
    }

    [Test]
    public void TryAnswer_Sha256AndMd5Offered_PicksSha256()
    {
        var client = new DigestClient("bob", "zanzibar");
        var challenges = new[]
        {
            H("Digest realm=\"biloxi.com\", nonce=\"n1\", algorithm=MD5, qop=\"auth\""),
            H("Digest realm=\"biloxi.com\", nonce=\"n1\", algorithm=SHA-256, qop=\"auth\""),
        };

        Assert.That(client.TryAnswer(challenges, "REGISTER", "sip:biloxi.com", out var answers), Is.True);
        var c = Single(answers);
        Assert.That(c.Algorithm, Is.EqualTo(DigestAlgorithm.Sha256));
        var expected = DigestHash.Response(DigestAlgorithm.Sha256, "bob", "biloxi.com", "zanzibar", "REGISTER", "sip:biloxi.com", "n1",
            c.NonceCountText, c.Cnonce, "auth");
        Assert.That(c.Response, Is.EqualTo(expected));
        Assert.That(c.NonceCount, Is.EqualTo(1u));
        Assert.That(c.Cnonce, Has.Length.EqualTo(32));
    }

    [Test]
    public void TryAnswer_TwoRealms_OneAnswerEach()
    {
        var client = new DigestClient("bob", "pw");
        var challenges = new[]
        {
            H("Digest realm=\"a.com\", nonce=\"n1\", qop=\"auth\""),
            H("Digest realm=\"b.com\", nonce=\"n2\", qop=\"auth\""),
        };
        Assert.That(client.TryAnswer(challenges, "INVITE", "sip:x@b.com", out var answers), Is.True);
        Assert.That(answers!.Select(a => a.Realm), Is.EqualTo(new[] { "a.com", "b.com" }));
    }

    [Test]
    public void TryAnswer_UnsupportedOnly_False()
    {
        var client = new DigestClient("bob", "pw");
        var challenges = new[]
        {
            H("Basic realm=\"a\""),
            H("Digest realm=\"a\", nonce=\"n\", algorithm=SHA-512-256, qop=\"auth\""),
            H("Digest realm=\"a\", nonce=\"n\", qop=\"auth-int\""),
            H("Digest realm=\"a\", nonce=\"n\", algorithm=MD5-sess"),
        };
        Assert.That(client.TryAnswer(challenges, "INVITE", "sip:x@a", out var answers), Is.False);
        Assert.That(answers, Is.Null);
    }

    [Test]
    public void TryAnswer_NoQop_Rfc2069ResponseWithoutCnonce()
    {
        var client = new DigestClient("bob", "pw");
        Assert.That(client.TryAnswer([H("Digest realm=\"r\", nonce=\"n\", opaque=\"o\"")], "INVITE", "sip:x@r", out var answers), Is.True);
        var c = Single(answers);
        Assert.That(c.Qop, Is.Null);
        Assert.That(c.Cnonce, Is.Null);
        Assert.That(c.Opaque, Is.EqualTo("o"));
        Assert.That(c.Response, Is.EqualTo(DigestHash.Response(DigestAlgorithm.Md5, "bob", "r", "pw", "INVITE", "sip:x@r", "n", null, null, null)));
    }

    [Test]
    public void TryAnswerAgain_SameNonce_IncrementsNcAndFreshCnonce()
    {
        var client = new DigestClient("bob", "pw");
        client.TryAnswer([H("Digest realm=\"r\", nonce=\"n\", qop=\"auth\"")], "REGISTER", "sip:r", out var first);
        Assert.That(client.TryAnswerAgain("r", "REGISTER", "sip:r", out var second), Is.True);
        Assert.That(client.TryAnswerAgain("r", "REGISTER", "sip:r", out var third), Is.True);
        var c1 = Single(first);
        DigestCredentials.TryFrom(second!, out var c2, out _);
        DigestCredentials.TryFrom(third!, out var c3, out _);
        Assert.That(new[] { c1.NonceCount, c2!.NonceCount, c3!.NonceCount }, Is.EqualTo(new uint?[] { 1, 2, 3 }));
        Assert.That(c2.Cnonce, Is.Not.EqualTo(c1.Cnonce));
    }

    [Test]
    public void TryAnswerAgain_UnknownRealm_False() =>
        Assert.That(new DigestClient("a", "b").TryAnswerAgain("nowhere", "INVITE", "sip:x", out _), Is.False);

    [Test]
    public void TryAnswer_StaleChallengeWithNewNonce_RestartsNcAtOne()
    {
        var client = new DigestClient("bob", "pw");
        client.TryAnswer([H("Digest realm=\"r\", nonce=\"old\", qop=\"auth\"")], "REGISTER", "sip:r", out _);
        client.TryAnswerAgain("r", "REGISTER", "sip:r", out _);

        Assert.That(client.TryAnswer([H("Digest realm=\"r\", nonce=\"new\", qop=\"auth\", stale=true")], "REGISTER", "sip:r", out var answers), Is.True);
        var c = Single(answers);
        Assert.That(c.Nonce, Is.EqualTo("new"));
        Assert.That(c.NonceCount, Is.EqualTo(1u));
    }

    [Test]
    public void TryAnswer_Response407_ReadsProxyAuthenticate()
    {
        var text = "SIP/2.0 407 Proxy Authentication Required\r\nVia: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\n"
            + "From: <sip:bob@biloxi.com>;tag=1\r\nTo: <sip:bob@biloxi.com>;tag=2\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\n"
            + "Proxy-Authenticate: Digest realm=\"atlanta.com\", nonce=\"xyz\", qop=\"auth\", algorithm=SHA-256\r\nContent-Length: 0\r\n\r\n";
        var response = SipResponse.Parse(Encoding.ASCII.GetBytes(text));
        var client = new DigestClient("bob", "pw");
        Assert.That(client.TryAnswer(response, "INVITE", "sip:alice@atlanta.com", out var answers), Is.True);
        Assert.That(Single(answers).Realm, Is.EqualTo("atlanta.com"));
        Assert.That(DigestClient.CredentialsHeaderName(response.StatusCode), Is.EqualTo("Proxy-Authorization"));
        Assert.That(DigestClient.CredentialsHeaderName(401), Is.EqualTo("Authorization"));
    }

    [Test]
    public void Answer_AuthIntOnly_NotSupported() =>
        Assert.That(() => new DigestClient("a", "b").Answer(new DigestChallenge("r", "n", qopOptions: ["auth-int"]), "INVITE", "sip:x"),
            Throws.TypeOf<NotSupportedException>());
}
