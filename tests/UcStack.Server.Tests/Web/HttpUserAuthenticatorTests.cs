using System.Text;
using UcStack.Server.Web;
using UcStack.Sip;
using UcStack.Sip.Registrar;

namespace UcStack.Server.Tests.Web;

/// <summary>The authenticator without a network: digest answers computed by the SIP digest client, a manual clock.</summary>
[TestFixture]
public sealed class HttpUserAuthenticatorTests
{
    private const string Target = "/abs/search?q=al";
    private ManualClock _clock = null!;
    private HttpUserAuthenticator _authenticator = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new ManualClock();
        _authenticator = new HttpUserAuthenticator(SipUserDirectory.Parse(HttpsTestHost.Users), "example.org",
            [DigestAlgorithm.Sha256, DigestAlgorithm.Md5], allowBasic: true, _clock);
    }

    [TearDown]
    public void TearDown() => _authenticator.Dispose();

    private IReadOnlyList<AuthenticationHeader> Challenges(bool stale = false) =>
        [.. _authenticator.CreateChallenges(stale).Where(c => c.StartsWith("Digest", StringComparison.Ordinal)).Select(c => AuthenticationHeader.Parse(Encoding.ASCII.GetBytes(c)))];

    private string Answer(DigestClient client, string uri = Target)
    {
        Assert.That(client.TryAnswer(Challenges(), "GET", uri, out var answers), Is.True);
        return answers![0].ToString();
    }

    private Task<HttpAuthentication> Check(params string?[] authorization) => _authenticator.AuthenticateAsync("GET", Target, authorization).AsTask();

    private static string Basic(string credentials) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials));

    [Test]
    public async Task Authenticate_DigestAnswer_Authenticated()
    {
        var result = await Check(Answer(new DigestClient("alice", "alicepass")));
        Assert.That(result, Is.EqualTo(new HttpAuthentication(HttpAuthenticationOutcome.Authenticated, "alice")));
    }

    [Test]
    public async Task Authenticate_DigestSameNonceCountTwice_SecondRejected()
    {
        var answer = Answer(new DigestClient("alice", "alicepass"));
        Assert.That((await Check(answer)).Outcome, Is.EqualTo(HttpAuthenticationOutcome.Authenticated));
        Assert.That((await Check(answer)).Outcome, Is.EqualTo(HttpAuthenticationOutcome.Rejected), "a replayed nc");
    }

    [Test]
    public async Task Authenticate_DigestForAnotherUri_WrongUri()
    {
        var result = await Check(Answer(new DigestClient("alice", "alicepass"), "/dlx/sales"));
        Assert.That(result.Outcome, Is.EqualTo(HttpAuthenticationOutcome.WrongUri));
    }

    [Test]
    public async Task Authenticate_DigestAfterNonceLifetime_Stale()
    {
        var answer = Answer(new DigestClient("alice", "alicepass"));
        _clock.Advance(TimeSpan.FromMinutes(6));
        Assert.That((await Check(answer)).Outcome, Is.EqualTo(HttpAuthenticationOutcome.Stale));
        Assert.That(_authenticator.CreateChallenges(stale: true)[0], Does.Contain("stale=true").IgnoreCase);
    }

    [Test]
    public async Task Authenticate_DigestWrongPassword_Rejected()
    {
        var result = await Check(Answer(new DigestClient("alice", "bobpass")));
        Assert.That(result, Is.EqualTo(new HttpAuthentication(HttpAuthenticationOutcome.Rejected, null, "digest WrongResponse")));
    }

    [Test]
    public async Task Authenticate_DigestOtherRealm_Rejected()
    {
        var foreign = new DigestCredentials("alice", "elsewhere.example", "bm9uY2U=", Target, new string('0', 64), DigestAlgorithm.Sha256, "auth", "abc", 1);
        Assert.That((await Check(foreign.ToString())).Outcome, Is.EqualTo(HttpAuthenticationOutcome.Rejected));
    }

    [TestCase("alice:alicepass", "alice")]
    [TestCase("carol:carolpass", "carol")]
    [TestCase("bob:bobpass", "bob")]
    public async Task Authenticate_BasicRight_Authenticated(string credentials, string user) =>
        Assert.That(await Check(Basic(credentials)), Is.EqualTo(new HttpAuthentication(HttpAuthenticationOutcome.Authenticated, user)));

    [TestCase("alice:wrong")]
    [TestCase("alice:")]
    [TestCase(":alicepass")]
    [TestCase("alicepass")]
    [TestCase("nobody:alicepass")]
    [TestCase("al\"ice:alicepass")]
    [TestCase("carol:wrong")]
    public async Task Authenticate_BasicWrong_Rejected(string credentials) =>
        Assert.That((await Check(Basic(credentials))).Outcome, Is.EqualTo(HttpAuthenticationOutcome.Rejected));

    [Test]
    public async Task Authenticate_BasicNotUtf8_Rejected() =>
        Assert.That((await Check("Basic " + Convert.ToBase64String([0xff, 0x3a, 0x61]))).Outcome, Is.EqualTo(HttpAuthenticationOutcome.Rejected));

    [Test]
    public async Task Authenticate_BasicWhenOff_Missing()
    {
        using var digestOnly = new HttpUserAuthenticator(SipUserDirectory.Parse(HttpsTestHost.Users), "example.org", [DigestAlgorithm.Md5], allowBasic: false, _clock);
        var result = await digestOnly.AuthenticateAsync("GET", Target, [Basic("alice:alicepass")]);
        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(HttpAuthenticationOutcome.Missing));
            Assert.That(digestOnly.CreateChallenges(false), Has.None.StartsWith("Basic"));
        });
    }

    private static readonly object[] NothingWeOffer =
    [
        new object[] { Array.Empty<string?>() },
        new object[] { new string?[] { null, "" } },
        new object[] { new string?[] { "Bearer abc" } },
        new object[] { new string?[] { "Basicabc" } },
    ];

    [TestCaseSource(nameof(NothingWeOffer))]
    public async Task Authenticate_NothingWeOffer_Missing(string?[] values) =>
        Assert.That((await Check(values)).Outcome, Is.EqualTo(HttpAuthenticationOutcome.Missing));

    [Test]
    public async Task Authenticate_OverlongValue_Rejected() =>
        Assert.That((await Check("Basic " + new string('A', HttpUserAuthenticator.MaxAuthorizationLength))).Outcome, Is.EqualTo(HttpAuthenticationOutcome.Rejected));

    // Run once with 100_000 locally after changing the parser; CI keeps the count small.
    private const int Iterations = 10_000;

    [Test]
    public async Task Authenticate_RandomAndMutatedValues_NeverThrow()
    {
        // A fresh seed each run (as CI runs FsCheck), named in any failure so it reproduces; mutations of valid values
        // reach deeper than pure noise.
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        string[] seeds = [Answer(new DigestClient("alice", "alicepass")), Basic("alice:alicepass"), "Digest realm=\"example.org\", nonce=\"x\""];
        const string alphabet = "Digest Basic=\",:;\\\u00e9\u0000\r\n\tabcAZ09+/";
        for (var i = 0; i < Iterations; i++)
        {
            var value = seeds[random.Next(seeds.Length)].ToCharArray();
            var mutations = random.Next(1, 6);
            for (var m = 0; m < mutations && value.Length > 0; m++) value[random.Next(value.Length)] = alphabet[random.Next(alphabet.Length)];
            var text = random.Next(4) switch
            {
                0 => new string(value, 0, random.Next(value.Length + 1)),
                1 => new string([.. Enumerable.Range(0, random.Next(64)).Select(_ => alphabet[random.Next(alphabet.Length)])]),
                _ => new string(value),
            };
            HttpAuthentication result;
            try
            {
                result = await Check(text);
            }
            catch (Exception ex)
            {
                Assert.Fail($"seed {seed}: {text} threw {ex}");
                throw;
            }

            // Only the untouched valid answer (or a mutation the verifier cannot see) may authenticate, and only as alice.
            Assert.That(result.Outcome != HttpAuthenticationOutcome.Authenticated || result.User == "alice", Is.True, $"seed {seed}: {text}");
        }
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
