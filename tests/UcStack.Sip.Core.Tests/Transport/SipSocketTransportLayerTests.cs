using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using UcStack.Sip.Transport;
using static UcStack.Sip.Tests.Transport.SocketTestKit;
using static UcStack.Sip.Tests.Transport.TransportTestMessages;

namespace UcStack.Sip.Tests.Transport;

[TestFixture]
public sealed class SipSocketTransportLayerTests
{
    private readonly List<IAsyncDisposable> _layers = [];
    private readonly List<Socket> _sockets = [];

    [TearDown]
    public async Task TearDown()
    {
        foreach (var s in _sockets) s.Dispose();
        _sockets.Clear();
        foreach (var l in _layers) await l.DisposeAsync();
        _layers.Clear();
    }

    private SipSocketTransportLayer Layer(SipSocketTransportOptions? options = null, TimeProvider? time = null, params SipTransportProtocol[] protocols)
    {
        var layer = Start(options, time, protocols);
        _layers.Add(layer);
        return layer;
    }

    private async Task<Socket> RawAsync(IPEndPoint endPoint)
    {
        var socket = await ConnectRawAsync(endPoint);
        _sockets.Add(socket);
        return socket;
    }

    [Test]
    public async Task Udp_RequestAndResponse_WithRPort()
    {
        var alice = Layer();
        var bob = Layer();
        var aliceUdp = Point(alice, SipTransportProtocol.Udp);
        using var request = Options(aliceUdp, via: $"SIP/2.0/UDP {aliceUdp.EndPoint};rport;branch=z9hG4bKudp1");
        var flow = await alice.SendRequestAsync(request, Target(Point(bob, SipTransportProtocol.Udp)));
        Assert.That(flow.Local, Is.EqualTo(aliceUdp.EndPoint));

        var received = await ReceiveAsync(bob);
        using (received.Message)
        {
            Assert.That(received.Flow.Remote, Is.EqualTo(aliceUdp.EndPoint));
            Assert.That(received.Message.Vias[0].RPort, Is.EqualTo(aliceUdp.EndPoint.Port));
            Assert.That(received.Message.Vias[0].Received, Is.EqualTo("127.0.0.1"));
            using var response = SipResponseBuilder.For((SipRequest)received.Message, 200).WithToTag().Build();
            await bob.SendResponseAsync(response, received.Flow);
        }

        var answer = await ReceiveAsync(alice);
        using (answer.Message) Assert.That(((SipResponse)answer.Message).StatusCode, Is.EqualTo(200));
        Assert.That(bob.ReceivedCount, Is.EqualTo(1));
    }

    [Test]
    public async Task Udp_MalformedRequest_IsAnswered400()
    {
        var bob = Layer();
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var from = new SipListenPoint(SipTransportProtocol.Udp, (IPEndPoint)client.LocalEndPoint!);
        var bad = Encoding.ASCII.GetString(RawMessage(from, "bad400")).Replace("Content-Length: 0", "Content-Length: 77", StringComparison.Ordinal);
        using var cts = new CancellationTokenSource(TransportTestMessages.Timeout);
        await client.SendToAsync(Encoding.ASCII.GetBytes(bad), SocketFlags.None, Point(bob, SipTransportProtocol.Udp).EndPoint, cts.Token);
        var buffer = new byte[2048];
        var n = await client.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
        using var reply = SipResponse.Parse(buffer.AsSpan(0, n));
        Assert.That(reply.StatusCode, Is.EqualTo(400));
        Assert.That(reply.CallId, Is.EqualTo("bad400"));
        Assert.That(bob.ParseFailureCount, Is.EqualTo(1));
    }

    [Test]
    public async Task Udp_RequestOver1300Bytes_Throws()
    {
        var alice = Layer();
        var bob = Layer();
        using var big = Options(Point(alice, SipTransportProtocol.Udp), bodyBytes: 1400);
        Assert.ThrowsAsync<SipTransportException>(async () => await alice.SendRequestAsync(big, Target(Point(bob, SipTransportProtocol.Udp))));
        await alice.SendRequestAsync(big, Target(Point(bob, SipTransportProtocol.Tcp)));
        var received = await ReceiveAsync(bob);
        received.Message.Dispose();
    }

