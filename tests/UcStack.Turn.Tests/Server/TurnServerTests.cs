using System.Net;
using System.Net.Sockets;
using UcStack.Turn.Client;
using UcStack.Turn.Server;

namespace UcStack.Turn.Tests.Server;

/// <summary>Our server on real loopback sockets, driven by our <see cref="TurnClient"/>.</summary>
[TestFixture]
public sealed partial class TurnServerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static async Task<(TurnServer Server, StaticTurnCredentialStore Store)> StartAsync(Action<TurnServerOptions>? configure = null)
    {
        var store = new StaticTurnCredentialStore();
        store.AddUser("alice", "alicepass");
        var options = new TurnServerOptions
        {
            ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Realm = "example.org",
            CredentialStore = store,
            AllowLoopbackPeers = true,
        };
        configure?.Invoke(options);
        return (await TurnServer.StartAsync(options), store);
    }

    [TestCase(TurnTransport.Udp)]
    [TestCase(TurnTransport.Tcp)]
    public async Task TurnClient_SendIndicationAndChannel_RelaysBothWays(TurnTransport transport)
    {
        var (server, store) = await StartAsync();
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var peerEndPoint = (IPEndPoint)peer.LocalEndPoint!;
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            var client = await TurnClient.ConnectAsync(new TurnClientOptions
            {
                Server = server.LocalEndPoint,
                Username = "alice",
                Password = "alicepass",
                Transport = transport,
            }, cts.Token);
            await using (client)
            {
                var relayed = await client.AllocateAsync(cts.Token);
                Assert.That(server.ActiveAllocations, Is.EqualTo(1));
                await client.CreatePermissionAsync(IPAddress.Loopback, cts.Token);

                // Send indication → peer, then peer → Data indication.
                await client.SendAsync(peerEndPoint, new byte[] { 1, 2, 3 }, cts.Token);
                var buffer = new byte[2048];
                var from = new IPEndPoint(IPAddress.Any, 0) as EndPoint;
                var got = await peer.ReceiveFromAsync(buffer, SocketFlags.None, from, cts.Token);
                Assert.That(buffer[..got.ReceivedBytes], Is.EqualTo(new byte[] { 1, 2, 3 }));
                Assert.That(((IPEndPoint)got.RemoteEndPoint).Port, Is.EqualTo(relayed.Port));

                await peer.SendToAsync(new byte[] { 4, 5 }, SocketFlags.None, got.RemoteEndPoint, cts.Token);
                var received = await client.ReceiveAsync(buffer, cts.Token);
                Assert.That(buffer[..received.BytesReceived], Is.EqualTo(new byte[] { 4, 5 }));
                Assert.That(received.ViaChannel, Is.False);

                // Channel both ways.
                await client.BindChannelAsync(peerEndPoint, cts.Token);
                await client.SendAsync(peerEndPoint, new byte[] { 6, 7, 8, 9, 10 }, cts.Token);
                got = await peer.ReceiveFromAsync(buffer, SocketFlags.None, from, cts.Token);
                Assert.That(buffer[..got.ReceivedBytes], Is.EqualTo(new byte[] { 6, 7, 8, 9, 10 }));
                await peer.SendToAsync(new byte[] { 11 }, SocketFlags.None, got.RemoteEndPoint, cts.Token);
                received = await client.ReceiveAsync(buffer, cts.Token);
                Assert.That(buffer[..received.BytesReceived], Is.EqualTo(new byte[] { 11 }));
                Assert.That(received.ViaChannel, Is.True);
            }

            Assert.That(server.ActiveAllocations, Is.Zero, "disposing the client deallocates");
        }
        finally
        {
            await server.DisposeAsync();
            store.Dispose();
        }
    }

    [Test]
    public void StartAsync_WildcardListenWithoutRelayAddress_Throws()
    {
        using var store = new StaticTurnCredentialStore();
        var options = new TurnServerOptions { ListenEndPoint = new IPEndPoint(IPAddress.Any, 0), CredentialStore = store };
        Assert.ThrowsAsync<ArgumentException>(async () => await TurnServer.StartAsync(options));
    }

    [Test]
    public void StartAsync_WithoutCredentialStore_Throws()
    {
        var options = new TurnServerOptions { ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0) };
        Assert.ThrowsAsync<ArgumentException>(async () => await TurnServer.StartAsync(options));
    }

    [Test]
    public async Task TcpClient_GarbageStream_IsClosedAndServerKeepsServing()
    {
        var (server, store) = await StartAsync();
        try
        {
            using var cts = new CancellationTokenSource(Timeout);
            using (var garbage = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                await garbage.ConnectAsync(server.LocalEndPoint, cts.Token);
                await garbage.SendAsync(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, SocketFlags.None, cts.Token);
                var buffer = new byte[16];
                Assert.That(await garbage.ReceiveAsync(buffer, SocketFlags.None, cts.Token), Is.Zero, "the server closes a stream it cannot frame");
            }

            var client = await TurnClient.ConnectAsync(new TurnClientOptions
            {
                Server = server.LocalEndPoint,
                Username = "alice",
                Password = "alicepass",
                Transport = TurnTransport.Tcp,
            }, cts.Token);
            await using (client)
            {
                await client.AllocateAsync(cts.Token);
            }
        }
        finally
        {
            await server.DisposeAsync();
            store.Dispose();
        }
    }

    [Test]
    public async Task TcpConnection_IdleWithoutAllocation_IsClosedButOneWithAllocationStays()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var (server, store) = await StartAsync(o => o.TimeProvider = time);
        try
        {
            using var cts = new CancellationTokenSource(Timeout);
            using var idle = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await idle.ConnectAsync(server.LocalEndPoint, cts.Token);
            var client = await TurnClient.ConnectAsync(new TurnClientOptions
            {
                Server = server.LocalEndPoint,
                Username = "alice",
                Password = "alicepass",
                Transport = TurnTransport.Tcp,
            }, cts.Token);
            await using (client)
            {
                await client.AllocateAsync(cts.Token);

                time.Advance(TimeSpan.FromSeconds(61));

                var buffer = new byte[16];
                Assert.That(await idle.ReceiveAsync(buffer, SocketFlags.None, cts.Token), Is.Zero, "idle connection closed by the server");
                Assert.That(await client.RefreshAsync(cts.Token), Is.GreaterThan(TimeSpan.Zero), "the allocation's connection is kept");
            }
        }
        finally
        {
            await server.DisposeAsync();
            store.Dispose();
        }
    }

    [Test]
    public async Task TcpStream_SeveralFramesPerReadAndSplitFrames_AreEachAnswered()
    {
        var (server, store) = await StartAsync();
        try
        {
            using var cts = new CancellationTokenSource(Timeout);
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(server.LocalEndPoint, cts.Token);
            var requests = Enumerable.Range(0, 3).Select(_ => BindingRequest()).ToArray();
            var stream = requests.SelectMany(r => r).ToArray();
            var split = requests[0].Length + requests[1].Length + 7;

            await socket.SendAsync(stream.AsMemory(0, split), SocketFlags.None, cts.Token);

            var received = new List<byte>();
            var buffer = new byte[1024];
            var answered = new List<byte[]>();
            var restSent = false;
            while (answered.Count < 3)
            {
                if (answered.Count == 2 && !restSent)
                {
                    // The first two were answered while the third was still cut: now send its rest.
                    await socket.SendAsync(stream.AsMemory(split), SocketFlags.None, cts.Token);
                    restSent = true;
                }

                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                Assert.That(read, Is.GreaterThan(0), "server closed early");
                received.AddRange(buffer[..read]);
                while (received.Count >= 20 && UcStack.Stun.StunMessageReader.TryGetMessageLength(received.ToArray(), out var length) && received.Count >= length)
                {
                    answered.Add(received.Take(length).ToArray());
                    received.RemoveRange(0, length);
                }
            }

            for (var i = 0; i < 3; i++)
            {
                Assert.That(answered[i].AsSpan(8, 12).ToArray(), Is.EqualTo(requests[i].AsSpan(8, 12).ToArray()), $"response {i} matches request {i}");
            }
        }
        finally
        {
            await server.DisposeAsync();
            store.Dispose();
        }
    }

    private static byte[] BindingRequest()
    {
        var buffer = new byte[64];
        var id = new byte[12];
        UcStack.Stun.StunMessageWriter.GenerateTransactionId(id);
        var writer = new UcStack.Stun.StunMessageWriter(buffer, UcStack.Stun.StunMessageType.BindingRequest, id);
        writer.AddSoftware("framing test");
        return buffer[..writer.Complete()];
    }
}
