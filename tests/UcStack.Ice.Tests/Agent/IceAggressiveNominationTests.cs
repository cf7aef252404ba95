using UcStack.Ice.Tests.Simulation;
using UcStack.Stun;

namespace UcStack.Ice.Tests.Agent;

/// <summary>Aggressive nomination as the controlling agent (RFC 5245 §8.1.1.2), selectable per agent.</summary>
[TestFixture]
public sealed class IceAggressiveNominationTests
{
    private static IceAgentOptions Aggressive(IceAgentOptions options) => options with { Nomination = IceNomination.Aggressive };

    [Test]
    public void Options_DefaultNomination_IsRegular()
    {
        Assert.That(new IceAgentOptions().Nomination, Is.EqualTo(IceNomination.Regular));
    }

    [Test]
    public async Task Connect_Aggressive_EveryCheckOfTheControllingAgentCarriesUseCandidate()
    {
        await using var harness = new IcePairHarness(NatBehavior.FullCone, null, configureA: Aggressive);
        harness.Network.Captured = [];
        harness.Start();
        Assert.That(harness.RunUntilSettled(TimeSpan.FromSeconds(30)), Is.True);

        var (controlling, controlled) = CountChecks(harness.Network.Captured);
        Assert.That(controlling.Total, Is.GreaterThan(0));
        Assert.That(controlling.WithUseCandidate, Is.EqualTo(controlling.Total), "RFC 5245 §8.1.1.2: USE-CANDIDATE on every check");
        Assert.That(controlled.Total, Is.GreaterThan(0));
        Assert.That(controlled.WithUseCandidate, Is.Zero, "the controlled agent never nominates");
    }

    [Test]
    public async Task Connect_Regular_OnlyTheNominationCarriesUseCandidate()
    {
        await using var harness = new IcePairHarness(NatBehavior.FullCone, null);
        harness.Network.Captured = [];
        harness.Start();
        Assert.That(harness.RunUntilSettled(TimeSpan.FromSeconds(30)), Is.True);

        var (controlling, _) = CountChecks(harness.Network.Captured);
        Assert.That(controlling.WithUseCandidate, Is.GreaterThan(0));
        Assert.That(controlling.WithUseCandidate, Is.LessThan(controlling.Total), "regular nomination checks first, nominates after");
    }

    [TestCase(1)]
    [TestCase(2)]
    public async Task Connect_AggressiveBehindNats_SelectsWithoutTheRegularNominationWait(int seed)
    {
        var restricted = new NatBehavior(NatMapping.EndpointIndependent, NatFiltering.AddressAndPortDependent);
        await using var aggressive = new IcePairHarness(NatBehavior.FullCone, restricted, seed, configureA: Aggressive);
        await using var regular = new IcePairHarness(NatBehavior.FullCone, restricted, seed);
        aggressive.Start();
        regular.Start();

        Assert.That(aggressive.RunUntilSettled(TimeSpan.FromSeconds(60)), Is.True);
        Assert.That(regular.RunUntilSettled(TimeSpan.FromSeconds(60)), Is.True);

        Assert.That(aggressive.A.State, Is.EqualTo(IceAgentState.Completed));
        Assert.That(aggressive.B.State, Is.EqualTo(IceAgentState.Completed));
        // The harness's regular nomination waits NominationDelay (4 s) for the unreachable host pair; aggressive does not.
        Assert.That(aggressive.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1.5)));
        Assert.That(regular.Elapsed, Is.GreaterThan(TimeSpan.FromSeconds(4)));
        AssertSamePair(aggressive);
        NatMatrixTests.AssertDatagramsFlow(aggressive);
    }

    [Test]
    public async Task Connect_AggressiveSymmetricNats_FallsBackToRelayOnBothSides()
    {
        await using var harness = new IcePairHarness(NatBehavior.Symmetric, NatBehavior.Symmetric, configureA: Aggressive);
        harness.Start();

        Assert.That(harness.RunUntilSettled(TimeSpan.FromSeconds(120)), Is.True);
        // Let later, higher-priority successes replace the first selection before comparing the two sides.
        harness.RunUntil(() => false, TimeSpan.FromSeconds(10));

        Assert.That(harness.A.State, Is.EqualTo(IceAgentState.Completed));
        Assert.That(NatMatrixTests.Classify(harness.A.GetSelectedPair(1)!), Is.EqualTo("relay"));
        AssertSamePair(harness);
        NatMatrixTests.AssertDatagramsFlow(harness);
    }

    [Test]
    public async Task Connect_AggressivePublicHosts_SelectsTheHostPairAndStopsLowerChecks()
    {
        await using var harness = new IcePairHarness(null, null, configureA: Aggressive);
        harness.Start();

        Assert.That(harness.RunUntilSettled(TimeSpan.FromSeconds(30)), Is.True);
        harness.RunUntil(() => false, TimeSpan.FromSeconds(2));

        Assert.That(harness.A.GetSelectedPair(1)!.ToString(), Is.EqualTo("host 203.0.113.10:10000 -> host 203.0.113.20:10000"));
        AssertSamePair(harness);
        // RFC 5245 §8.1.2: after the nomination nothing of that component is left Waiting or Frozen.
        Assert.That(
            harness.A.GetCheckList().Where(p => p.State is IceCandidatePairState.Waiting or IceCandidatePairState.Frozen),
            Is.Empty);
    }

    private static void AssertSamePair(IcePairHarness harness)
    {
        var a = harness.A.GetSelectedPair(1)!;
        var b = harness.B.GetSelectedPair(1)!;
        Assert.That(a.Local.EndPoint, Is.EqualTo(b.Remote.EndPoint), $"A selected {a}, B selected {b}");
        Assert.That(NatMatrixTests.Classify(a), Is.EqualTo(NatMatrixTests.Classify(b)));
    }

    private static ((int Total, int WithUseCandidate) Controlling, (int Total, int WithUseCandidate) Controlled) CountChecks(List<byte[]> captured)
    {
        var controlling = (Total: 0, WithUseCandidate: 0);
        var controlled = (Total: 0, WithUseCandidate: 0);
        foreach (var datagram in captured)
        {
            if (!StunMessageReader.TryParse(datagram, out var reader, out _) || reader.Class != StunMessageClass.Request
                || !reader.Contains(StunAttributeType.MessageIntegrity))
            {
                continue;
            }

            if (reader.TryGetIceControlling(out _))
            {
                controlling = (controlling.Total + 1, controlling.WithUseCandidate + (reader.HasUseCandidate ? 1 : 0));
            }
            else
            {
                controlled = (controlled.Total + 1, controlled.WithUseCandidate + (reader.HasUseCandidate ? 1 : 0));
            }
        }

        return (controlling, controlled);
    }
}