    [Test]
    public async Task Tcp_TwoMessagesInOneSegment_BothDeliveredInOrder()
    {
        var bob = Layer();
        var socket = await RawAsync(Point(bob, SipTransportProtocol.Tcp).EndPoint);
        var from = new SipListenPoint(SipTransportProtocol.Tcp, (IPEndPoint)socket.LocalEndPoint!);
        await SendAllAsync(socket, [.. RawMessage(from, "one", bodyBytes: 5), .. RawMessage(from, "two")]);
        var first = await ReceiveAsync(bob);
        var second = await ReceiveAsync(bob);
        Assert.That(new[] { first.Message.CallId, second.Message.CallId }, Is.EqualTo(new[] { "one", "two" }));
        Assert.That(first.Message.Body.Length, Is.EqualTo(5));
        Assert.That(second.Flow.ConnectionId, Is.EqualTo(first.Flow.ConnectionId));
        first.Message.Dispose();
        second.Message.Dispose();
    }

    [Test]
    public async Task Tcp_MessageSplitByteByByte_IsReassembled()
    {
        var bob = Layer();
        var socket = await RawAsync(Point(bob, SipTransportProtocol.Tcp).EndPoint);
        var from = new SipListenPoint(SipTransportProtocol.Tcp, (IPEndPoint)socket.LocalEndPoint!);
        var bytes = RawMessage(from, "split", bodyBytes: 3);
        foreach (var b in bytes) await SendAllAsync(socket, [b]);
        var received = await ReceiveAsync(bob);
        using (received.Message)
        {
            Assert.That(received.Message.CallId, Is.EqualTo("split"));
            Assert.That(received.Message.Body.ToArray(), Is.EqualTo("bbb"u8.ToArray()));
        }
    }

    [Test]
    public async Task Tcp_GarbageClosesThatConnectionOnly()
    {
        var bob = Layer();
        var tcp = Point(bob, SipTransportProtocol.Tcp).EndPoint;
        var good = await RawAsync(tcp);
        var bad = await RawAsync(tcp);
        await SendAllAsync(bad, Encoding.ASCII.GetBytes("THIS IS NOT SIP\r\n\r\n"));
        var (closed, _) = await ReadAsync(bad);
        Assert.That(closed, Is.True, "the garbage connection is closed");

        await SendAllAsync(good, RawMessage(new SipListenPoint(SipTransportProtocol.Tcp, (IPEndPoint)good.LocalEndPoint!), "still-fine"));
        var received = await ReceiveAsync(bob);
        using (received.Message) Assert.That(received.Message.CallId, Is.EqualTo("still-fine"));
        Assert.That(bob.ParseFailureCount, Is.EqualTo(1));
    }

    [Test]
    public async Task Tcp_ConnectionIsReused_AndResponseReturnsOnIt()
    {
        var alice = Layer();
        var bob = Layer();
        using var r1 = Options(Point(alice, SipTransportProtocol.Tcp), cseq: 1);
        using var r2 = Options(Point(alice, SipTransportProtocol.Tcp), cseq: 2);
        var f1 = await alice.SendRequestAsync(r1, Target(Point(bob, SipTransportProtocol.Tcp)));
        var f2 = await alice.SendRequestAsync(r2, Target(Point(bob, SipTransportProtocol.Tcp)));
        Assert.That(f2, Is.EqualTo(f1));
        var m1 = await ReceiveAsync(bob);
        var m2 = await ReceiveAsync(bob);
        Assert.That(m2.Flow.ConnectionId, Is.EqualTo(m1.Flow.ConnectionId));
        using (var response = SipResponseBuilder.For((SipRequest)m1.Message, 200).Build()) await bob.SendResponseAsync(response, m1.Flow);
        var answer = await ReceiveAsync(alice);
        Assert.That(answer.Flow.ConnectionId, Is.EqualTo(f1.ConnectionId));
        Assert.That(bob.OpenConnections, Has.Count.EqualTo(1));
        m1.Message.Dispose();
        m2.Message.Dispose();
        answer.Message.Dispose();
    }

