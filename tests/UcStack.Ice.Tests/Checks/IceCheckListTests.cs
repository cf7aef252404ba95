using System.Net;

namespace UcStack.Ice.Tests.Checks;

[TestFixture]
public sealed class IceCheckListTests
{
    private static readonly NullSocket Socket = new();

    [Test]
    public void AddRemote_PairsSameComponentAndFamilyOnly()
    {
        var list = new IceCheckList(controlling: true);
        var locals = new[] { Host("1", "10.0.0.1", 1, 1000), Host("2", "2001:db8::1", 1, 1001), Host("1", "10.0.0.1", 2, 1002) };

        list.AddRemote(Remote("r", "192.0.2.1", 1), locals);

        Assert.That(list.Pairs, Has.Count.EqualTo(1));
        Assert.That(list.Pairs[0].Local, Is.SameAs(locals[0]));
    }

    [Test]
    public void AddRemote_ReflexiveLocal_IsReplacedByItsBaseAndDeduplicated()
    {
        var list = new IceCheckList(controlling: true);
        var host = Host("1", "10.0.0.1", 1, 1000);
        var srflx = new IceLocalCandidate(
            new IceCandidate("2", 1, IceTransportProtocol.Udp, IcePriority.ForCandidate(IceCandidateType.ServerReflexive, 65535, 1), new IPEndPoint(IPAddress.Parse("203.0.113.1"), 5000), IceCandidateType.ServerReflexive, host.Candidate.EndPoint),
            Socket,
            host);

        list.AddRemote(Remote("r", "192.0.2.1", 1), [host, srflx]);

        Assert.That(list.Pairs, Has.Count.EqualTo(1));
        Assert.That(list.Pairs[0].Local, Is.SameAs(host));
    }

    [Test]
    public void Pairs_AreOrderedByPairPriorityAndFlipWithRole()
    {
        var list = new IceCheckList(controlling: true);
        var high = Host("1", "10.0.0.1", 1, 2000);
        var low = Host("2", "10.0.0.2", 1, 10);
        list.AddLocal(low, []);
        list.AddRemote(Remote("r", "192.0.2.1", 1, priority: 1500), [high, low]);

        Assert.That(list.Pairs.Select(p => p.Priority), Is.Ordered.Descending);
        var controllingPriority = list.Pairs[0].Priority;
        Assert.That(controllingPriority, Is.EqualTo(IcePriority.ForPair(2000, 1500)));

        list.SetRole(controlling: false);

        Assert.That(list.Pairs[0].Priority, Is.EqualTo(IcePriority.ForPair(1500, 2000)));
        Assert.That(list.Pairs.Select(p => p.Priority), Is.Ordered.Descending);
    }

    [Test]
    public void InitialStates_OnePairPerFoundationWaitingLowestComponentFirst()
    {
        var list = new IceCheckList(controlling: true);
        var local1 = Host("1", "10.0.0.1", 1, 100);
        var local2 = Host("1", "10.0.0.1", 2, 99);
        list.AddRemote(Remote("r", "192.0.2.1", 1, priority: 100), [local1, local2]);
        list.AddRemote(Remote("r", "192.0.2.1", 2, priority: 99), [local1, local2]);
        list.AddRemote(Remote("s", "192.0.2.2", 1, priority: 50), [local1, local2]);

        var states = list.Pairs.ToDictionary(p => $"{p.Foundation}/{p.Component}", p => p.State);

        // RFC 8445 §6.1.2.6: foundation 1:r has two components; only component 1 starts Waiting.
        Assert.That(states["1:r/1"], Is.EqualTo(IceCandidatePairState.Waiting));
        Assert.That(states["1:r/2"], Is.EqualTo(IceCandidatePairState.Frozen));
        Assert.That(states["1:s/1"], Is.EqualTo(IceCandidatePairState.Waiting));
    }

