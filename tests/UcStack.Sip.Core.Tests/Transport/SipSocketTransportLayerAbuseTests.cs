using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using UcStack.Sip.Transport;
using static UcStack.Sip.Tests.Transport.SocketTestKit;
using static UcStack.Sip.Tests.Transport.TransportTestMessages;
using Reasons = UcStack.Sip.Transport.SipSocketTransportLayer.AbortReasons;

namespace UcStack.Sip.Tests.Transport;

/// <summary>Hostile stream peers (slow loris, oversized messages, connection floods) against the socket layer:
/// the offending connection goes, a legitimate peer is still served.</summary>
[TestFixture]
public sealed class SipSocketTransportLayerAbuseTests
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

    private SipSocketTransportLayer Layer(SipSocketTransportOptions? options = null, TimeProvider? time = null)
    {
        var layer = Start(options, time, SipTransportProtocol.Tcp, SipTransportProtocol.Udp);
        _layers.Add(layer);
        return layer;
    }

    private async Task<Socket> RawAsync(IPEndPoint endPoint, IPAddress? from = null)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _sockets.Add(socket);
        if (from is not null) socket.Bind(new IPEndPoint(from, 0));
        using var cts = new CancellationTokenSource(TransportTestMessages.Timeout);
        await socket.ConnectAsync(endPoint, cts.Token);
        return socket;
    }

    private static SipListenPoint From(Socket socket) => new(SipTransportProtocol.Tcp, (IPEndPoint)socket.LocalEndPoint!);

    private static async Task<SipStreamConnection> ServerSideAsync(SipSocketTransportLayer layer, Socket client)
    {
        var local = (IPEndPoint)client.LocalEndPoint!;
        await WaitUntilAsync(() => layer.OpenConnections.Any(f => f.Remote.Equals(local)), "the connection is accepted");
        return layer.FindConnection(layer.OpenConnections.First(f => f.Remote.Equals(local)).ConnectionId)!;
    }

    /// <summary>A request whose header section is cut before its end.</summary>
    private static byte[] PartialHead(Socket socket, string callId, int padBytes = 0)
    {
        var full = Encoding.ASCII.GetString(RawMessage(From(socket), callId));
        var head = full[..full.IndexOf("Content-Length", StringComparison.Ordinal)];
        return Encoding.ASCII.GetBytes(head + (padBytes > 0 ? "X-Pad: " + new string('p', padBytes) + "\r\n" : ""));
    }

    private static async Task ExpectClosedAsync(Socket socket, string what)
    {
        var (closed, _) = await ReadAsync(socket);
        Assert.That(closed, Is.True, what);
    }

    private static async Task ExpectDeliveredAsync(SipSocketTransportLayer layer, string callId)
    {
        while (true)
        {
            var received = await ReceiveAsync(layer);
            using (received.Message)
            {
                if (received.Message.CallId == callId) return;
            }
        }
    }

    [Test]
    public async Task SlowLoris_TrickledHeader_IsClosedAtTheMessageReadTimeout_ThoughNeverIdle()
    {
        var time = new FakeTimeProvider();
        var bob = Layer(new SipSocketTransportOptions { MessageReadTimeout = TimeSpan.FromSeconds(20) }, time);
        var loris = await RawAsync(Point(bob, SipTransportProtocol.Tcp).EndPoint);
        var connection = await ServerSideAsync(bob, loris);
        var head = PartialHead(loris, "loris");
        await SendAllAsync(loris, head[..10]);
        await WaitUntilAsync(() => connection.PendingBytes == 10, "the first octets are held");

        // The peer sends an octet every few seconds: the idle timeout never fires, the message clock keeps running.
        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            await SendAllAsync(loris, head[(10 + i)..(11 + i)]);
            await WaitUntilAsync(() => connection.PendingBytes == 11 + i, "the trickled octet is held");
        }

        Assert.That(connection.IsOpen, Is.True, "15 s into the message it is still allowed");
        time.Advance(TimeSpan.FromSeconds(5));
        await ExpectClosedAsync(loris, "closed 20 s after the message's first octet");
        Assert.That(bob.AbortedCount(Reasons.MessageTimeout), Is.EqualTo(1));
        Assert.That(bob.AbortedCount(Reasons.IdleTimeout), Is.Zero);
        await WaitUntilAsync(() => bob.BufferedBytes == 0, "its bytes are released");
    }

    [Test]
    public async Task SlowLoris_KeepAlivesAndCompleteMessages_DoNotStartTheClock()
    {
        var time = new FakeTimeProvider();
        var bob = Layer(new SipSocketTransportOptions { MessageReadTimeout = TimeSpan.FromSeconds(20), IdleTimeout = System.Threading.Timeout.InfiniteTimeSpan }, time);
        var client = await RawAsync(Point(bob, SipTransportProtocol.Tcp).EndPoint);
        var connection = await ServerSideAsync(bob, client);

        // RFC 5626 §4.4.1: a ping is answered; a pong (single CRLF) is held without counting as a message.
        await SendAllAsync(client, "\r\n\r\n"u8.ToArray());
        var (_, pong) = await ReadAsync(client, expected: 2);
        Assert.That(pong, Is.EqualTo("\r\n"u8.ToArray()));
        await SendAllAsync(client, "\r\n"u8.ToArray());
        await WaitUntilAsync(() => connection.BytesRead == 6, "the pong is read");
        time.Advance(TimeSpan.FromSeconds(60));
        Assert.That(connection.IsOpen, Is.True, "keep-alives between messages never time out");

        // A message completed within the limit is delivered, then the clock stops again.
        var message = RawMessage(From(client), "in-time", bodyBytes: 10);
        await SendAllAsync(client, message[..^5]);
        await WaitUntilAsync(() => connection.PendingBytes > 0, "the first part is held");
        time.Advance(TimeSpan.FromSeconds(15));
        await SendAllAsync(client, message[^5..]);
        await ExpectDeliveredAsync(bob, "in-time");
        Assert.That(connection.PendingBytes, Is.Zero);
        time.Advance(TimeSpan.FromSeconds(60));
        Assert.That(connection.IsOpen, Is.True);
        Assert.That(bob.AbortedCount(Reasons.MessageTimeout), Is.Zero);
    }

    [Test]
    public async Task SlowLoris_ACompleteMessageWaitingForQueueRoom_IsNotTimedOut()
    {
        var time = new FakeTimeProvider();
        var bob = Layer(new SipSocketTransportOptions { MessageReadTimeout = TimeSpan.FromSeconds(20), MaxQueuedPerSource = 1 }, time);
        var client = await RawAsync(Point(bob, SipTransportProtocol.Tcp).EndPoint);
        var connection = await ServerSideAsync(bob, client);
        var first = RawMessage(From(client), "first");
        var second = RawMessage(From(client), "second");

        // The second message arrives in two parts, so its clock starts; once complete it waits for the first to be read.
        await SendAllAsync(client, [.. first, .. second[..20]]);
        await WaitUntilAsync(() => connection.PendingBytes == 20, "the second message's first part is held");
        await SendAllAsync(client, second[20..]);
        await WaitUntilAsync(() => bob.Received.Count == 1 && connection.BytesRead == first.Length + second.Length, "the second message is read");
        time.Advance(TimeSpan.FromSeconds(30));
        Assert.That(connection.IsOpen, Is.True, "our own backpressure is not the peer's slowness");
        await ExpectDeliveredAsync(bob, "first");
        await ExpectDeliveredAsync(bob, "second");
        Assert.That(bob.AbortedCount(Reasons.MessageTimeout), Is.Zero);
    }

    [Test]
    public async Task BufferBudget_OverTheCap_ClosesTheOldestPartialMessage()
    {
        var time = new FakeTimeProvider();
        var bob = Layer(new SipSocketTransportOptions { MaxBufferedBytes = 10_000 }, time);
        var tcp = Point(bob, SipTransportProtocol.Tcp).EndPoint;
        var first = await RawAsync(tcp);
        var second = await RawAsync(tcp);
        var firstSide = await ServerSideAsync(bob, first);
        var secondSide = await ServerSideAsync(bob, second);

        var firstHead = PartialHead(first, "first", padBytes: 6000);
        await SendAllAsync(first, firstHead);
        await WaitUntilAsync(() => firstSide.PendingBytes == firstHead.Length, "the first partial message is held");
        time.Advance(TimeSpan.FromSeconds(1));
        var secondHead = PartialHead(second, "second", padBytes: 6000);
        await SendAllAsync(second, secondHead);

        await ExpectClosedAsync(first, "the older partial message goes");
        Assert.That(bob.AbortedCount(Reasons.BufferBudget), Is.EqualTo(1));
        Assert.That(secondSide.IsOpen, Is.True);
        await SendAllAsync(second, "Content-Length: 0\r\n\r\n"u8.ToArray());
        await ExpectDeliveredAsync(bob, "second");
        await WaitUntilAsync(() => bob.BufferedBytes == 0, "nothing is held any more");
    }

    [Test]
    public async Task TableFull_TheOldestSilentConnectionMakesRoomForANewClient()
    {
        var bob = Layer(new SipSocketTransportOptions { MaxConnections = 2 });
        var tcp = Point(bob, SipTransportProtocol.Tcp).EndPoint;
        var silent1 = await RawAsync(tcp);
        await WaitUntilAsync(() => bob.TrackedConnectionCount == 1, "the first is accepted");
        var silent2 = await RawAsync(tcp);
        await WaitUntilAsync(() => bob.TrackedConnectionCount == 2, "the second is accepted");

        var client = await RawAsync(tcp);
        await SendAllAsync(client, RawMessage(From(client), "legit"));
        await ExpectDeliveredAsync(bob, "legit");
        await ExpectClosedAsync(silent1, "the oldest connection that never sent a message is evicted");
        Assert.That(bob.AbortedCount(Reasons.Evicted), Is.EqualTo(1));
        await WaitUntilAsync(() => bob.TrackedConnectionCount == 2, "the evicted connection is forgotten");
        Assert.That(silent2.Connected, Is.True);
    }

    [Test]
    public async Task TableFullOfConnectionsThatDeliveredMessages_RefusesTheNewOne()
    {
        var bob = Layer(new SipSocketTransportOptions { MaxConnections = 1 });
        var tcp = Point(bob, SipTransportProtocol.Tcp).EndPoint;
        var first = await RawAsync(tcp);
        await SendAllAsync(first, RawMessage(From(first), "one"));
        await ExpectDeliveredAsync(bob, "one");

        var second = await RawAsync(tcp);
        await ExpectClosedAsync(second, "refused");
        Assert.That(bob.AbortedCount(Reasons.RefusedTableFull), Is.EqualTo(1));
        await SendAllAsync(first, RawMessage(From(first), "two"));
        await ExpectDeliveredAsync(bob, "two");
    }

    [Test]
    public async Task MaxConnectionsPerAddress_RefusesThatAddressOnly()
    {
        var bob = Layer(new SipSocketTransportOptions { MaxConnectionsPerAddress = 2 });
        var tcp = Point(bob, SipTransportProtocol.Tcp).EndPoint;
        await RawAsync(tcp);
        await RawAsync(tcp);
        await WaitUntilAsync(() => bob.TrackedConnectionCount == 2, "two from 127.0.0.1 are accepted");
        var third = await RawAsync(tcp);
        await ExpectClosedAsync(third, "a third from the same address is refused");
        Assert.That(bob.AbortedCount(Reasons.RefusedPerAddress), Is.EqualTo(1));

        Socket other;
        try
        {
            other = await RawAsync(tcp, IPAddress.Parse("127.0.0.2"));
        }
        catch (SocketException e)
        {
            Assert.Ignore("127.0.0.2 cannot be bound here: " + e.SocketErrorCode);
            return;
        }

        await SendAllAsync(other, RawMessage(From(other), "other-address"));
        await ExpectDeliveredAsync(bob, "other-address");
    }

    [Test]
    public async Task Tcp_ContentLengthBeyondTheLimit_IsAnswered513_AndClosed()
    {
        var bob = Layer();
        var tcp = Point(bob, SipTransportProtocol.Tcp).EndPoint;
        var witness = await RawAsync(tcp);
        var attacker = await RawAsync(tcp);
        var head = Encoding.ASCII.GetString(RawMessage(From(attacker), "huge")).Replace("Content-Length: 0", "Content-Length: 900000", StringComparison.Ordinal);
        await SendAllAsync(attacker, Encoding.ASCII.GetBytes(head));
        var (closed, bytes) = await ReadAsync(attacker);
        Assert.That(closed, Is.True);
        using (var reply = SipResponse.Parse(bytes))
        {
            Assert.That(reply.StatusCode, Is.EqualTo(513), "RFC 3261 §21.5.14 Message Too Large");
            Assert.That(reply.CallId, Is.EqualTo("huge"));
        }

        Assert.That(bob.AbortedCount(Reasons.Oversized), Is.EqualTo(1));
        await SendAllAsync(witness, RawMessage(From(witness), "witness"));
        await ExpectDeliveredAsync(bob, "witness");
    }

    [Test]
    public async Task Tcp_HeaderSectionBeyondTheLimit_ClosesTheConnection_AnyAnswerIs513()
    {
        var bob = Layer();
        var attacker = await RawAsync(Point(bob, SipTransportProtocol.Tcp).EndPoint);
        var pad = new StringBuilder();
        for (var i = 0; i < 5; i++) pad.Append("X-Pad").Append(i).Append(": ").Append('p', 4000).Append("\r\n");
        var bytes = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(PartialHead(attacker, "big-head")) + pad);
        Assert.That(bytes.Length, Is.GreaterThan(SipParserLimits.Default.MaxHeaderSectionBytes));
        try
        {
            await SendAllAsync(attacker, bytes);
        }
        catch (SocketException)
        {
            // The layer may close before the last octets are written.
        }

        var (closed, answer) = await ReadAsync(attacker);
        Assert.That(closed, Is.True);

        // Unread octets make the close a reset, which may discard the answer; when it arrives it is a 513.
        if (answer.Length > 0)
        {
            using var reply = SipResponse.Parse(answer);
            Assert.That(reply.StatusCode, Is.EqualTo(513));
        }

        Assert.That(bob.AbortedCount(Reasons.Oversized), Is.EqualTo(1));
        Assert.That(bob.ParseFailureCount, Is.EqualTo(1));
    }

    [Test]
    public async Task Udp_DatagramBeyondTheLimit_IsAnswered513_AndCountedAsDropped()
    {
        var bob = Layer(new SipSocketTransportOptions { Limits = SipParserLimits.Default with { MaxMessageBytes = 2000 } });
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var from = new SipListenPoint(SipTransportProtocol.Udp, (IPEndPoint)client.LocalEndPoint!);
        using var cts = new CancellationTokenSource(TransportTestMessages.Timeout);
        await client.SendToAsync(RawMessage(from, "big-datagram", bodyBytes: 3000), SocketFlags.None, Point(bob, SipTransportProtocol.Udp).EndPoint, cts.Token);
        var buffer = new byte[4096];
        var n = await client.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
        using (var reply = SipResponse.Parse(buffer.AsSpan(0, n)))
        {
            Assert.That(reply.StatusCode, Is.EqualTo(513));
            Assert.That(reply.CallId, Is.EqualTo("big-datagram"));
        }

        Assert.That(bob.DroppedCount, Is.EqualTo(1));
        Assert.That(bob.ParseFailureCount, Is.EqualTo(1));
        Assert.That(bob.ReceivedCount, Is.Zero);
    }
    [Test]
    public async Task FairShare_AFloodingConnection_HoldsOnlyItsShareOfTheQueue()
    {
        var bob = Layer(new SipSocketTransportOptions { MaxQueuedPerSource = 4 });
        var tcp = Point(bob, SipTransportProtocol.Tcp).EndPoint;
        var flooder = await RawAsync(tcp);
        await SendAllAsync(flooder, [.. Enumerable.Range(0, 200).SelectMany(i => RawMessage(From(flooder), "flood" + i))]);
        await WaitUntilAsync(() => bob.Received.Count == 4, "the flooder's share is queued");

        var client = await RawAsync(tcp);
        await SendAllAsync(client, RawMessage(From(client), "legit"));
        await WaitUntilAsync(() => bob.Received.Count == 5, "the legitimate message is queued");
        var first = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var received = await ReceiveAsync(bob);
            using (received.Message) first.Add(received.Message.CallId!);
        }

        Assert.That(first, Does.Contain("legit"), "queued behind 4 flood messages, not behind 200");

        // Reading hands the flooder its slots back: all of its messages arrive, in order.
        await ExpectDeliveredAsync(bob, "flood199");
    }

    [Test]
    public async Task FairShare_DatagramsBeyondTheirAddressShare_AreDropped_OtherAddressesStillQueue()
    {
        var bob = Layer(new SipSocketTransportOptions { MaxQueuedPerSource = 4 });
        var udp = Point(bob, SipTransportProtocol.Udp).EndPoint;
        using var flooder = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        flooder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var from = new SipListenPoint(SipTransportProtocol.Udp, (IPEndPoint)flooder.LocalEndPoint!);
        using var cts = new CancellationTokenSource(TransportTestMessages.Timeout);
        for (var i = 0; i < 50; i++) await flooder.SendToAsync(RawMessage(from, "flood" + i), SocketFlags.None, udp, cts.Token);
        await WaitUntilAsync(() => bob.DroppedCount == 46, "datagrams beyond the share are dropped");
        Assert.That(bob.Received.Count, Is.EqualTo(4));

        using var other = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            other.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        }
        catch (SocketException e)
        {
            Assert.Ignore("127.0.0.2 cannot be bound here: " + e.SocketErrorCode);
        }

        await other.SendToAsync(RawMessage(new SipListenPoint(SipTransportProtocol.Udp, (IPEndPoint)other.LocalEndPoint!), "other"), SocketFlags.None, udp, cts.Token);
        await ExpectDeliveredAsync(bob, "other");

        // The flooding address got its slots back as its messages were read.
        await flooder.SendToAsync(RawMessage(from, "again"), SocketFlags.None, udp, cts.Token);
        await ExpectDeliveredAsync(bob, "again");
        Assert.That(bob.DroppedCount, Is.EqualTo(46));
    }
}