    [Test]
    public async Task Tcp_ClosedConnection_IsNotReused()
    {
        var alice = Layer();
        var bob = Layer();
        using var request = Options(Point(alice, SipTransportProtocol.Tcp));
        var first = await alice.SendRequestAsync(request, Target(Point(bob, SipTransportProtocol.Tcp)));
        var received = await ReceiveAsync(bob);
        received.Message.Dispose();
        Assert.That(bob.CloseConnection(received.Flow.ConnectionId), Is.True);
        await WaitUntilAsync(() => alice.OpenConnections.Count == 0, "alice notices the close");

        var second = await alice.SendRequestAsync(request, Target(Point(bob, SipTransportProtocol.Tcp)));
        Assert.That(second.ConnectionId, Is.Not.EqualTo(first.ConnectionId));
        var again = await ReceiveAsync(bob);
        again.Message.Dispose();
    }

    [Test]
    public async Task Tcp_RequestConnectionGone_ResponseOpensANewConnectionToSentBy()
    {
        var alice = Layer();
        var bob = Layer();
        using var request = Options(Point(alice, SipTransportProtocol.Tcp));
        var flow = await alice.SendRequestAsync(request, Target(Point(bob, SipTransportProtocol.Tcp)));
        var received = await ReceiveAsync(bob);
        alice.CloseConnection(flow.ConnectionId);
        await WaitUntilAsync(() => bob.OpenConnections.Count == 0, "bob notices the close");
        using (var response = SipResponseBuilder.For((SipRequest)received.Message, 200).Build()) await bob.SendResponseAsync(response, received.Flow);
        received.Message.Dispose();

        var answer = await ReceiveAsync(alice);
        Assert.That(answer.Flow.Local, Is.EqualTo(Point(alice, SipTransportProtocol.Tcp).EndPoint), "RFC 3261 §18.2.2: to the sent-by port");
        answer.Message.Dispose();
    }

    [Test]
    public async Task Tcp_Refused_ThrowsTransportException()
    {
        var alice = Layer();
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var nobody = (IPEndPoint)probe.LocalEndPoint!;
        using var request = Options(Point(alice, SipTransportProtocol.Tcp));
        Assert.ThrowsAsync<SipTransportException>(async () => await alice.SendRequestAsync(request, new SipTransportTarget(SipTransportProtocol.Tcp, nobody)));
        Assert.That(alice.OpenConnections, Is.Empty);
    }

    [Test]
    public async Task KeepAlive_DoubleCrlfPing_IsAnsweredWithASingleCrlf()
    {
        var bob = Layer();
        var socket = await RawAsync(Point(bob, SipTransportProtocol.Tcp).EndPoint);
        await SendAllAsync(socket, "\r\n\r\n"u8.ToArray());
        var (_, pong) = await ReadAsync(socket, expected: 2);
        Assert.That(pong, Is.EqualTo("\r\n"u8.ToArray()));

        // Split ping: the layer waits for the second CRLF instead of taking the first for a pong.
        await SendAllAsync(socket, "\r\n"u8.ToArray());
        await SendAllAsync(socket, "\r\n"u8.ToArray());
        var (_, pong2) = await ReadAsync(socket, expected: 2);
        Assert.That(pong2, Is.EqualTo("\r\n"u8.ToArray()));
    }

