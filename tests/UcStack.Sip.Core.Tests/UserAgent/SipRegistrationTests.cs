using UcStack.Sip.Stack;
using UcStack.Sip.Tests.Stack;
using UcStack.Sip.UserAgent;

namespace UcStack.Sip.Tests.UserAgent;

[TestFixture]
public sealed class SipRegistrationTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private FakeSipNetwork _net = null!;
    private SipEndpoint _client = null!;
    private SipEndpoint _registrar = null!;
    private DigestAuthenticator _authenticator = null!;
    private readonly List<(uint CSeq, string Expires, bool Authorized, long AtMs)> _registers = [];

    [SetUp]
    public void SetUp()
    {
        _net = new FakeSipNetwork();
        _registers.Clear();
        _client = _net.AddEndpoint("alice");
        _registrar = _net.AddEndpoint("registrar");
        _authenticator = new DigestAuthenticator(
            new DigestAuthenticatorOptions { Realm = "example.test" },
            (user, realm, _) => ValueTask.FromResult(user == "alice" ? DigestSecret.FromPassword("secret") : null),
            timeProvider: _net.Clock);
        _registrar.RequestReceived = async request =>
        {
            var message = request.Request;
            var authorized = message.Authorization.Count > 0;
            lock (_registers) _registers.Add((message.CSeqNumber, message.Headers.GetValues("Expires").Single(), authorized, _net.Clock.ElapsedMs));
            var verification = await request.AuthenticateAsync(_authenticator);
            if (!verification.IsAuthenticated) return;
            var contact = message.Headers.GetValues("Contact").Single();
            var expires = message.Headers.GetValues("Expires").Single() == "0" ? "0" : "600";
            await request.RespondAsync(200, headers: [new("Contact", $"{contact};expires={expires}")]);
        };
    }

    [TearDown]
    public async Task TearDown()
    {
        await _net.DisposeAsync();
        _authenticator.Dispose();
        Assert.That(_net.Clock.LiveTimers, Is.Zero);
    }

    private SipRegistrationOptions Options(string password = "secret") => new()
    {
        RegistrarUri = FakeSipNetwork.UriOf(_registrar, "registrar").Replace("registrar@", "", StringComparison.Ordinal),
        AddressOfRecord = "sip:alice@example.test",
        Username = "alice",
        Password = password,
        Target = FakeSipNetwork.TargetOf(_registrar),
    };

    [Test]
    public async Task Register_ChallengedThenAccepted_RefreshesBeforeExpiry()
    {
        await using var registration = new SipRegistration(_client, Options());
        var registering = registration.RegisterAsync();
        await _net.SettleAsync();
        var granted = await registering.WaitAsync(Bound);
        Assert.That(granted, Is.EqualTo(TimeSpan.FromSeconds(600)));
        Assert.That(registration.State, Is.EqualTo(SipRegistrationState.Registered));
        lock (_registers) Assert.That(_registers.Select(r => (r.CSeq, r.Authorized)), Is.EqualTo(new[] { (1u, false), (2u, true) }), string.Join(",", _registers));

        // 600 s granted, 30 s margin: the refresh goes at 570 s, not earlier.
        await _net.AdvanceAsync(TimeSpan.FromSeconds(569), stepMs: 1000);
        lock (_registers) Assert.That(_registers, Has.Count.EqualTo(2));
        await _net.AdvanceAsync(TimeSpan.FromSeconds(1), stepMs: 1000);
        Assert.That(registration.State, Is.EqualTo(SipRegistrationState.Registered), "settling waits for the refresh");
        lock (_registers)
        {
            Assert.That(_registers[2].AtMs - _registers[1].AtMs, Is.EqualTo(570_000));
            Assert.That(_registers.Select(r => r.CSeq), Is.EqualTo(new uint[] { 1, 2, 3, 4 }));
        }
    }

    [Test]
    public async Task Register_WrongPassword_FailsWith401()
    {
        await using var registration = new SipRegistration(_client, Options("wrong"));
        var failure = Assert.ThrowsAsync<SipRegistrationException>(async () => await registration.RegisterAsync().WaitAsync(Bound));
        Assert.That(failure!.StatusCode, Is.EqualTo(401));
        Assert.That(registration.State, Is.EqualTo(SipRegistrationState.Failed));
    }

    [Test]
    public async Task Dispose_Unregisters_WithExpiresZero()
    {
        var registration = new SipRegistration(_client, Options());
        await registration.RegisterAsync().WaitAsync(Bound);
        await registration.DisposeAsync().AsTask().WaitAsync(Bound);
        Assert.That(registration.State, Is.EqualTo(SipRegistrationState.Unregistered));
        lock (_registers) Assert.That(_registers.Last().Expires, Is.EqualTo("0"));
        int count;
        lock (_registers) count = _registers.Count;
        await _net.AdvanceAsync(TimeSpan.FromSeconds(700), stepMs: 1000);
        lock (_registers) Assert.That(_registers, Has.Count.EqualTo(count), "no refresh after dispose");
        Assert.That(_net.Clock.LiveTimers, Is.Zero, "the refresh timer is gone and the transactions ended");
    }

    [Test]
    public async Task Register_Timeout_SurfacesAsRequestTimeout()
    {
        _net.Drop = w => w.To.Equals(_registrar.ListenPoints[0].EndPoint);
        await using var registration = new SipRegistration(_client, Options());
        var registering = registration.RegisterAsync();
        await _net.AdvanceAsync(TimeSpan.FromSeconds(32.1));
        Assert.That(async () => await registering.WaitAsync(Bound), Throws.TypeOf<SipRequestTimeoutException>());
        Assert.That(registration.State, Is.EqualTo(SipRegistrationState.Failed));
    }
}