    [Test]
    public void MarkSucceeded_UnfreezesSameFoundation()
    {
        var list = new IceCheckList(controlling: true);
        var local1 = Host("1", "10.0.0.1", 1, 100);
        var local2 = Host("1", "10.0.0.1", 2, 99);
        list.AddRemote(Remote("r", "192.0.2.1", 1), [local1, local2]);
        list.AddRemote(Remote("r", "192.0.2.1", 2), [local1, local2]);
        var first = list.NextCheck()!;
        Assert.That(first.Component, Is.EqualTo(1));
        Assert.That(first.State, Is.EqualTo(IceCandidatePairState.InProgress));

        list.MarkSucceeded(first);

        Assert.That(list.Pairs.Single(p => p.Component == 2).State, Is.EqualTo(IceCandidatePairState.Waiting));
    }

    [Test]
    public void NextCheck_HighestWaitingFirstThenUnfreezes()
    {
        var list = new IceCheckList(controlling: true);
        var local1 = Host("1", "10.0.0.1", 1, 100);
        var local2 = Host("1", "10.0.0.1", 2, 99);
        list.AddRemote(Remote("r", "192.0.2.1", 1), [local1, local2]);
        list.AddRemote(Remote("r", "192.0.2.1", 2), [local1, local2]);

        var first = list.NextCheck();
        // Component 2's pair is Frozen and its foundation is In-Progress: nothing else to do yet.
        Assert.That(list.NextCheck(), Is.Null);
        list.MarkFailed(first!);
        var second = list.NextCheck();

        Assert.That(second, Is.Not.Null);
        Assert.That(second!.Component, Is.EqualTo(2));
    }

    [Test]
    public void EnqueueTriggered_GoesBeforeOrdinaryButNotTwiceInARow()
    {
        var list = new IceCheckList(controlling: true);
        var local = Host("1", "10.0.0.1", 1, 100);
        list.AddRemote(Remote("a", "192.0.2.1", 1, priority: 300), [local]);
        list.AddRemote(Remote("b", "192.0.2.2", 1, priority: 200), [local]);
        var t1 = list.AddTriggeredPair(local, Remote("p1", "192.0.2.3", 1, priority: 10));
        var t2 = list.AddTriggeredPair(local, Remote("p2", "192.0.2.4", 1, priority: 9));
        list.EnqueueTriggered(t1);
        list.EnqueueTriggered(t2);

        var order = new[] { list.NextCheck(), list.NextCheck(), list.NextCheck(), list.NextCheck() };

        Assert.That(order[0], Is.SameAs(t1));
        Assert.That(order[1]!.Remote.Foundation, Is.EqualTo("a"));
        Assert.That(order[2], Is.SameAs(t2));
        Assert.That(order[3]!.Remote.Foundation, Is.EqualTo("b"));
    }

    [Test]
    public void EnqueueTriggered_InProgressAsksForRetransmitSucceededIgnored()
    {
        var list = new IceCheckList(controlling: true);
        var local = Host("1", "10.0.0.1", 1, 100);
        list.AddRemote(Remote("a", "192.0.2.1", 1), [local]);
        var pair = list.NextCheck()!;

        Assert.That(list.EnqueueTriggered(pair), Is.True);
        list.MarkSucceeded(pair);
        Assert.That(list.EnqueueTriggered(pair), Is.False);
        Assert.That(list.TriggeredCount, Is.Zero);
        list.MarkFailed(pair);
        Assert.That(list.EnqueueTriggered(pair), Is.False);
        Assert.That(pair.State, Is.EqualTo(IceCandidatePairState.Waiting));
        Assert.That(list.TriggeredCount, Is.EqualTo(1));
    }

    [Test]
    public void Limit_DropsLowestPriorityFailedThenFrozen()
    {
        var list = new IceCheckList(controlling: true, maxPairs: 3);
        var local = Host("1", "10.0.0.1", 1, 100);
        for (var i = 0; i < 5; i++)
        {
            list.AddRemote(Remote("r" + i, $"192.0.2.{i + 1}", 1, priority: (uint)(1000 - i)), [local]);
        }

        Assert.That(list.Pairs, Has.Count.EqualTo(3));
        Assert.That(list.Pairs.Select(p => p.Remote.Foundation), Is.EqualTo(new[] { "r0", "r1", "r2" }));
    }

