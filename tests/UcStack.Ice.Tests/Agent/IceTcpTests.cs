using UcStack.Ice.Tests.Simulation;

namespace UcStack.Ice.Tests.Agent;

/// <summary>ICE-TCP (RFC 6544) connectivity in the simulated network: connections for checks, RFC 4571 framing, tcptypes.</summary>
[TestFixture]
public sealed class IceTcpTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    private static Func<IceAgentOptions, IceAgentOptions> Tcp(IceTcpCandidates candidates, IceGatheringPolicy policy = IceGatheringPolicy.TcpOnly) =>
        o => o with { TcpCandidates = candidates, GatheringPolicy = policy };

    [Test]
    public async Task Gathering_TcpCandidates_RfcPrioritiesAndActivePort9()
    {
        await using var harness = new IcePairHarness(null, null, configureA: Tcp(IceTcpCandidates.All), withTurn: false);
        harness.Start();
        Assert.That(harness.RunUntil(() => harness.A.GatheringCompletion.IsCompleted, TimeSpan.FromSeconds(1)), Is.True);

        var candidates = harness.A.LocalCandidates;
        Assert.That(candidates.Select(c => c.Transport), Is.All.EqualTo(IceTransportProtocol.Tcp));
        var active = candidates.Single(c => c.TcpType == IceTcpType.Active);
        var passive = candidates.Single(c => c.TcpType == IceTcpType.Passive);
        var so = candidates.Single(c => c.TcpType == IceTcpType.SimultaneousOpen);
        // RFC 6544 §4.5: active candidates carry port 9; §4.2: host direction preference active 6 > passive 4 > so 2.
        Assert.That(active.EndPoint.Port, Is.EqualTo(9));
        Assert.That(active.Priority, Is.GreaterThan(passive.Priority));
        Assert.That(passive.Priority, Is.GreaterThan(so.Priority));
        Assert.That((active.Priority >> 8) & 0xFFFF, Is.EqualTo((uint)IcePriority.TcpLocalPreference(IceCandidateType.Host, IceTcpType.Active, 8191)));
        Assert.That(active.ToAttributeValue(), Does.Contain("TCP").And.Contain("tcptype active"));
    }

    [Test]
    public async Task Connect_TcpOnlyPublicHosts_ActiveConnectsToPassiveAndMediaIsFramed()
    {
        await using var harness = new IcePairHarness(null, null, configureA: Tcp(IceTcpCandidates.ActiveAndPassive), configureB: Tcp(IceTcpCandidates.ActiveAndPassive), withTurn: false);
        harness.Start();

        Assert.That(harness.RunUntilSettled(Budget), Is.True);
        Assert.That(harness.A.State, Is.EqualTo(IceAgentState.Completed));
        Assert.That(harness.B.State, Is.EqualTo(IceAgentState.Completed));
        var a = harness.A.GetSelectedPair(1)!;
        var b = harness.B.GetSelectedPair(1)!;
        Assert.That(a.Local.TcpType, Is.EqualTo(IceTcpType.Active));
        Assert.That(a.Remote.TcpType, Is.EqualTo(IceTcpType.Passive));
        // The passive side learns the connection's source as a peer-reflexive active candidate (RFC 6544 §7.2).
        Assert.That(b.Local.TcpType, Is.EqualTo(IceTcpType.Passive));
        Assert.That(b.Remote.Type, Is.EqualTo(IceCandidateType.PeerReflexive));
        Assert.That(b.Remote.TcpType, Is.EqualTo(IceTcpType.Active));
        Assert.That(harness.Network.TcpConnections, Is.GreaterThan(0));
        AssertManyDatagramsFlow(harness);
    }

    [Test]
    public async Task Connect_UdpBlocked_MixedCandidatesFallBackToTcp()
    {
        await using var harness = new IcePairHarness(null, null, configureA: Tcp(IceTcpCandidates.ActiveAndPassive, IceGatheringPolicy.All), configureB: Tcp(IceTcpCandidates.ActiveAndPassive, IceGatheringPolicy.All), withTurn: false);
        harness.Network.BlockUdp = true;
        harness.Start();

        Assert.That(harness.RunUntilSettled(TimeSpan.FromSeconds(120)), Is.True);
        Assert.That(harness.A.State, Is.EqualTo(IceAgentState.Completed));
        Assert.That(harness.A.LocalCandidates.Any(c => c.Transport == IceTransportProtocol.Udp), Is.True, "UDP was gathered too");
        Assert.That(harness.A.GetSelectedPair(1)!.Local.Transport, Is.EqualTo(IceTransportProtocol.Tcp));
        Assert.That(harness.B.GetSelectedPair(1)!.Local.Transport, Is.EqualTo(IceTransportProtocol.Tcp));
        AssertManyDatagramsFlow(harness);
    }

    [Test]
    public async Task Connect_ControlledSideFirewalled_ControlledActiveReachesControllingPassive()
    {
        await using var harness = new IcePairHarness(null, null, configureA: Tcp(IceTcpCandidates.ActiveAndPassive), configureB: Tcp(IceTcpCandidates.ActiveAndPassive), withTurn: false);
        harness.HostB.BlockInboundTcp = true;
        harness.Start();

        Assert.That(harness.RunUntilSettled(Budget), Is.True);
        Assert.That(harness.A.State, Is.EqualTo(IceAgentState.Completed));
        var a = harness.A.GetSelectedPair(1)!;
        // A's own connect to B's passive candidate is dropped by B's firewall; B's connect to A works, and A nominates
        // the triggered pair on that connection.
        Assert.That(a.Local.TcpType, Is.EqualTo(IceTcpType.Passive));
        Assert.That(a.Remote.TcpType, Is.EqualTo(IceTcpType.Active));
        Assert.That(harness.B.GetSelectedPair(1)!.Local.TcpType, Is.EqualTo(IceTcpType.Active));
        Assert.That(harness.Network.Filtered, Is.GreaterThan(0), "the firewall dropped A's SYN");
        AssertManyDatagramsFlow(harness);
    }

    [Test]
    public async Task Connect_BothFirewalled_OnlySimultaneousOpenWorks()
    {
        await using var harness = new IcePairHarness(null, null, configureA: Tcp(IceTcpCandidates.All), configureB: Tcp(IceTcpCandidates.All), withTurn: false);
        harness.HostA.BlockInboundTcp = true;
        harness.HostB.BlockInboundTcp = true;
        harness.Start();

        var settled = harness.RunUntilSettled(Budget);
        Assert.That(settled, Is.True, string.Join("\n", harness.A.GetCheckList().Concat(harness.B.GetCheckList()).Select(p => $"{p} {p.Local.TcpType}->{p.Remote.TcpType} {p.State} {p.IsNominated}")) + $" t={harness.Elapsed} conns={harness.Network.TcpConnections} {harness.A.State} {harness.B.State}");
        Assert.That(harness.A.State, Is.EqualTo(IceAgentState.Completed));
        Assert.That(harness.B.State, Is.EqualTo(IceAgentState.Completed));
        Assert.That(harness.A.GetSelectedPair(1)!.Local.TcpType, Is.EqualTo(IceTcpType.SimultaneousOpen));
        Assert.That(harness.A.GetSelectedPair(1)!.Remote.TcpType, Is.EqualTo(IceTcpType.SimultaneousOpen));
        Assert.That(harness.B.GetSelectedPair(1)!.Local.TcpType, Is.EqualTo(IceTcpType.SimultaneousOpen));
        AssertManyDatagramsFlow(harness);
    }

    [Test]
    public async Task Connect_BothFirewalledWithoutSimultaneousOpen_FailsAfterEndOfCandidates()
    {
        await using var harness = new IcePairHarness(null, null, configureA: Tcp(IceTcpCandidates.ActiveAndPassive), configureB: Tcp(IceTcpCandidates.ActiveAndPassive), withTurn: false);
        harness.HostA.BlockInboundTcp = true;
        harness.HostB.BlockInboundTcp = true;
        harness.Start();

        Assert.That(harness.RunUntilSettled(TimeSpan.FromSeconds(120)), Is.True);
        Assert.That(harness.A.State, Is.EqualTo(IceAgentState.Failed));
    }

    [Test]
    public async Task CheckList_PairsWithALocalPassiveCandidate_ArePruned()
    {
        await using var harness = new IcePairHarness(null, null, configureA: Tcp(IceTcpCandidates.ActiveAndPassive), configureB: Tcp(IceTcpCandidates.ActiveAndPassive), withTurn: false);
        harness.HostA.BlockInboundTcp = true;
        harness.HostB.BlockInboundTcp = true;
        harness.Start();
        harness.RunUntil(() => harness.A.GatheringCompletion.IsCompleted && harness.B.GatheringCompletion.IsCompleted, TimeSpan.FromSeconds(1));

        var pairs = harness.A.GetCheckList();
        Assert.That(pairs, Has.Count.EqualTo(1), "only active -> passive; passive -> active is pruned (RFC 6544 §6.2)");
        Assert.That(pairs[0].Local.TcpType, Is.EqualTo(IceTcpType.Active));
        Assert.That(pairs[0].Remote.TcpType, Is.EqualTo(IceTcpType.Passive));
    }

    [Test]
    public async Task Check_UnansweredOverTcp_IsNotRetransmittedOnTheOpenConnection()
    {
        // A signs its checks with a password B does not have: B's 401 fails A's integrity check, so A's check stays
        // unanswered. Over UDP it would be sent 7 times; over an open TCP connection once (RFC 8489 §6.2.2).
        await using var harness = new IcePairHarness(null, null, configureA: Tcp(IceTcpCandidates.Active), configureB: Tcp(IceTcpCandidates.Passive), withTurn: false);
        harness.A.SetRemoteCredentials(harness.B.LocalUfrag, "aPasswordBNeverIssuedToAnyone");
        harness.A.StartGathering();
        harness.B.StartGathering();
        harness.RunUntil(() => harness.A.GatheringCompletion.IsCompleted && harness.B.GatheringCompletion.IsCompleted, TimeSpan.FromSeconds(1));
        foreach (var candidate in harness.B.LocalCandidates)
        {
            harness.A.AddRemoteCandidate(candidate);
        }

        harness.RunUntil(() => false, TimeSpan.FromSeconds(20));

        Assert.That(harness.A.ChecksSent, Is.EqualTo(1));
        Assert.That(harness.Network.TcpConnections, Is.EqualTo(1));
        // One request from A and one 401 from B; no retransmissions on the stream.
        Assert.That(harness.Network.TcpSends, Is.EqualTo(2));
    }

    [Test]
    public void Options_SimultaneousOpenOnTheRealNetwork_Rejected()
    {
        Assert.That(() => new IceAgent(new IceAgentOptions { TcpCandidates = IceTcpCandidates.All }), Throws.ArgumentException);
        Assert.That(() => new IceAgent(new IceAgentOptions { GatheringPolicy = IceGatheringPolicy.TcpOnly }), Throws.ArgumentException);
    }

    private static void AssertManyDatagramsFlow(IcePairHarness harness)
    {
        var pathA = harness.A.GetDatagramPath(1);
        var pathB = harness.B.GetDatagramPath(1);
        var buffer = new byte[2048];
        for (var i = 0; i < 20; i++)
        {
            var rtp = new byte[12 + (i * 50)];
            rtp[0] = 0x80;
            rtp[^1] = (byte)i;
            Assert.That(pathA.TrySend(rtp), Is.True);
            Assert.That(pathB.TrySend(rtp), Is.True);
        }

        for (var i = 0; i < 20; i++)
        {
            IceReceivedDatagram received = default;
            Assert.That(harness.RunUntil(() => pathB.TryReceive(buffer, out received), TimeSpan.FromSeconds(2)), Is.True, $"datagram {i} A->B");
            Assert.That(received.Length, Is.EqualTo(12 + (i * 50)), "RFC 4571 framing kept the datagram boundaries");
            Assert.That(buffer[received.Length - 1], Is.EqualTo((byte)i));
            Assert.That(harness.RunUntil(() => pathA.TryReceive(buffer, out received), TimeSpan.FromSeconds(2)), Is.True, $"datagram {i} B->A");
            Assert.That(received.Length, Is.EqualTo(12 + (i * 50)));
        }
    }
}
