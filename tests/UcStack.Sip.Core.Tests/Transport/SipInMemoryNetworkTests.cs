using System.Net;
using Microsoft.Extensions.Time.Testing;
using UcStack.Sip.Transport;
using static UcStack.Sip.Tests.Transport.TransportTestMessages;

namespace UcStack.Sip.Tests.Transport;

[TestFixture]
public sealed class SipInMemoryNetworkTests
{
    private static readonly IPAddress AliceIp = Ip("10.0.0.1");
    private static readonly IPAddress BobIp = Ip("10.0.0.2");

    private FakeTimeProvider _time = null!;
    private SipInMemoryNetwork _network = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider();
        _network = new SipInMemoryNetwork(seed: 42, _time);
    }

    [TearDown]
    public void TearDown() => _network.Dispose();

    [Test]
    public async Task Udp_RequestAndResponse_RoundTripThroughTheParser()
    {
        var alice = _network.AddNode(AliceIp, SipTransportProtocol.Udp);
        var bob = _network.AddNode(BobIp, SipTransportProtocol.Udp);
        using var request = Options(Point(alice, SipTransportProtocol.Udp));
        var flow = await alice.SendRequestAsync(request, Target(Point(bob, SipTransportProtocol.Udp)));
        Assert.That(flow, Is.EqualTo(new SipFlow(SipTransportProtocol.Udp, new IPEndPoint(AliceIp, 5060), new IPEndPoint(BobIp, 5060), 0)));

        Assert.That(bob.Received.TryRead(out var received), Is.True, "zero latency delivers during the send");
        using (received!.Message)
        {
            Assert.That(received.Flow, Is.EqualTo(new SipFlow(SipTransportProtocol.Udp, new IPEndPoint(BobIp, 5060), new IPEndPoint(AliceIp, 5060), 0)));
            Assert.That(received.Message.CallId, Is.EqualTo(request.CallId));
            Assert.That(received.Message.Vias[0].Received, Is.Null, "sent-by equals the source: no received (RFC 3261 §18.2.1)");
            using var response = SipResponseBuilder.For((SipRequest)received.Message, 200).WithToTag().Build();
            await bob.SendResponseAsync(response, received.Flow);
        }

        Assert.That(alice.Received.TryRead(out var answer), Is.True);
        using (answer!.Message)
        {
            Assert.That(((SipResponse)answer.Message).StatusCode, Is.EqualTo(200));
            Assert.That(answer.Flow.Remote, Is.EqualTo(new IPEndPoint(BobIp, 5060)));
        }
    }

    [Test]
    public async Task Trace_KeepsOnlyTheMostRecentEvents_AndCountsTheRest()
    {
        _network.TraceCapacity = 3;
        var alice = _network.AddNode(AliceIp, SipTransportProtocol.Udp);
        var bob = _network.AddNode(BobIp, SipTransportProtocol.Udp);
        for (var i = 0; i < 5; i++)
        {
            using var request = Options(Point(alice, SipTransportProtocol.Udp));
            await alice.SendRequestAsync(request, Target(Point(bob, SipTransportProtocol.Udp)));
            Assert.That(bob.Received.TryRead(out var received), Is.True);
            received!.Message.Dispose();
        }

        Assert.That(_network.Trace, Has.Count.EqualTo(3));
        Assert.That(_network.TraceDropped, Is.GreaterThan(0));
        Assert.That(() => _network.TraceCapacity = -1, Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public async Task Latency_DeliversOnlyWhenTimeAdvances()
    {
        var alice = _network.AddNode(AliceIp);
        var bob = _network.AddNode(BobIp);
        _network.SetLink(AliceIp, BobIp, new SipLinkConditions { Latency = TimeSpan.FromMilliseconds(50) });
        using var request = Options(Point(alice, SipTransportProtocol.Udp));
        await alice.SendRequestAsync(request, Target(Point(bob, SipTransportProtocol.Udp)));

        _time.Advance(TimeSpan.FromMilliseconds(49));
        Assert.That(bob.Received.TryRead(out _), Is.False);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.That(bob.Received.TryRead(out var m), Is.True);
        m!.Message.Dispose();
    }

    [Test]
    public async Task Loss_DropsAboutTheConfiguredShare()
    {
        var alice = _network.AddNode(AliceIp);
        var bob = _network.AddNode(BobIp);
        _network.DefaultLink = new SipLinkConditions { LossRate = 0.3 };
        for (var i = 0; i < 200; i++)
        {
            using var request = Options(Point(alice, SipTransportProtocol.Udp), cseq: (uint)(i + 1));
            await alice.SendRequestAsync(request, Target(Point(bob, SipTransportProtocol.Udp)));
        }

        var got = Drain(bob);
        DisposeAll(got);
        var lost = _network.Trace.Count(e => e.Kind == SipInMemoryTraceKind.Lost);
        Assert.That(got.Count + lost, Is.EqualTo(200));
        Assert.That(lost, Is.InRange(35, 85));
    }

    [Test]
    public async Task Duplication_DeliversSomeMessagesTwice()
    {
        var alice = _network.AddNode(AliceIp);
        var bob = _network.AddNode(BobIp);
        _network.DefaultLink = new SipLinkConditions { DuplicateRate = 0.5 };
        for (var i = 0; i < 40; i++)
        {
            using var request = Options(Point(alice, SipTransportProtocol.Udp), cseq: (uint)(i + 1));
            await alice.SendRequestAsync(request, Target(Point(bob, SipTransportProtocol.Udp)));
        }

        var got = Drain(bob);
        var duplicates = _network.Trace.Count(e => e.Kind == SipInMemoryTraceKind.Duplicated);
        Assert.That(duplicates, Is.InRange(8, 32));
        Assert.That(got, Has.Count.EqualTo(40 + duplicates));
        Assert.That(got.Select(m => m.Message.CSeqNumber).Distinct().Count(), Is.EqualTo(40));
        DisposeAll(got);
    }

    [Test]
    public async Task Jitter_ReordersDatagramsButNotStreamMessages()
    {
        var alice = _network.AddNode(AliceIp);
        var bob = _network.AddNode(BobIp);
        _network.DefaultLink = new SipLinkConditions { Latency = TimeSpan.FromMilliseconds(10), Jitter = TimeSpan.FromMilliseconds(100) };
        foreach (var protocol in new[] { SipTransportProtocol.Udp, SipTransportProtocol.Tcp })
        {
            for (var i = 1; i <= 20; i++)
            {
                using var request = Options(Point(alice, protocol), cseq: (uint)i);
                await alice.SendRequestAsync(request, Target(Point(bob, protocol)));
                _time.Advance(TimeSpan.FromMilliseconds(1));
            }
        }

        _time.Advance(TimeSpan.FromSeconds(1));
        var got = Drain(bob);
        var udp = got.Where(m => m.Flow.Protocol == SipTransportProtocol.Udp).Select(m => m.Message.CSeqNumber).ToList();
        var tcp = got.Where(m => m.Flow.Protocol == SipTransportProtocol.Tcp).Select(m => m.Message.CSeqNumber).ToList();
        DisposeAll(got);
        Assert.That(udp, Is.EquivalentTo(Enumerable.Range(1, 20).Select(i => (uint)i)));
        Assert.That(udp, Is.Not.Ordered, "100 ms of jitter over 1 ms spacing reorders");
        Assert.That(tcp, Is.EqualTo(Enumerable.Range(1, 20).Select(i => (uint)i)));
    }

    [Test]
    public async Task Cut_LosesDatagramsResetsConnectionsAndRefusesNewOnes_HealRestores()
    {
        var alice = _network.AddNode(AliceIp);
        var bob = _network.AddNode(BobIp);
        using var request = Options(Point(alice, SipTransportProtocol.Tcp));
        var flow = await alice.SendRequestAsync(request, Target(Point(bob, SipTransportProtocol.Tcp)));
        DisposeAll(Drain(bob));
        Assert.That(alice.OpenConnections, Has.Count.EqualTo(1));

        _network.Cut(Ip("10.0.0.2"), Ip("10.0.0.1")); // fresh instances, either order
        Assert.That(alice.OpenConnections, Is.Empty);
        Assert.That(bob.OpenConnections, Is.Empty);
        using var udp = Options(Point(alice, SipTransportProtocol.Udp));
        await alice.SendRequestAsync(udp, Target(Point(bob, SipTransportProtocol.Udp)));
        Assert.That(bob.Received.TryRead(out _), Is.False);
        Assert.ThrowsAsync<SipTransportException>(async () => await alice.SendRequestAsync(request, Target(Point(bob, SipTransportProtocol.Tcp))));

        _network.Heal(AliceIp, BobIp);
        var again = await alice.SendRequestAsync(request, Target(Point(bob, SipTransportProtocol.Tcp)));
        Assert.That(again.ConnectionId, Is.Not.EqualTo(flow.ConnectionId), "a dead connection is never reused");
        var got = Drain(bob);
        Assert.That(got, Has.Count.EqualTo(1));
        DisposeAll(got);
    }

    [Test]
    public async Task Tcp_ReusesTheOpenConnection()
    {
        var alice = _network.AddNode(AliceIp);
        var bob = _network.AddNode(BobIp);
        using var request = Options(Point(alice, SipTransportProtocol.Tcp));
        var first = await alice.SendRequestAsync(request, Target(Point(bob, SipTransportProtocol.Tcp)));
        var second = await alice.SendRequestAsync(request, Target(Point(bob, SipTransportProtocol.Tcp)));
        Assert.That(second, Is.EqualTo(first));
        Assert.That(first.IsReliable, Is.True);
        Assert.That(first.Local.Port, Is.GreaterThanOrEqualTo(49152), "the client end has an ephemeral port");
        DisposeAll(Drain(bob));
    }

    [Test]
    public async Task Tcp_ResponseGoesBackOnTheRequestConnection()
    {
        var alice = _network.AddNode(AliceIp);
        var bob = _network.AddNode(BobIp);
        using var request = Options(Point(alice, SipTransportProtocol.Tcp));
        var flow = await alice.SendRequestAsync(request, Target(Point(bob, SipTransportProtocol.Tcp)));
        var received = Drain(bob).Single();
        using (received.Message)
        {
            Assert.That(received.Flow.ConnectionId, Is.EqualTo(flow.ConnectionId));
            using var response = SipResponseBuilder.For((SipRequest)received.Message, 200).Build();
            await bob.SendResponseAsync(response, received.Flow);
        }

        var answer = Drain(alice).Single();
        Assert.That(answer.Flow.ConnectionId, Is.EqualTo(flow.ConnectionId));
        answer.Message.Dispose();
        Assert.That(bob.OpenConnections, Has.Count.EqualTo(1), "no second connection was opened");
    }

    [Test]
    public async Task Tcp_ConnectionGone_ResponseOpensANewOneToSentBy()
    {
        var alice = _network.AddNode(AliceIp);
        var bob = _network.AddNode(BobIp);
        using var request = Options(Point(alice, SipTransportProtocol.Tcp));
        var flow = await alice.SendRequestAsync(request, Target(Point(bob, SipTransportProtocol.Tcp)));
        var received = Drain(bob).Single();
        Assert.That(alice.CloseConnection(flow.ConnectionId), Is.True);
        using (received.Message)
        {
            using var response = SipResponseBuilder.For((SipRequest)received.Message, 200).Build();
            await bob.SendResponseAsync(response, received.Flow);
        }

        var answer = Drain(alice).Single();
        Assert.That(answer.Flow.ConnectionId, Is.Not.EqualTo(flow.ConnectionId));
        Assert.That(answer.Flow.Local, Is.EqualTo(new IPEndPoint(AliceIp, 5060)), "RFC 3261 §18.2.2: to sent-by's port");
        answer.Message.Dispose();
    }

    [Test]
    public async Task Tcp_GarbageClosesOnlyThatConnection()
    {
        var alice = _network.AddNode(AliceIp);
        var carol = _network.AddNode(Ip("10.0.0.3"));
        var bob = _network.AddNode(BobIp);
        using var fromAlice = Options(Point(alice, SipTransportProtocol.Tcp));
        using var fromCarol = Options(Point(carol, SipTransportProtocol.Tcp));
        await alice.SendRequestAsync(fromAlice, Target(Point(bob, SipTransportProtocol.Tcp)));
        var carolFlow = await carol.SendRequestAsync(fromCarol, Target(Point(bob, SipTransportProtocol.Tcp)));
        DisposeAll(Drain(bob));

        bob.InjectStreamBytes(carolFlow.ConnectionId, Bytes("GARBAGE\n\n"));
        Assert.That(carol.OpenConnections, Is.Empty);
        Assert.That(alice.OpenConnections, Has.Count.EqualTo(1));
        Assert.That(bob.MalformedCount, Is.EqualTo(1));
        await alice.SendRequestAsync(fromAlice, Target(Point(bob, SipTransportProtocol.Tcp)));
        Assert.That(Drain(bob), Has.Count.EqualTo(1).And.All.Matches<SipReceivedMessage>(m => { m.Message.Dispose(); return true; }));
    }

    [Test]
    public async Task Tls_TargetWithoutHostName_Throws()
    {
        var alice = _network.AddNode(AliceIp, SipTransportProtocol.Tls);
        var bob = _network.AddNode(BobIp, SipTransportProtocol.Tls);
        using var request = Options(Point(alice, SipTransportProtocol.Tls));
        Assert.ThrowsAsync<SipTransportException>(async () => await alice.SendRequestAsync(request, Target(Point(bob, SipTransportProtocol.Tls))));
        var flow = await alice.SendRequestAsync(request, Target(Point(bob, SipTransportProtocol.Tls), "bob.example.com"));
        Assert.That(flow.Protocol, Is.EqualTo(SipTransportProtocol.Tls));
        DisposeAll(Drain(bob));
    }

    [Test]
    public async Task Udp_RequestOver1300Bytes_ThrowsSoTheCallerCanUseTcp()
    {
        var alice = _network.AddNode(AliceIp);
        var bob = _network.AddNode(BobIp);
        using var big = Options(Point(alice, SipTransportProtocol.Udp), bodyBytes: 1300);
        var ex = Assert.ThrowsAsync<SipTransportException>(async () => await alice.SendRequestAsync(big, Target(Point(bob, SipTransportProtocol.Udp))));
        Assert.That(ex!.Message, Does.Contain("1300"));
        await alice.SendRequestAsync(big, Target(Point(bob, SipTransportProtocol.Tcp)));
        DisposeAll(Drain(bob));
    }

    [Test]
    public async Task Udp_LargeResponse_IsAllowed()
    {
        var alice = _network.AddNode(AliceIp);
        var bob = _network.AddNode(BobIp);
        using var request = Options(Point(alice, SipTransportProtocol.Udp));
        await alice.SendRequestAsync(request, Target(Point(bob, SipTransportProtocol.Udp)));
        var received = Drain(bob).Single();
        using (received.Message)
        {
            using var response = SipResponseBuilder.For((SipRequest)received.Message, 200).SetBody(new byte[5000], "application/octet-stream").Build();
            await bob.SendResponseAsync(response, received.Flow);
        }

        var answer = Drain(alice).Single();
        Assert.That(answer.Message.Body.Length, Is.EqualTo(5000));
        answer.Message.Dispose();
    }

    [Test]
    public async Task RestartNode_LosesInFlightMessagesAndClosesTheOldLayer()
    {
        var alice = _network.AddNode(AliceIp);
        var bob = _network.AddNode(BobIp);
        _network.DefaultLink = new SipLinkConditions { Latency = TimeSpan.FromMilliseconds(20) };
        using var request = Options(Point(alice, SipTransportProtocol.Udp));
        await alice.SendRequestAsync(request, Target(Point(bob, SipTransportProtocol.Udp)));
        var newBob = _network.RestartNode(BobIp);
        _time.Advance(TimeSpan.FromMilliseconds(20));
        Assert.That(newBob.Received.TryRead(out _), Is.False);
        Assert.That(bob.Received.Completion.IsCompleted, Is.True);
        Assert.ThrowsAsync<SipTransportException>(async () => await bob.SendRequestAsync(request, Target(Point(alice, SipTransportProtocol.Udp))));

        await alice.SendRequestAsync(request, Target(Point(newBob, SipTransportProtocol.Udp)));
        _time.Advance(TimeSpan.FromMilliseconds(20));
        Assert.That(newBob.Received.TryRead(out var m), Is.True);
        m!.Message.Dispose();
    }

    [Test]
    public async Task SameSeed_SameTrace_DifferentSeed_DifferentTrace()
    {
        var a = await RunScriptAsync(7);
        var b = await RunScriptAsync(7);
        var c = await RunScriptAsync(8);
        Assert.That(b, Is.EqualTo(a));
        Assert.That(c, Is.Not.EqualTo(a));
    }

    [Test]
    public async Task ResponseNotAddressedToUs_IsDroppedAndCounted()
    {
        var alice = _network.AddNode(AliceIp);
        var bob = _network.AddNode(BobIp);

        // Bob sends a request whose Via names a third host; Alice's response goes there (received is added), so
        // inject the response at Bob directly: its sent-by is not Bob's (RFC 3261 §18.1.2).
        using var request = Options(Point(bob, SipTransportProtocol.Udp), via: "SIP/2.0/UDP 10.9.9.9:5060;branch=z9hG4bKx");
        using var response = SipResponseBuilder.For(request, 200).Build();
        var flow = new SipFlow(SipTransportProtocol.Udp, new IPEndPoint(AliceIp, 5060), new IPEndPoint(BobIp, 5060), 0);
        Assert.ThrowsAsync<SipTransportException>(async () => await alice.SendResponseAsync(response, flow with { Protocol = SipTransportProtocol.Tcp }), "no TCP listener at 10.9.9.9");
        bob.InjectDatagram(new IPEndPoint(AliceIp, 5060), 5060, response.ToArray());
        Assert.That(bob.Received.TryRead(out _), Is.False);
        Assert.That(bob.DroppedCount, Is.EqualTo(1));
    }

    [Test]
    public void MalformedUdpRequest_WithRecoverableHeaders_IsAnswered400()
    {
        var alice = _network.AddNode(AliceIp);
        var bob = _network.AddNode(BobIp);
        var bad = Bytes("OPTIONS sip:bob@example.com SIP/2.0\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKbad\nFrom: <sip:a@example.com>;tag=1\nTo: <sip:bob@example.com>\nCall-ID: bad1\nCSeq: 1 OPTIONS\nMax-Forwards: 70\nContent-Length: 99999999999\n\n");
        bob.InjectDatagram(new IPEndPoint(AliceIp, 5060), 5060, bad);
        Assert.That(bob.Received.TryRead(out _), Is.False);
        Assert.That(bob.MalformedCount, Is.EqualTo(1));
        Assert.That(alice.Received.TryRead(out var reply), Is.True);
        using (reply!.Message)
        {
            Assert.That(((SipResponse)reply.Message).StatusCode, Is.EqualTo(400));
            Assert.That(reply.Message.CallId, Is.EqualTo("bad1"));
        }
    }

    private static async Task<string> RunScriptAsync(int seed)
    {
        var time = new FakeTimeProvider();
        using var network = new SipInMemoryNetwork(seed, time);
        network.DefaultLink = new SipLinkConditions
        {
            Latency = TimeSpan.FromMilliseconds(5), Jitter = TimeSpan.FromMilliseconds(30), LossRate = 0.2, DuplicateRate = 0.2,
        };
        var alice = network.AddNode(AliceIp);
        var bob = network.AddNode(BobIp);
        for (var i = 1; i <= 30; i++)
        {
            using var request = Options(Point(alice, SipTransportProtocol.Udp), cseq: (uint)i, callId: "call-" + i);
            await alice.SendRequestAsync(request, Target(Point(bob, SipTransportProtocol.Udp)));
            time.Advance(TimeSpan.FromMilliseconds(3));
        }

        time.Advance(TimeSpan.FromSeconds(1));
        DisposeAll(Drain(bob));

        // Branches and tags are random (RandomNumberGenerator); the trace shows first lines only.
        return string.Join("\n", network.Trace);
    }
}
