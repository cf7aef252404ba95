using UcStack.Ice.Tests.Simulation;
using UcStack.Stun;

namespace UcStack.Ice.Tests.Agent;

/// <summary>ICE-lite (RFC 8445 §2.5, §6.1.1, §7.3) against a full agent in the simulated network.</summary>
[TestFixture]
public sealed class IceLiteTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    private static IceAgentOptions Lite(IceAgentOptions options) =>
        options with { Lite = true, Role = IceRole.Controlled, StunServers = [], TurnServers = [] };

    [Test]
    public async Task FullToLite_PublicLite_FullNominatesAndBothSelectTheHostPair()
    {
        await using var harness = new IcePairHarness(null, null, configureB: Lite);
        harness.Network.Captured = [];
        harness.A.SetRemoteIceLite();
        harness.Start();

        Assert.That(harness.RunUntilSettled(Budget), Is.True);
        Assert.That(harness.A.State, Is.EqualTo(IceAgentState.Completed));
        Assert.That(harness.B.State, Is.EqualTo(IceAgentState.Completed));
        Assert.That(harness.B.IsLite, Is.True);
        Assert.That(harness.A.GetSelectedPair(1)!.ToString(), Is.EqualTo("host 203.0.113.10:10000 -> host 203.0.113.20:10000"));
        Assert.That(harness.B.GetSelectedPair(1)!.ToString(), Is.EqualTo("host 203.0.113.20:10000 -> host 203.0.113.10:10000"));
        Assert.That(harness.B.ChecksSent, Is.Zero, "RFC 8445 §2.5: a lite agent never sends checks");
        Assert.That(harness.B.GetCheckList(), Is.Empty);
        Assert.That(harness.B.ChecksReceived, Is.GreaterThan(0));
        AssertOnlyTheFullAgentSendsRequests(harness);
        NatMatrixTests.AssertDatagramsFlow(harness);
    }

    [Test]
    public async Task FullBehindNatToLite_LiteSelectsThePeerReflexiveAddressTheFullAgentNominated()
    {
        await using var harness = new IcePairHarness(new NatBehavior(NatMapping.AddressAndPortDependent, NatFiltering.AddressAndPortDependent), null, configureB: Lite);
        harness.A.SetRemoteIceLite();
        harness.Start();

        Assert.That(harness.RunUntilSettled(Budget), Is.True);
        var a = harness.A.GetSelectedPair(1)!;
        var b = harness.B.GetSelectedPair(1)!;
        Assert.That(harness.B.State, Is.EqualTo(IceAgentState.Completed));
        Assert.That(b.Remote.Type, Is.EqualTo(IceCandidateType.PeerReflexive), "the NAT's mapping toward the lite agent is learned from the check");
        Assert.That(b.Remote.EndPoint, Is.EqualTo(a.Local.EndPoint));
        Assert.That(b.Local.Type, Is.EqualTo(IceCandidateType.Host));
        Assert.That(harness.B.ChecksSent, Is.Zero);
        NatMatrixTests.AssertDatagramsFlow(harness);
    }

    [Test]
    public async Task FullToLite_FullStartsControlledWithoutBeingTold_487MakesItControlling()
    {
        // The application forgot SetRemoteIceLite: both agents are controlled; the lite agent never gives in.
        await using var harness = new IcePairHarness(null, null, configureA: o => o with { Role = IceRole.Controlled }, configureB: Lite);
        harness.Start();

        Assert.That(harness.RunUntilSettled(Budget), Is.True);
        Assert.That(harness.A.Role, Is.EqualTo(IceRole.Controlling));
        Assert.That(harness.B.Role, Is.EqualTo(IceRole.Controlled));
        Assert.That(harness.B.State, Is.EqualTo(IceAgentState.Completed));
        NatMatrixTests.AssertDatagramsFlow(harness);
    }

    [Test]
    public async Task FullActiveToLitePassiveOverTcp_LiteSelectsTheConnectionTheFullAgentNominated()
    {
        // The usual media-server shape: a public lite server with a passive TCP candidate, a full client that connects.
        await using var harness = new IcePairHarness(
            null,
            null,
            configureA: o => o with { TcpCandidates = IceTcpCandidates.Active, GatheringPolicy = IceGatheringPolicy.TcpOnly },
            configureB: o => Lite(o) with { TcpCandidates = IceTcpCandidates.Passive, GatheringPolicy = IceGatheringPolicy.TcpOnly },
            withTurn: false);
        harness.A.SetRemoteIceLite();
        harness.Start();

        Assert.That(harness.RunUntilSettled(Budget), Is.True);
        Assert.That(harness.B.State, Is.EqualTo(IceAgentState.Completed));
        var b = harness.B.GetSelectedPair(1)!;
        Assert.That(b.Local.TcpType, Is.EqualTo(IceTcpType.Passive));
        Assert.That(b.Remote.TcpType, Is.EqualTo(IceTcpType.Active));
        Assert.That(harness.B.ChecksSent, Is.Zero);
        NatMatrixTests.AssertDatagramsFlow(harness);
    }

    [Test]
    public async Task Lite_GathersHostCandidatesOnly()
    {
        await using var harness = new IcePairHarness(null, null, configureB: Lite);
        harness.Start();
        Assert.That(harness.RunUntil(() => harness.B.GatheringCompletion.IsCompleted, TimeSpan.FromSeconds(1)), Is.True);

        Assert.That(harness.B.LocalCandidates, Is.Not.Empty);
        Assert.That(harness.B.LocalCandidates.Select(c => c.Type), Is.All.EqualTo(IceCandidateType.Host));
    }

    [Test]
    public async Task Lite_ConsentIsKeptByTheFullAgentsChecks()
    {
        await using var harness = new IcePairHarness(null, null, configureB: Lite);
        var lost = 0;
        harness.A.ConsentLost += (_, _) => lost++;
        harness.A.SetRemoteIceLite();
        harness.Start();
        Assert.That(harness.RunUntilSettled(Budget), Is.True);

        harness.RunUntil(() => false, TimeSpan.FromSeconds(60));

        Assert.That(lost, Is.Zero);
        Assert.That(harness.A.State, Is.EqualTo(IceAgentState.Completed));
        Assert.That(harness.B.State, Is.EqualTo(IceAgentState.Completed));
        Assert.That(harness.B.ChecksSent, Is.Zero);
    }

    [Test]
    public void Options_LiteWithServersOrControllingOrAggressive_Rejected()
    {
        var network = new IcePairHarness(null, null).HostA;
        var lite = new IceAgentOptions { Lite = true, Role = IceRole.Controlled, Network = network };

        Assert.That(() => new IceAgent(lite with { StunServers = [IcePairHarness.StunServer] }), Throws.ArgumentException);
        Assert.That(() => new IceAgent(lite with { TurnServers = [new IceTurnServer(IcePairHarness.TurnServer, "u", "p")] }), Throws.ArgumentException);
        Assert.That(() => new IceAgent(lite with { GatheringPolicy = IceGatheringPolicy.RelayOnly }), Throws.ArgumentException);
        Assert.That(() => new IceAgent(lite with { Role = IceRole.Controlling }), Throws.ArgumentException);
        Assert.That(() => new IceAgent(lite with { Nomination = IceNomination.Aggressive }), Throws.ArgumentException);
    }

    [Test]
    public async Task SetRemoteIceLite_OnALiteAgent_Throws()
    {
        await using var agent = new IceAgent(new IceAgentOptions { Lite = true, Role = IceRole.Controlled, Network = new IcePairHarness(null, null).HostA });

        Assert.That(agent.SetRemoteIceLite, Throws.InvalidOperationException);
    }

    [Test]
    public async Task SetRemoteIceLite_OnAControlledFullAgent_TakesTheControllingRole()
    {
        await using var agent = new IceAgent(new IceAgentOptions { Role = IceRole.Controlled, Network = new IcePairHarness(null, null).HostA });

        agent.SetRemoteIceLite();

        Assert.That(agent.Role, Is.EqualTo(IceRole.Controlling));
    }

    private static void AssertOnlyTheFullAgentSendsRequests(IcePairHarness harness)
    {
        var fromLite = 0;
        foreach (var datagram in harness.Network.Captured!)
        {
            if (StunMessageReader.TryParse(datagram, out var reader, out _) && reader.Class == StunMessageClass.Request
                && reader.Contains(StunAttributeType.MessageIntegrity) && reader.TryGetIceControlled(out _))
            {
                fromLite++;
            }
        }

        Assert.That(fromLite, Is.Zero);
    }
}