    [Test]
    public async Task KeepAlive_Interval_SendsPingsOnQuietConnections()
    {
        var time = new FakeTimeProvider();
        var bob = Layer(new SipSocketTransportOptions { KeepAliveInterval = TimeSpan.FromSeconds(20), IdleTimeout = System.Threading.Timeout.InfiniteTimeSpan }, time);
        var socket = await RawAsync(Point(bob, SipTransportProtocol.Tcp).EndPoint);
        await WaitUntilAsync(() => bob.OpenConnections.Count == 1, "the connection is accepted");
        time.Advance(TimeSpan.FromSeconds(15));
        Assert.That(socket.Available, Is.Zero, "no ping before the interval");

        // The check runs every 5 s: the tick at 20 s is the only one that finds the connection quiet for 20 s.
        time.Advance(TimeSpan.FromSeconds(6));
        var (_, ping) = await ReadAsync(socket, expected: 4);
        Assert.That(ping, Is.EqualTo("\r\n\r\n"u8.ToArray()));
    }

    [Test]
    public async Task IdleTimeout_ClosesTheConnection()
    {
        var time = new FakeTimeProvider();
        var bob = Layer(new SipSocketTransportOptions { IdleTimeout = TimeSpan.FromSeconds(30) }, time);
        var socket = await RawAsync(Point(bob, SipTransportProtocol.Tcp).EndPoint);
        await WaitUntilAsync(() => bob.OpenConnections.Count == 1, "the connection is accepted");
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.That(bob.OpenConnections, Has.Count.EqualTo(1), "not idle long enough yet");
        time.Advance(TimeSpan.FromSeconds(15));
        var (closed, _) = await ReadAsync(socket);
        Assert.That(closed, Is.True);
        await WaitUntilAsync(() => bob.OpenConnections.Count == 0, "the table forgets it");
    }

    [Test]
    public async Task MaxConnections_RefusesBeyondTheLimit()
    {
        var bob = Layer(new SipSocketTransportOptions { MaxConnections = 1 });
        var tcp = Point(bob, SipTransportProtocol.Tcp).EndPoint;
        var first = await RawAsync(tcp);

        // A connection that delivered a message is never evicted to make room (see the abuse fixture).
        await SendAllAsync(first, RawMessage(new SipListenPoint(SipTransportProtocol.Tcp, (IPEndPoint)first.LocalEndPoint!), "first"));
        (await ReceiveAsync(bob)).Message.Dispose();
        var second = await RawAsync(tcp);
        var (closed, _) = await ReadAsync(second);
        Assert.That(closed, Is.True);
        Assert.That(first.Connected, Is.True);
    }

    [Test]
    public async Task Response_NotForOurSentBy_IsDroppedAndCounted()
    {
        var bob = Layer();
        var socket = await RawAsync(Point(bob, SipTransportProtocol.Tcp).EndPoint);
        await SendAllAsync(socket, Encoding.ASCII.GetBytes(
            "SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP 192.0.2.99:5060;branch=z9hG4bKx\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>;tag=2\r\nCall-ID: stray\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"));
        await SendAllAsync(socket, RawMessage(new SipListenPoint(SipTransportProtocol.Tcp, (IPEndPoint)socket.LocalEndPoint!), "after"));
        var received = await ReceiveAsync(bob);
        using (received.Message) Assert.That(received.Message.CallId, Is.EqualTo("after"));
        Assert.That(bob.DroppedCount, Is.EqualTo(1));
    }

