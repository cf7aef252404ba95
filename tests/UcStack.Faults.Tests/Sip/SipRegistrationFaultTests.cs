using UcStack.Sip;
using UcStack.Sip.Registrar;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;
using UcStack.Sip.UserAgent;

namespace UcStack.Faults.Tests.Sip;

/// <summary>REGISTER refreshes (RFC 3261 §10.2.4) across partitions that heal. docs/faults.md §SIP.</summary>
[TestFixture]
public sealed class SipRegistrationFaultTests
{
    private SipFaultHarness _net = null!;
    private InMemoryLocationService _locations = null!;
    private SipEndpoint _alice = null!;
    private SipEndpoint _server = null!;

    [SetUp]
    public void SetUp()
    {
        _net = new SipFaultHarness(21, SipFaultHarness.Rough(0.1));
        _alice = _net.Add("alice", "10.0.0.1");
        _server = _net.Add("registrar", "10.0.0.9", o => o with { LocalUri = "sip:registrar@example.org" });

        // The location service's sweep timer is server housekeeping on the bare clock, outside the leak count.
        _locations = new InMemoryLocationService(_net.Clock.Fake);
        var registrar = new SipRegistrar(new SipRegistrarOptions { Domains = ["example.org"] }, _locations, new AnyUser(), null, _net.Clock);
        _server.RequestReceived = incoming => registrar.HandleAsync(incoming);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _net.DisposeAsync();
        _locations.Dispose();
    }

    private SipRegistration NewRegistration() => new(_alice, new SipRegistrationOptions
    {
        RegistrarUri = "sip:example.org",
        AddressOfRecord = "sip:alice@example.org",
        Expires = TimeSpan.FromSeconds(60),
        Target = new SipTransportTarget(SipTransportProtocol.Udp, new System.Net.IPEndPoint(SipFaultHarness.AddressOf(_server), 5060)),
    });

    // Limits leave room past timer F (32 s): an operation may first wait for a refresh still finishing on the pool.
    private async Task<T> Run<T>(Task<T> task, TimeSpan limit, string what)
    {
        Assert.That(await _net.RunUntilAsync(() => task.IsCompleted, limit), Is.True, what + " did not complete in time");
        return await task;
    }

    private async Task Run(Task task, TimeSpan limit, string what)
    {
        Assert.That(await _net.RunUntilAsync(() => task.IsCompleted, limit), Is.True, what + " did not complete in time");
        await task;
    }

    private async Task<bool> BoundAsync() => (await _locations.LookupAsync("sip:alice@example.org")).Count > 0;

    private static List<SipRegistrationState> Record(SipRegistration registration)
    {
        var states = new List<SipRegistrationState>();
        registration.StateChanged += (_, s) => { lock (states) states.Add(s); };
        return states;
    }

    [Test]
    public async Task Refresh_PartitionShorterThanTimerF_SucceedsByRetransmission()
    {
        var registration = NewRegistration();
        var states = Record(registration);
        Assert.That(await Run(registration.RegisterAsync(), TimeSpan.FromSeconds(40), "the first REGISTER"), Is.EqualTo(TimeSpan.FromSeconds(60)));
        var sentBefore = _net.Count(SipInMemoryTraceKind.Sent, "REGISTER ");

        // The refresh is due 30 s before expiry (at 30 s); the link is down from 25 s to 40 s.
        await _net.RunAsync(TimeSpan.FromSeconds(20), stepMs: 100);
        _net.Cut(_alice, _server);
        await _net.RunAsync(TimeSpan.FromSeconds(15), stepMs: 100);
        Assert.That(registration.State, Is.EqualTo(SipRegistrationState.Registering), "the refresh is retransmitting");
        _net.Heal(_alice, _server);
        Assert.That(await _net.RunUntilAsync(() => registration.State == SipRegistrationState.Registered, TimeSpan.FromSeconds(15), stepMs: 100), Is.True);

        // RFC 3261 §17.1.2.2: timer E retransmitted the REGISTER into the partition until one got through.
        Assert.That(_net.Count(SipInMemoryTraceKind.Sent, "REGISTER ") - sentBefore, Is.GreaterThan(2));
        Assert.That(await BoundAsync(), Is.True);
        lock (states) Assert.That(states, Does.Not.Contain(SipRegistrationState.Failed));

        await Run(registration.DisposeAsync().AsTask(), TimeSpan.FromSeconds(60), "the unregistering dispose");
        Assert.That(await BoundAsync(), Is.False, "dispose unregistered");
        await _net.AssertNoLeaksAsync(_alice, _server);
    }

    [Test]
    public async Task Refresh_PartitionLongerThanTimerF_ReportsFailedThenReRegistersAfterHeal()
    {
        var registration = NewRegistration();
        var states = Record(registration);
        await Run(registration.RegisterAsync(), TimeSpan.FromSeconds(40), "the first REGISTER");
        await _net.RunAsync(TimeSpan.FromSeconds(20), stepMs: 100);
        _net.Cut(_alice, _server);

        // Refresh at 30 s, timer F 32 s later: the application is told through StateChanged.
        Assert.That(await _net.RunUntilAsync(() => registration.State == SipRegistrationState.Failed, TimeSpan.FromSeconds(50), stepMs: 100), Is.True);
        Assert.That(await SipFaultHarness.EventuallyAsync(() => { lock (states) return states.Contains(SipRegistrationState.Failed); }), Is.True, "StateChanged reported Failed");
        Assert.That(await _net.Clock.ArmedAfterCleanupAsync(), Is.Zero, () => "a failed registration schedules nothing: " + _net.Clock.DescribeArmed());

        // The registrar let the binding lapse (60 s) — the documented cost of a partition this long.
        Assert.That(await BoundAsync(), Is.False);
        _net.Heal(_alice, _server);
        await Run(registration.RegisterAsync(), TimeSpan.FromSeconds(60), "the REGISTER after the heal");
        Assert.That(registration.State, Is.EqualTo(SipRegistrationState.Registered));
        Assert.That(await BoundAsync(), Is.True);

        await Run(registration.DisposeAsync().AsTask(), TimeSpan.FromSeconds(60), "the unregistering dispose");
        await _net.AssertNoLeaksAsync(_alice, _server);
    }

    private sealed class AnyUser : ISipUserStore
    {
        public ValueTask<bool> ExistsAsync(string username, CancellationToken cancellationToken = default) => ValueTask.FromResult(true);

        public ValueTask<DigestSecret?> FindSecretAsync(string username, string realm, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<DigestSecret?>(null);
    }
}