    [TestCase(IceTcpType.Active, IceTcpType.Passive, true)]
    [TestCase(IceTcpType.Passive, IceTcpType.Active, true)]
    [TestCase(IceTcpType.SimultaneousOpen, IceTcpType.SimultaneousOpen, true)]
    [TestCase(IceTcpType.Active, IceTcpType.Active, false)]
    [TestCase(IceTcpType.Passive, IceTcpType.Passive, false)]
    [TestCase(IceTcpType.Active, IceTcpType.SimultaneousOpen, false)]
    public void CanPair_TcpTypes_FollowRfc6544(IceTcpType local, IceTcpType remote, bool expected)
    {
        var a = new IceCandidate("1", 1, IceTransportProtocol.Tcp, 1, new IPEndPoint(IPAddress.Loopback, 9), IceCandidateType.Host, null, local);
        var b = new IceCandidate("2", 1, IceTransportProtocol.Tcp, 1, new IPEndPoint(IPAddress.Loopback, 10), IceCandidateType.Host, null, remote);

        Assert.That(IceCheckList.CanPair(a, b), Is.EqualTo(expected));
    }

    [Test]
    public void CanPair_UdpWithTcp_IsFalse()
    {
        var udp = IceCandidate.Parse("candidate:1 1 UDP 1 10.0.0.1 1 typ host");
        var tcp = IceCandidate.Parse("candidate:1 1 TCP 1 10.0.0.1 1 typ host tcptype passive");

        Assert.That(IceCheckList.CanPair(udp, tcp), Is.False);
    }

    [TestCase(false, 5000, 0)]
    [TestCase(true, 5000, 1)]
    [TestCase(true, 9, 0)]
    public void AddRemote_MsIce2TcpAct_IsTriedAsPassiveOnlyInMsIce2ModeWithARealPort(bool msIce2, int remotePort, int expectedPairs)
    {
        var list = new IceCheckList(controlling: true, msIce2: msIce2);
        var active = new IceLocalCandidate(
            new IceCandidate("1", 1, IceTransportProtocol.Tcp, 1000, new IPEndPoint(IPAddress.Parse("10.0.0.1"), 9), IceCandidateType.Host, tcpType: IceTcpType.Active),
            Socket);
        var remote = IceCandidate.Parse($"candidate:7 1 TCP-ACT 900 192.0.2.1 {remotePort} typ host");

        list.AddRemote(remote, [active]);

        Assert.That(list.Pairs, Has.Count.EqualTo(expectedPairs));
    }

    [Test]
    public void AddRemote_LocalPassiveTcp_IsPruned()
    {
        var list = new IceCheckList(controlling: true);
        var passive = new IceLocalCandidate(
            new IceCandidate("1", 1, IceTransportProtocol.Tcp, 1000, new IPEndPoint(IPAddress.Parse("10.0.0.1"), 5000), IceCandidateType.Host, tcpType: IceTcpType.Passive),
            Socket);

        list.AddRemote(IceCandidate.Parse("candidate:7 1 TCP 900 192.0.2.1 9 typ host tcptype active"), [passive]);

        // RFC 6544 §6.2: the agent never connects from a passive candidate.
        Assert.That(list.Pairs, Is.Empty);
    }

    private static IceLocalCandidate Host(string foundation, string address, int component, uint priority) =>
        new(new IceCandidate(foundation, component, IceTransportProtocol.Udp, priority, new IPEndPoint(IPAddress.Parse(address), 1000 + component), IceCandidateType.Host), Socket);

    private static IceCandidate Remote(string foundation, string address, int component, uint priority = 100) =>
        new(foundation, component, IceTransportProtocol.Udp, priority, new IPEndPoint(IPAddress.Parse(address), 2000), IceCandidateType.Host);

    private sealed class NullSocket : IIceSocket
    {
        public IPEndPoint LocalEndPoint { get; } = new(IPAddress.Loopback, 1);

        public void Send(ReadOnlySpan<byte> datagram, IPEndPoint remoteEndPoint)
        {
        }

        public void Start(IceDatagramHandler handler)
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