    [Test]
    public async Task Ipv6Loopback_UdpAndTcp()
    {
        if (!Socket.OSSupportsIPv6) Assert.Ignore("IPv6 is not available on this machine");
        SipSocketTransportLayer alice, bob;
        var points = new SipSocketTransportOptions
        {
            ListenPoints = [new(SipTransportProtocol.Udp, new IPEndPoint(IPAddress.IPv6Loopback, 0)), new(SipTransportProtocol.Tcp, new IPEndPoint(IPAddress.IPv6Loopback, 0))],
        };
        try
        {
            alice = Layer(points);
            bob = Layer(points);
        }
        catch (SipTransportException e)
        {
            Assert.Ignore("::1 cannot be bound here: " + e.Message);
            return;
        }

        foreach (var protocol in new[] { SipTransportProtocol.Udp, SipTransportProtocol.Tcp })
        {
            using var request = Options(Point(alice, protocol));
            await alice.SendRequestAsync(request, Target(Point(bob, protocol)));
            var received = await ReceiveAsync(bob);
            using (received.Message)
            {
                Assert.That(received.Flow.Remote.AddressFamily, Is.EqualTo(AddressFamily.InterNetworkV6));
                Assert.That(received.Message.Vias[0].Received, Is.Null);
                using var response = SipResponseBuilder.For((SipRequest)received.Message, 200).Build();
                await bob.SendResponseAsync(response, received.Flow);
            }

            var answer = await ReceiveAsync(alice);
            answer.Message.Dispose();
        }
    }

    [Test]
    public async Task Backpressure_AReaderThatDoesNotRead_BoundsWhatIsReadFromTheSocket()
    {
        var bob = Layer(new SipSocketTransportOptions { ReceiveCapacity = 2 });
        var socket = await RawAsync(Point(bob, SipTransportProtocol.Tcp).EndPoint);
        var from = new SipListenPoint(SipTransportProtocol.Tcp, (IPEndPoint)socket.LocalEndPoint!);
        var one = RawMessage(from, "flood", bodyBytes: 1000);
        var flood = new byte[one.Length * 4000];
        for (var i = 0; i < 4000; i++) one.CopyTo(flood, i * one.Length);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var writing = socket.SendAsync(flood, SocketFlags.None, cts.Token).AsTask();
        await Task.WhenAny(writing, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None));
        await WaitUntilAsync(() => bob.OpenConnections.Count == 1, "the connection is accepted");
        var connection = bob.FindConnection(bob.OpenConnections[0].ConnectionId)!;

        // Two messages wait in the channel and one in the loop's blocked write: at most a few messages plus one
        // read buffer have left the socket, however much the peer sent.
        Assert.That(connection.BytesRead, Is.LessThan(one.Length * 4 + 64 * 1024), $"read {connection.BytesRead} of {flood.Length}");
        Assert.That(connection.MaxUnconsumedBytes, Is.LessThanOrEqualTo(SipParserLimits.Default.MaxMessageBytes + SipParserLimits.Default.MaxHeaderSectionBytes));

        // Reading resumes the flow.
        for (var i = 0; i < 10; i++) (await ReceiveAsync(bob)).Message.Dispose();
        Assert.That(connection.BytesRead, Is.GreaterThan(one.Length * 10));
        socket.Dispose();
        try { await writing; } catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException) { }
    }

    [Test]
    public async Task Dispose_ReleasesSocketsAndTasks_AndCompletesReceived()
    {
        var bob = Start();
        var udp = Point(bob, SipTransportProtocol.Udp).EndPoint;
        var tcp = Point(bob, SipTransportProtocol.Tcp).EndPoint;
        var client = await RawAsync(tcp);
        await WaitUntilAsync(() => bob.OpenConnections.Count == 1, "the connection is accepted");
        await WaitUntilAsync(() => bob.RunningTaskCount == 3, "UDP, accept and connection loops run");

        await bob.DisposeAsync();
        Assert.That(bob.RunningTaskCount, Is.Zero);
        Assert.That(bob.Received.Completion.IsCompleted, Is.True);
        var (closed, _) = await ReadAsync(client);
        Assert.That(closed, Is.True);
        using var rebindUdp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        Assert.DoesNotThrow(() => rebindUdp.Bind(udp), "the UDP port was released");
        using var connect = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        Assert.ThrowsAsync<SocketException>(async () => await connect.ConnectAsync(tcp), "nothing listens any more");
        using var request = Options(new SipListenPoint(SipTransportProtocol.Udp, udp));
        Assert.ThrowsAsync<SipTransportException>(async () => await bob.SendRequestAsync(request, new SipTransportTarget(SipTransportProtocol.Udp, udp)));
    }
}
