using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Time.Testing;

namespace UcStack.Sip.Tests.Auth;

[TestFixture]
public sealed class DigestAuthenticatorTests
{
    private const string Realm = "biloxi.com";
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    private FakeTimeProvider _time = null!;

    [SetUp]
    public void SetUp() => _time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));

    private static ValueTask<DigestSecret?> Users(string user, string realm, CancellationToken ct) =>
        ValueTask.FromResult(user == "bob" && realm == Realm ? DigestSecret.FromPassword("zanzibar") : null);

    private DigestAuthenticator Create(IReadOnlyList<DigestAlgorithm>? algorithms = null, int maxTracked = 100, DigestSecretLookup? lookup = null) =>
        new(new DigestAuthenticatorOptions
        {
            Realm = Realm,
            NonceLifetime = TimeSpan.FromMinutes(5),
            MaxTrackedNonces = maxTracked,
            Algorithms = algorithms ?? [DigestAlgorithm.Md5, DigestAlgorithm.Sha256],
        }, lookup ?? Users, Key, _time);

    private static AuthenticationHeader Login(IReadOnlyList<AuthenticationHeader> challenges, string password = "zanzibar", string user = "bob")
    {
        Assert.That(new DigestClient(user, password).TryAnswer(challenges, "REGISTER", "sip:biloxi.com", out var answers), Is.True);
        return answers![0];
    }

    private static AuthenticationHeader Edit(AuthenticationHeader header, string name, string wireValue)
    {
        var copy = AuthenticationHeader.Parse(Encoding.UTF8.GetBytes(header.ToString()));
        copy.Parameters.Set(name, wireValue);
        return copy;
    }

    [Test]
    public void CreateChallenges_Sha256FirstSharedNonceQopAuth()
    {
        using var auth = Create();
        var challenges = auth.CreateChallenges();
        Assert.That(challenges.Select(c => c.Algorithm), Is.EqualTo(new[] { "SHA-256", "MD5" }));
        Assert.That(challenges.Select(c => c.Nonce).Distinct().Count(), Is.EqualTo(1));
        Assert.That(challenges.All(c => c.Qop == "auth" && c.Realm == Realm && c.Stale is null), Is.True);
        Assert.That(auth.CreateChallenges(stale: true)[0].Stale, Is.True);
        var a = auth.CreateNonce();
        var b = auth.CreateNonce();
        Assert.That(a, Is.Not.EqualTo(b));
    }

    [TestCase(DigestAlgorithm.Md5)]
    [TestCase(DigestAlgorithm.Md5Sess)]
    [TestCase(DigestAlgorithm.Sha256)]
    [TestCase(DigestAlgorithm.Sha256Sess)]
    public async Task VerifyAsync_ClientAnswer_Ok(DigestAlgorithm algorithm)
    {
        using var auth = Create([algorithm]);
        var credentials = Login(auth.CreateChallenges());
        Assert.That(credentials.Algorithm, Is.EqualTo(DigestAlgorithms.GetName(algorithm)));

        var result = await auth.VerifyAsync([credentials], "REGISTER");

        Assert.That(result, Is.EqualTo(new DigestVerification(DigestVerificationStatus.Ok, "bob")));
        Assert.That(result.IsAuthenticated, Is.True);
    }

    [Test]
    public async Task VerifyAsync_PrecomputedHa1_Ok()
    {
        var md5 = DigestHash.Ha1(DigestAlgorithm.Md5, "bob", Realm, "zanzibar");
        using var auth = Create([DigestAlgorithm.Md5], lookup: (u, r, ct) => ValueTask.FromResult<DigestSecret?>(DigestSecret.FromHa1(md5.ToUpperInvariant(), null)));
        Assert.That((await auth.VerifyAsync([Login(auth.CreateChallenges())], "REGISTER")).Status, Is.EqualTo(DigestVerificationStatus.Ok));
    }

    [Test]
    public async Task VerifyAsync_Ha1ForOtherHashOnly_UnknownUser()
    {
        var md5 = DigestHash.Ha1(DigestAlgorithm.Md5, "bob", Realm, "zanzibar");
        using var auth = Create([DigestAlgorithm.Sha256], lookup: (u, r, ct) => ValueTask.FromResult<DigestSecret?>(DigestSecret.FromHa1(md5, null)));
        Assert.That((await auth.VerifyAsync([Login(auth.CreateChallenges())], "REGISTER")).Status, Is.EqualTo(DigestVerificationStatus.UnknownUser));
    }

    [Test]
    public async Task VerifyAsync_WrongPassword_WrongResponse()
    {
        using var auth = Create();
        var result = await auth.VerifyAsync([Login(auth.CreateChallenges(), password: "guess")], "REGISTER");
        Assert.That(result.Status, Is.EqualTo(DigestVerificationStatus.WrongResponse));
    }

    [Test]
    public async Task VerifyAsync_OtherMethod_WrongResponse()
    {
        using var auth = Create();
        Assert.That((await auth.VerifyAsync([Login(auth.CreateChallenges())], "INVITE")).Status, Is.EqualTo(DigestVerificationStatus.WrongResponse));
    }

    [Test]
    public async Task VerifyAsync_UnknownUser_UnknownUser()
    {
        using var auth = Create();
        Assert.That((await auth.VerifyAsync([Login(auth.CreateChallenges(), user: "mallory")], "REGISTER")).Status,
            Is.EqualTo(DigestVerificationStatus.UnknownUser));
    }

    [Test]
    public async Task VerifyAsync_ExpiredNonce_StaleThenClientRetriesOk()
    {
        using var auth = Create();
        var credentials = Login(auth.CreateChallenges());
        _time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromMilliseconds(1));

        var result = await auth.VerifyAsync([credentials], "REGISTER");
        Assert.That(result.Status, Is.EqualTo(DigestVerificationStatus.StaleNonce));
        Assert.That(result.IsStale, Is.True);

        // The client keeps the password: the stale challenge is answered without asking for it.
        var client = new DigestClient("bob", "zanzibar");
        var stale = auth.CreateChallenges(stale: result.IsStale);
        Assert.That(DigestChallenge.TryFrom(stale[0], out var parsed, out _) && parsed.Stale, Is.True);
        Assert.That(client.TryAnswer(stale, "REGISTER", "sip:biloxi.com", out var retry), Is.True);
        Assert.That((await auth.VerifyAsync(retry!, "REGISTER")).Status, Is.EqualTo(DigestVerificationStatus.Ok));
    }

    [Test]
    public async Task VerifyAsync_NonceJustWithinLifetime_Ok()
    {
        using var auth = Create();
        var credentials = Login(auth.CreateChallenges());
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.That((await auth.VerifyAsync([credentials], "REGISTER")).Status, Is.EqualTo(DigestVerificationStatus.Ok));
    }

    [Test]
    public async Task VerifyAsync_TamperedNonce_BadNonce()
    {
        using var auth = Create([DigestAlgorithm.Md5]);
        var challenge = auth.CreateChallenges()[0];
        var nonce = Convert.FromBase64String(challenge.Nonce!);
        nonce[3] ^= 1; // move the timestamp: the HMAC no longer matches
        var forged = Edit(challenge, "nonce", $"\"{Convert.ToBase64String(nonce)}\"");

        Assert.That((await auth.VerifyAsync([Login([forged])], "REGISTER")).Status, Is.EqualTo(DigestVerificationStatus.BadNonce));
    }

    [TestCase("\"abc\"")]
    [TestCase("\"!!!!\"")]
    [TestCase("\"\"")]
    public async Task VerifyAsync_ForeignNonce_BadNonce(string nonce)
    {
        using var auth = Create([DigestAlgorithm.Md5]);
        var forged = Edit(auth.CreateChallenges()[0], "nonce", nonce);
        Assert.That((await auth.VerifyAsync([Login([forged])], "REGISTER")).Status, Is.EqualTo(DigestVerificationStatus.BadNonce));
    }

    [Test]
    public async Task VerifyAsync_NonceFromOtherKey_BadNonce()
    {
        using var other = new DigestAuthenticator(new DigestAuthenticatorOptions { Realm = Realm }, Users, timeProvider: _time);
        using var auth = Create();
        Assert.That((await auth.VerifyAsync([Login(other.CreateChallenges())], "REGISTER")).Status, Is.EqualTo(DigestVerificationStatus.BadNonce));
    }

    [Test]
    public async Task VerifyAsync_NonceIssuedForOtherRealmWithSameKey_BadNonce()
    {
        // The HMAC covers the realm, so a nonce minted for one realm is refused by another that shares the key.
        using var other = new DigestAuthenticator(new DigestAuthenticatorOptions { Realm = "atlanta.com" }, Users, Key, _time);
        using var auth = Create([DigestAlgorithm.Md5]);
        var foreign = other.CreateChallenges()[1];
        var ours = Edit(auth.CreateChallenges()[0], "nonce", $"\"{foreign.Nonce}\"");
        Assert.That((await auth.VerifyAsync([Login([ours])], "REGISTER")).Status, Is.EqualTo(DigestVerificationStatus.BadNonce));
    }

    [Test]
    public async Task VerifyAsync_OverlongUsername_Malformed()
    {
        using var auth = Create();
        var edited = Edit(Login(auth.CreateChallenges()), "username", $"\"{new string('u', DigestCredentials.MaxParameterLength + 1)}\"");
        Assert.That((await auth.VerifyAsync([edited], "REGISTER")).Status, Is.EqualTo(DigestVerificationStatus.Malformed));
    }

    [Test]
    public async Task VerifyAsync_SameNcTwice_Replayed()
    {
        using var auth = Create();
        var credentials = Login(auth.CreateChallenges());
        Assert.That((await auth.VerifyAsync([credentials], "REGISTER")).Status, Is.EqualTo(DigestVerificationStatus.Ok));
        Assert.That((await auth.VerifyAsync([credentials], "REGISTER")).Status, Is.EqualTo(DigestVerificationStatus.Replayed));
    }

    [Test]
    public async Task VerifyAsync_IncreasingNcOnSameNonce_OkEachTime()
    {
        using var auth = Create();
        var client = new DigestClient("bob", "zanzibar");
        client.TryAnswer(auth.CreateChallenges(), "REGISTER", "sip:biloxi.com", out var first);
        Assert.That((await auth.VerifyAsync(first!, "REGISTER")).Status, Is.EqualTo(DigestVerificationStatus.Ok));
        for (var i = 0; i < 3; i++)
        {
            Assert.That(client.TryAnswerAgain(Realm, "REGISTER", "sip:biloxi.com", out var again), Is.True);
            Assert.That((await auth.VerifyAsync([again!], "REGISTER")).Status, Is.EqualTo(DigestVerificationStatus.Ok));
        }
    }

    [Test]
    public async Task VerifyAsync_OutOfOrderNcWithinWindowOnce_ThenReplayed()
    {
        using var auth = Create();
        var client = new DigestClient("bob", "zanzibar");
        client.TryAnswer(auth.CreateChallenges(), "REGISTER", "sip:biloxi.com", out var nc1);
        client.TryAnswerAgain(Realm, "REGISTER", "sip:biloxi.com", out var nc2);
        Assert.That((await auth.VerifyAsync([nc2!], "REGISTER")).Status, Is.EqualTo(DigestVerificationStatus.Ok));
        Assert.That((await auth.VerifyAsync(nc1!, "REGISTER")).Status, Is.EqualTo(DigestVerificationStatus.Ok));
        Assert.That((await auth.VerifyAsync(nc1!, "REGISTER")).Status, Is.EqualTo(DigestVerificationStatus.Replayed));
    }

    [Test]
    public async Task VerifyAsync_WrongPassword_DoesNotBurnNc()
    {
        using var auth = Create([DigestAlgorithm.Md5]);
        var challenges = auth.CreateChallenges();
        Assert.That((await auth.VerifyAsync([Login(challenges, password: "x")], "REGISTER")).Status, Is.EqualTo(DigestVerificationStatus.WrongResponse));
        Assert.That((await auth.VerifyAsync([Login(challenges)], "REGISTER")).Status, Is.EqualTo(DigestVerificationStatus.Ok));
    }

    [Test]
    public async Task VerifyAsync_TableFull_EvictedOldNonceIsStaleNotReplayable()
    {
        using var auth = Create(maxTracked: 2);
        var oldest = Login(auth.CreateChallenges());
        Assert.That((await auth.VerifyAsync([oldest], "REGISTER")).Status, Is.EqualTo(DigestVerificationStatus.Ok));
        for (var i = 0; i < 2; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.That((await auth.VerifyAsync([Login(auth.CreateChallenges())], "REGISTER")).Status, Is.EqualTo(DigestVerificationStatus.Ok));
        }

        // The oldest nonce's window was evicted: replaying it must not be accepted as fresh.
        Assert.That((await auth.VerifyAsync([oldest], "REGISTER")).Status, Is.EqualTo(DigestVerificationStatus.StaleNonce));
    }

    [Test]
    public async Task VerifyAsync_NoCredentials_Missing()
    {
        using var auth = Create();
        Assert.That((await auth.VerifyAsync([], "REGISTER")).Status, Is.EqualTo(DigestVerificationStatus.Missing));
        Assert.That((await auth.VerifyAsync([AuthenticationHeader.Parse("NTLM a=b"u8)], "REGISTER")).Status, Is.EqualTo(DigestVerificationStatus.Missing));
    }

    [Test]
    public async Task VerifyAsync_OtherRealmOnly_WrongRealm()
    {
        using var auth = Create();
        var other = Edit(Login(auth.CreateChallenges()), "realm", "\"atlanta.com\"");
        Assert.That((await auth.VerifyAsync([other], "REGISTER")).Status, Is.EqualTo(DigestVerificationStatus.WrongRealm));
    }

    [Test]
    public async Task VerifyAsync_OtherRealmThenOurs_PicksOurs()
    {
        using var auth = Create();
        var ours = Login(auth.CreateChallenges());
        var theirs = Edit(ours, "realm", "\"atlanta.com\"");
        Assert.That((await auth.VerifyAsync([theirs, ours], "REGISTER")).Status, Is.EqualTo(DigestVerificationStatus.Ok));
    }

    [TestCase("algorithm", "SHA-256-sess")]
    [TestCase("qop", "auth-int")]
    [TestCase("nc", "00000000")]
    [TestCase("nc", "zz")]
    [TestCase("response", "\"abc\"")]
    [TestCase("algorithm", "foo")]
    public async Task VerifyAsync_OutsideWhatWasOffered_Malformed(string name, string value)
    {
        using var auth = Create();
        var edited = Edit(Login(auth.CreateChallenges()), name, value);
        Assert.That((await auth.VerifyAsync([edited], "REGISTER")).Status, Is.EqualTo(DigestVerificationStatus.Malformed));
    }

    [Test]
    public async Task VerifyAsync_LegacyWithoutQop_Malformed()
    {
        using var auth = Create([DigestAlgorithm.Md5]);
        var challenge = auth.CreateChallenges()[0];
        challenge.Parameters.Remove("qop");
        Assert.That((await auth.VerifyAsync([Login([challenge])], "REGISTER")).Status, Is.EqualTo(DigestVerificationStatus.Malformed));
    }

    [Test]
    public async Task VerifyAsync_Request_ReadsAuthorizationOrProxyAuthorization()
    {
        using var auth = Create();
        var credentials = Login(auth.CreateChallenges());
        static SipRequest Request(string header, AuthenticationHeader value) => SipRequest.Parse(Encoding.UTF8.GetBytes(
            "REGISTER sip:biloxi.com SIP/2.0\r\nVia: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\nMax-Forwards: 70\r\n"
            + "From: <sip:bob@biloxi.com>;tag=1\r\nTo: <sip:bob@biloxi.com>\r\nCall-ID: c1\r\nCSeq: 2 REGISTER\r\n"
            + $"{header}: {value}\r\nContent-Length: 0\r\n\r\n"));

        Assert.That((await auth.VerifyAsync(Request("Proxy-Authorization", credentials), proxy: false)).Status, Is.EqualTo(DigestVerificationStatus.Missing));
        Assert.That((await auth.VerifyAsync(Request("Proxy-Authorization", credentials), proxy: true)).Status, Is.EqualTo(DigestVerificationStatus.Ok));
    }

    [Test]
    public void Constructor_ShortKey_Throws() =>
        Assert.That(() => new DigestAuthenticator(new DigestAuthenticatorOptions { Realm = Realm }, Users, new byte[8]), Throws.ArgumentException);

    [Test]
    public void Constructor_NoAlgorithms_Throws() =>
        Assert.That(() => new DigestAuthenticator(new DigestAuthenticatorOptions { Realm = Realm, Algorithms = [] }, Users), Throws.ArgumentException);

    [Test]
    public void Dispose_ThenUse_ObjectDisposed()
    {
        var auth = Create();
        auth.Dispose();
        Assert.That(() => auth.CreateNonce(), Throws.TypeOf<ObjectDisposedException>());
    }

    [Test]
    public void VerifyAsync_RandomHeaderValues_NeverThrow()
    {
        using var auth = Create();
        var valid = Login(auth.CreateChallenges()).ToString();
        var alphabet = Encoding.ASCII.GetBytes("Digest username=realm\"nonce,uri response=qop=auth nc=0001 cnonce algorithm=SHA-256-sess\\ \t")
            .Concat(Encoding.ASCII.GetBytes(valid)).Concat(new byte[] { 0, 0xC3, 0xFF }).ToArray();
        var random = Gen.Elements(alphabet).ArrayOf();
        var mutated = Gen.Choose(0, valid.Length - 1).Zip(Gen.Elements(alphabet)).ListOf().Select(edits =>
        {
            var b = Encoding.ASCII.GetBytes(valid);
            foreach (var (at, value) in edits) b[at] = value;
            return b;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), Prop.ForAll(Gen.OneOf(random, mutated).ToArbitrary(), bytes =>
        {
            if (!AuthenticationHeader.TryParse(bytes, out var header, out _)) return true;
            // The lookup here completes synchronously, so the ValueTask is already done; a thrown exception resurfaces here.
            var pending = auth.VerifyAsync([header], "REGISTER");
            if (!pending.IsCompleted) throw new AssertionException("VerifyAsync did not complete synchronously");
            return Enum.IsDefined(pending.GetAwaiter().GetResult().Status);
        }));
    }
}
