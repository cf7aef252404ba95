using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using UcStack.Stun;
using UcStack.Turn.Client;
using UcStack.Turn.Server;

namespace UcStack.Turn.Tests.Server;

/// <summary>RFC 6062 TCP relaying end to end: our client's Connect/ConnectionBind/ConnectionAttempt against our server.</summary>
public sealed partial class TurnServerTests
{
    private static Task<TurnClient> TcpRelayClientAsync(TurnServer server, CancellationToken cancellationToken) =>
        TurnClient.ConnectAsync(new TurnClientOptions
        {
            Server = server.LocalEndPoint,
            Username = "alice",
            Password = "alicepass",
            Transport = TurnTransport.Tcp,
            RelayTransport = TurnTransport.Tcp,
        }, cancellationToken);

    private static TcpListener LoopbackListener()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    [Test]
    public async Task Rfc6062_Connect_RelaysBytesBothWaysFromTheRelayedAddress()
    {
        var (server, store) = await StartAsync();
        using var listener = LoopbackListener();
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await using var client = await TcpRelayClientAsync(server, cts.Token);
            var relayed = await client.AllocateAsync(cts.Token);
            await client.CreatePermissionAsync(IPAddress.Loopback, cts.Token);
            var accept = listener.AcceptTcpClientAsync(cts.Token).AsTask();

            await using var connection = await client.ConnectPeerAsync((IPEndPoint)listener.LocalEndpoint, cts.Token);
            using var peer = await accept;
            var peerStream = peer.GetStream();
            await connection.Stream.WriteAsync("to peer"u8.ToArray(), cts.Token);
            var buffer = new byte[7];
            await peerStream.ReadExactlyAsync(buffer, cts.Token);
            var toPeer = buffer.ToArray();
            var large = Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray();
            var write = peerStream.WriteAsync(large, cts.Token).AsTask();
            var received = new byte[large.Length];
            await connection.Stream.ReadExactlyAsync(received, cts.Token);
            await write;

            Assert.Multiple(() =>
            {
                Assert.That(toPeer, Is.EqualTo("to peer"u8.ToArray()));
                Assert.That(received, Is.EqualTo(large), "100 kB from the peer, in order");
                Assert.That(((IPEndPoint)peer.Client.RemoteEndPoint!).Port, Is.EqualTo(relayed.Port), "RFC 6062 §5.2: from the relayed address");
                Assert.That(connection.ConnectionId, Is.Not.Zero);
            });
        }
        finally
        {
            await server.DisposeAsync();
            store.Dispose();
        }
    }

    [Test]
    public async Task Rfc6062_PeerConnectsToRelayedAddress_ConnectionAttemptThenBind()
    {
        var (server, store) = await StartAsync();
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await using var client = await TcpRelayClientAsync(server, cts.Token);
            var relayed = await client.AllocateAsync(cts.Token);
            await client.CreatePermissionAsync(IPAddress.Loopback, cts.Token);

            using var peer = new TcpClient(AddressFamily.InterNetwork);
            await peer.ConnectAsync(relayed.ToIPEndPoint(), cts.Token);
            await using var connection = await client.AcceptPeerConnectionAsync(cts.Token);
            var peerStream = peer.GetStream();
            await peerStream.WriteAsync("inbound"u8.ToArray(), cts.Token);
            var buffer = new byte[7];
            await connection.Stream.ReadExactlyAsync(buffer, cts.Token);
            var inbound = buffer.ToArray();
            await connection.Stream.WriteAsync("replied"u8.ToArray(), cts.Token);
            await peerStream.ReadExactlyAsync(buffer, cts.Token);

            Assert.Multiple(() =>
            {
                Assert.That(inbound, Is.EqualTo("inbound"u8.ToArray()));
                Assert.That(buffer, Is.EqualTo("replied"u8.ToArray()));
                Assert.That(connection.Peer, Is.EqualTo(StunEndPoint.FromIPEndPoint((IPEndPoint)peer.Client.LocalEndPoint!)));
            });

            // RFC 6062 §5.5: the peer closing ends the client's data connection too.
            peer.Close();
            var end = await connection.Stream.ReadAsync(new byte[1], cts.Token);
            Assert.That(end, Is.Zero);
        }
        finally
        {
            await server.DisposeAsync();
            store.Dispose();
        }
    }

    [Test]
    public async Task Rfc6062_ConnectSamePeerTwice_Returns446()
    {
        var (server, store) = await StartAsync();
        using var listener = LoopbackListener();
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await using var client = await TcpRelayClientAsync(server, cts.Token);
            await client.AllocateAsync(cts.Token);
            await client.CreatePermissionAsync(IPAddress.Loopback, cts.Token);
            var target = (IPEndPoint)listener.LocalEndpoint;
            await using var first = await client.ConnectPeerAsync(target, cts.Token);

            var failure = Assert.ThrowsAsync<TurnException>(async () => await client.ConnectPeerAsync(target, cts.Token));
            Assert.That(failure!.ErrorCode, Is.EqualTo(446));
        }
        finally
        {
            await server.DisposeAsync();
            store.Dispose();
        }
    }

    [Test]
    public async Task Rfc6062_ConnectBeyondConnectionLimit_Returns508()
    {
        var (server, store) = await StartAsync(options => options.MaxConnectionsPerAllocation = 1);
        using var first = LoopbackListener();
        using var second = LoopbackListener();
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await using var client = await TcpRelayClientAsync(server, cts.Token);
            await client.AllocateAsync(cts.Token);
            await client.CreatePermissionAsync(IPAddress.Loopback, cts.Token);
            await using var connection = await client.ConnectPeerAsync((IPEndPoint)first.LocalEndpoint, cts.Token);

            var failure = Assert.ThrowsAsync<TurnException>(async () => await client.ConnectPeerAsync((IPEndPoint)second.LocalEndpoint, cts.Token));
            Assert.That(failure!.ErrorCode, Is.EqualTo(508));
        }
        finally
        {
            await server.DisposeAsync();
            store.Dispose();
        }
    }

    [Test]
    public async Task Rfc6062_ConnectToClosedPort_Returns447()
    {
        var (server, store) = await StartAsync();
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            // A port that was free a moment ago: nothing listens, so the connect is refused at once.
            int closedPort;
            using (var probe = LoopbackListener())
            {
                closedPort = ((IPEndPoint)probe.LocalEndpoint).Port;
            }

            await using var client = await TcpRelayClientAsync(server, cts.Token);
            await client.AllocateAsync(cts.Token);
            await client.CreatePermissionAsync(IPAddress.Loopback, cts.Token);

            var failure = Assert.ThrowsAsync<TurnException>(async () => await client.ConnectPeerAsync(new IPEndPoint(IPAddress.Loopback, closedPort), cts.Token));
            Assert.That(failure!.ErrorCode, Is.EqualTo(447));
        }
        finally
        {
            await server.DisposeAsync();
            store.Dispose();
        }
    }

    [Test]
    public async Task Rfc6062_ConnectWithoutPermission_Returns403()
    {
        var (server, store) = await StartAsync();
        using var listener = LoopbackListener();
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await using var client = await TcpRelayClientAsync(server, cts.Token);
            await client.AllocateAsync(cts.Token);

            var failure = Assert.ThrowsAsync<TurnException>(async () => await client.ConnectPeerAsync((IPEndPoint)listener.LocalEndpoint, cts.Token));
            Assert.That(failure!.ErrorCode, Is.EqualTo(403));
        }
        finally
        {
            await server.DisposeAsync();
            store.Dispose();
        }
    }

    [Test]
    public async Task Rfc6062_PeerWithoutPermission_IsClosedWithoutAttempt()
    {
        var (server, store) = await StartAsync();
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await using var client = await TcpRelayClientAsync(server, cts.Token);
            var relayed = await client.AllocateAsync(cts.Token);

            using var peer = new TcpClient(AddressFamily.InterNetwork);
            await peer.ConnectAsync(relayed.ToIPEndPoint(), cts.Token);
            // RFC 6062 §5.3: no permission → the server closes the connection (the read sees the end or a reset).
            var closed = await ReadEndAsync(peer.GetStream(), cts.Token);

            Assert.That(closed, Is.True);
        }
        finally
        {
            await server.DisposeAsync();
            store.Dispose();
        }
    }

    [Test]
    public async Task Rfc6062_NoConnectionBindWithin30Seconds_PeerConnectionClosed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (server, store) = await StartAsync(options => options.TimeProvider = time);
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            // A client on real time (its own timers), raw ConnectionAttempt observed via the server's state.
            await using var client = await TcpRelayClientAsync(server, cts.Token);
            var relayed = await client.AllocateAsync(cts.Token);
            await client.CreatePermissionAsync(IPAddress.Loopback, cts.Token);
            using var peer = new TcpClient(AddressFamily.InterNetwork);
            await peer.ConnectAsync(relayed.ToIPEndPoint(), cts.Token);
            await peer.GetStream().WriteAsync(new byte[] { 1 }, cts.Token);

            // The server accepts on its own loop; wait until it holds the connection, bounded by the token.
            await server.WhenTcpConnectionsAsync(1, cts.Token);
            time.Advance(TimeSpan.FromSeconds(29));
            var heldAt29 = server.TcpRelayConnections;
            time.Advance(TimeSpan.FromSeconds(1));
            var closed = await ReadEndAsync(peer.GetStream(), cts.Token);

            Assert.Multiple(() =>
            {
                Assert.That(heldAt29, Is.EqualTo(1));
                Assert.That(closed, Is.True);
                Assert.That(server.TcpRelayConnections, Is.Zero);
            });
        }
        finally
        {
            await server.DisposeAsync();
            store.Dispose();
        }
    }

    [Test]
    public async Task Rfc6062_Deallocation_ClosesDataConnections()
    {
        var (server, store) = await StartAsync();
        using var listener = LoopbackListener();
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            var client = await TcpRelayClientAsync(server, cts.Token);
            await client.AllocateAsync(cts.Token);
            await client.CreatePermissionAsync(IPAddress.Loopback, cts.Token);
            var accept = listener.AcceptTcpClientAsync(cts.Token).AsTask();
            var connection = await client.ConnectPeerAsync((IPEndPoint)listener.LocalEndpoint, cts.Token);
            using var peer = await accept;

            await client.DisposeAsync();
            var peerClosed = await ReadEndAsync(peer.GetStream(), cts.Token);
            var clientClosed = await connection.Stream.ReadAsync(new byte[1], cts.Token);
            await connection.DisposeAsync();

            Assert.Multiple(() =>
            {
                Assert.That(peerClosed, Is.True);
                Assert.That(clientClosed, Is.Zero);
                Assert.That(server.ActiveAllocations, Is.Zero);
            });
        }
        finally
        {
            await server.DisposeAsync();
            store.Dispose();
        }
    }

    /// <summary>True once the stream ends or is reset; bounded by <paramref name="cancellationToken"/>.</summary>
    private static async Task<bool> ReadEndAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[256];
        try
        {
            while (await stream.ReadAsync(buffer, cancellationToken) > 0)
            {
            }

            return true;
        }
        catch (IOException)
        {
            return true;
        }
    }
}
