using UcStack.Faults.Tests.Simulation;
using UcStack.Ice;

namespace UcStack.Faults.Tests.Ice;

/// <summary>ICE (RFC 8445) checks and consent freshness (RFC 7675) through loss, reordering and partitions.
/// docs/faults.md §ICE.</summary>
[TestFixture]
public sealed class IceFaultTests
{
    private IceFaultHarness _ice = null!;

    [TearDown]
    public async Task TearDown() => await _ice.DisposeAsync();

    private static bool Settled(IceAgent agent) => agent.State is IceAgentState.Completed or IceAgentState.Failed;

    [TestCase(41)]
    [TestCase(42)]
    [TestCase(43)]
    [TestCase(44)]
    public async Task Checks_ThirtyPercentLossDuplicationReordering_StillNominateAPair(int seed)
    {
        _ice = new IceFaultHarness(seed, DatagramLink.Rough(0.3));
        _ice.Start();
        Assert.That(_ice.RunUntil(() => Settled(_ice.A) && Settled(_ice.B), TimeSpan.FromSeconds(60)), Is.True, "not settled within 60 s");

        // RFC 8445 §7.2.5.2: lost checks are retransmitted (RTO 500 ms, 7 sends) and the triggered check of the
        // other side covers for a lost response, so one host pair succeeds and is nominated.
        Assert.That(_ice.A.State, Is.EqualTo(IceAgentState.Completed));
        Assert.That(_ice.B.State, Is.EqualTo(IceAgentState.Completed));
        var a = _ice.A.GetSelectedPair(1)!;
        var b = _ice.B.GetSelectedPair(1)!;
        Assert.That(a.Local.EndPoint, Is.EqualTo(b.Remote.EndPoint));
        Assert.That(a.Remote.EndPoint, Is.EqualTo(b.Local.EndPoint));
        Assert.That(_ice.Network.Lost, Is.Positive, "the link lost nothing");
        await _ice.ShutDownAndAssertNoLeaksAsync();
    }

    [Test]
    public async Task Checks_FullPartition_ReportFailed()
    {
        _ice = new IceFaultHarness(45, DatagramLink.Rough(0));
        _ice.Cut();
        _ice.Start();
        Assert.That(_ice.RunUntil(() => Settled(_ice.A) && Settled(_ice.B), TimeSpan.FromSeconds(120)), Is.True, "not settled within 120 s");

        // RFC 8445 §8.1.2: every pair failed and both sides know all candidates: the checklist, and the agent, fail.
        Assert.That(_ice.A.State, Is.EqualTo(IceAgentState.Failed));
        Assert.That(_ice.B.State, Is.EqualTo(IceAgentState.Failed));
        lock (_ice.StatesA) Assert.That(_ice.StatesA, Does.Contain(IceAgentState.Failed), "the application was told");
        lock (_ice.StatesB) Assert.That(_ice.StatesB, Does.Contain(IceAgentState.Failed));
        Assert.That(_ice.A.GetSelectedPair(1), Is.Null);
        await _ice.ShutDownAndAssertNoLeaksAsync();
    }

    [Test]
    public async Task Consent_ThirtyPercentLossIsSurvivedButAPartitionLosesThePairWithinTheTimeout()
    {
        _ice = new IceFaultHarness(46, DatagramLink.Rough(0.3));
        var lostA = new List<TimeSpan>();
        var lostB = new List<TimeSpan>();
        _ice.A.ConsentLost += (_, _) => lostA.Add(_ice.Clock.Elapsed);
        _ice.B.ConsentLost += (_, _) => lostB.Add(_ice.Clock.Elapsed);
        _ice.Start();
        Assert.That(_ice.RunUntil(() => _ice.A.State == IceAgentState.Completed && _ice.B.State == IceAgentState.Completed, TimeSpan.FromSeconds(60)), Is.True);

        // RFC 7675 §5.1: a lost consent check is not fatal; only 30 s without any answer is. Two minutes at 30 % loss.
        _ice.Run(TimeSpan.FromMinutes(2));
        Assert.That(lostA, Is.Empty);
        Assert.That(lostB, Is.Empty);

        // A's consent runs out 30 s after its last answered check (at most one 5 s interval ±20 % before the cut);
        // B answers checks but sends consent too, so it loses the pair as well.
        _ice.Cut();
        var cutAt = _ice.Clock.Elapsed;
        Assert.That(_ice.RunUntil(() => lostA.Count > 0 && lostB.Count > 0, TimeSpan.FromSeconds(45)), Is.True, "consent was never declared lost");
        Assert.That(lostA[0] - cutAt, Is.InRange(TimeSpan.FromSeconds(30) - TimeSpan.FromSeconds(6 * 2), TimeSpan.FromSeconds(37)));
        Assert.That(_ice.A.State, Is.EqualTo(IceAgentState.Failed), "RFC 7675 §5.1: the application is told and media stops");
        Assert.That(_ice.A.GetDatagramPath(1), Is.Not.Null);

        // Healing does not bring consent back by itself: the application restarts ICE (RFC 8445 §9).
        _ice.Heal();
        _ice.Run(TimeSpan.FromSeconds(20));
        Assert.That(lostA, Has.Count.EqualTo(1), "reported once");
        Assert.That(_ice.A.State, Is.EqualTo(IceAgentState.Failed));
        await _ice.ShutDownAndAssertNoLeaksAsync();
    }
}
