using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using UcStack.Stun;
using UcStack.Turn.Client;
using UcStack.Turn.Server;

namespace UcStack.Turn.Tests.Client;

/// <summary><see cref="MsTurnClient"/> end to end against our <see cref="TurnServer"/> on loopback.</summary>
[TestFixture]
public sealed class MsTurnClientTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static async Task<(TurnServer Server, StaticTurnCredentialStore Store)> StartServerAsync(TimeProvider? time = null, Action<TurnServerOptions>? configure = null)
    {
        var store = new StaticTurnCredentialStore();
        store.AddUser("alice", "alicepass");
        var options = new TurnServerOptions
        {
            ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Realm = "example.org",
            CredentialStore = store,
            AllowLoopbackPeers = true,
            TimeProvider = time ?? TimeProvider.System,
        };
        configure?.Invoke(options);
        return (await TurnServer.StartAsync(options), store);
    }

    private static MsTurnClientOptions Options(TurnServer server, TurnTransport transport, TimeProvider? time = null, string password = "alicepass") => new()
    {
        Server = server.LocalEndPoint,
        Username = "alice",
        Password = password,
        Transport = transport,
        TimeProvider = time ?? TimeProvider.System,
    };

    private static Socket Peer()
    {
        var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return peer;
    }

    [TestCase(TurnTransport.Udp)]
    [TestCase(TurnTransport.Tcp)]
    public async Task SendRequestsDataIndicationsAndActiveDestination_RelayBothWays(TurnTransport transport)
    {
        var (server, store) = await StartServerAsync();
        using var peer = Peer();
        var peerEndPoint = (IPEndPoint)peer.LocalEndPoint!;
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            var client = await MsTurnClient.ConnectAsync(Options(server, transport), cts.Token);
            await using (client)
            {
                var relayed = await client.AllocateAsync(cts.Token);
                Assert.That(server.ActiveAllocations, Is.EqualTo(1));
                Assert.That(client.MappedAddress.Port, Is.EqualTo(client.LocalEndPoint.Port), "XOR-MAPPED-ADDRESS 0x8020 decodes to our address");

                // Send request → peer; peer → Data indication.
                await client.SendAsync(peerEndPoint, new byte[] { 1, 2, 3 }, cts.Token);
                var buffer = new byte[2048];
                EndPoint any = new IPEndPoint(IPAddress.Any, 0);
                var got = await peer.ReceiveFromAsync(buffer, SocketFlags.None, any, cts.Token);
                Assert.That(buffer[..got.ReceivedBytes], Is.EqualTo(new byte[] { 1, 2, 3 }));
                Assert.That(((IPEndPoint)got.RemoteEndPoint).Port, Is.EqualTo(relayed.Port));

                await peer.SendToAsync(new byte[] { 4, 5 }, SocketFlags.None, got.RemoteEndPoint, cts.Token);
                var received = await client.ReceiveAsync(buffer, cts.Token);
                Assert.That(buffer[..received.BytesReceived], Is.EqualTo(new byte[] { 4, 5 }));
                Assert.That(received.FromActiveDestination, Is.False);
                Assert.That(received.Peer, Is.EqualTo(StunEndPoint.FromIPEndPoint(peerEndPoint)));

                // Active destination: unframed both ways (over TCP in MS-TURN data frames).
                await client.SetActiveDestinationAsync(peerEndPoint, cts.Token);
                Assert.That(client.ActiveDestination, Is.EqualTo(StunEndPoint.FromIPEndPoint(peerEndPoint)));
                byte[] rtp = [0x80, 0x00, 0x00, 0x01, 7, 7, 7, 7];
                await client.SendAsync(peerEndPoint, rtp, cts.Token);
                got = await peer.ReceiveFromAsync(buffer, SocketFlags.None, any, cts.Token);
                Assert.That(buffer[..got.ReceivedBytes], Is.EqualTo(rtp));
                await peer.SendToAsync(new byte[] { 0x80, 9 }, SocketFlags.None, got.RemoteEndPoint, cts.Token);
                received = await client.ReceiveAsync(buffer, cts.Token);
                Assert.That(buffer[..received.BytesReceived], Is.EqualTo(new byte[] { 0x80, 9 }));
                Assert.That(received.FromActiveDestination, Is.True);

                // Cleared: the peer's data comes framed again.
                await client.SetActiveDestinationAsync(null, cts.Token);
                Assert.That(client.ActiveDestination, Is.Null);
                await peer.SendToAsync(new byte[] { 10 }, SocketFlags.None, got.RemoteEndPoint, cts.Token);
                received = await client.ReceiveAsync(buffer, cts.Token);
                Assert.That(buffer[..received.BytesReceived], Is.EqualTo(new byte[] { 10 }));
                Assert.That(received.FromActiveDestination, Is.False);
                Assert.That(client.DroppedPackets, Is.Zero);
            }

            Assert.That(server.ActiveAllocations, Is.Zero, "disposing the client deallocates with LIFETIME 0");
        }
        finally
        {
            await server.DisposeAsync();
            store.Dispose();
        }
    }

    [TestCase(TurnTransport.Udp)]
    [TestCase(TurnTransport.Tcp)]
    public async Task Allocate_WrongPassword_Throws401(TurnTransport transport)
    {
        var (server, store) = await StartServerAsync();
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await using var client = await MsTurnClient.ConnectAsync(Options(server, transport, password: "wrong"), cts.Token);
            var e = Assert.ThrowsAsync<TurnException>(async () => await client.AllocateAsync(cts.Token));
            Assert.That(e!.ErrorCode, Is.EqualTo(401));
            Assert.That(client.IsAllocated, Is.False);
        }
        finally
        {
            await server.DisposeAsync();
            store.Dispose();
        }
    }

    [TestCase(TurnTransport.Udp)]
    [TestCase(TurnTransport.Tcp)]
    public async Task Refresh_BeforeExpiry_ReAllocatesAndKeepsTheAllocation(TurnTransport transport)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (server, store) = await StartServerAsync(time);
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            var options = Options(server, transport, time);
            await using var client = await MsTurnClient.ConnectAsync(new MsTurnClientOptions
            {
                Server = options.Server,
                Username = options.Username,
                Password = options.Password,
                Transport = transport,
                TimeProvider = time,
                RequestedLifetime = TimeSpan.FromSeconds(900),
                RefreshMargin = TimeSpan.FromSeconds(60),
                NonceRenewInterval = TimeSpan.FromHours(1),
            }, cts.Token);
            await client.AllocateAsync(cts.Token);
            Assert.That(client.AllocationLifetime, Is.EqualTo(TimeSpan.FromSeconds(900)));

            // Three refresh periods, each past the server's 900 s: each re-Allocate (with MS-SEQUENCE-NUMBER
            // moving forward) must keep the allocation alive.
            for (var round = 0; round < 3; round++)
            {
                time.Advance(TimeSpan.FromSeconds(841));
                await WaitForMaintenanceAsync(client, cts.Token);
                Assert.That(client.IsAllocated, Is.True);
                Assert.That(server.ActiveAllocations, Is.EqualTo(1), $"refresh round {round}");
            }
        }
        finally
        {
            await server.DisposeAsync();
            store.Dispose();
        }
    }

    [Test]
    public async Task Refresh_FailingUntilLifetimeEnds_DeclaresTheAllocationLost()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (server, store) = await StartServerAsync(time);
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await using var client = await MsTurnClient.ConnectAsync(new MsTurnClientOptions
            {
                Server = server.LocalEndPoint,
                Username = "alice",
                Password = "alicepass",
                TimeProvider = time,
                RequestedLifetime = TimeSpan.FromSeconds(900),
                RefreshMargin = TimeSpan.FromSeconds(60),
                NonceRenewInterval = TimeSpan.FromHours(1),
            }, cts.Token);
            var failures = 0;
            client.RefreshFailed += (_, _) => Interlocked.Increment(ref failures);
            await client.AllocateAsync(cts.Token);

            // The password changes on the server: every re-Allocate now fails with 401.
            store.AddUser("alice", "changed");
            time.Advance(TimeSpan.FromSeconds(841));
            await WaitForMaintenanceAsync(client, cts.Token);
            Assert.That(client.IsAllocated, Is.True, "a failed refresh before expiry keeps the allocation");
            Assert.That(Volatile.Read(ref failures), Is.EqualTo(1));

            // Retries every 10 s up to the 900 s lifetime; the wake-up at expiry declares it lost.
            for (var step = 0; step < 7; step++)
            {
                time.Advance(TimeSpan.FromSeconds(10));
                await WaitForMaintenanceAsync(client, cts.Token);
            }

            Assert.That(client.IsAllocated, Is.False);
            Assert.That(Volatile.Read(ref failures), Is.GreaterThanOrEqualTo(2));
        }
        finally
        {
            await server.DisposeAsync();
            store.Dispose();
        }
    }

    [Test]
    public async Task NonceRenewal_FetchesAFreshNonceBeforeTheServersExpires()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var (server, store) = await StartServerAsync(time, o => o.NonceLifetime = TimeSpan.FromSeconds(100));
        using var peer = Peer();
        var peerEndPoint = (IPEndPoint)peer.LocalEndPoint!;
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await using var client = await MsTurnClient.ConnectAsync(new MsTurnClientOptions
            {
                Server = server.LocalEndPoint,
                Username = "alice",
                Password = "alicepass",
                TimeProvider = time,
                NonceRenewInterval = TimeSpan.FromSeconds(60),
            }, cts.Token);
            await client.AllocateAsync(cts.Token);

            // Past the first nonce's 100 s: Send requests (which get no answer) still work only with a renewed nonce.
            for (var step = 0; step < 3; step++)
            {
                time.Advance(TimeSpan.FromSeconds(61));
                await WaitForMaintenanceAsync(client, cts.Token);
            }

            await client.SendAsync(peerEndPoint, new byte[] { 42 }, cts.Token);
            var buffer = new byte[64];
            var got = await peer.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
            Assert.That(buffer[..got.ReceivedBytes], Is.EqualTo(new byte[] { 42 }));
        }
        finally
        {
            await server.DisposeAsync();
            store.Dispose();
        }
    }

    [TestCase(new byte[] { 0x02, 0x07, 0x00, 0x04, 1, 2, 3, 4 }, TestName = "BrokenMsFraming_SecondByte_ClosesOnlyThatConnection")]
    [TestCase(new byte[] { 0x03, 0x00, 0x00, 0x00 }, TestName = "BrokenMsFraming_ZeroLength_ClosesOnlyThatConnection")]
    [TestCase(new byte[] { 0x02, 0x00, 0x00, 0x04, 1, 2, 3, 4, 0x09, 0x00, 0x00, 0x01, 5 }, TestName = "BrokenMsFraming_BadSecondFrame_ClosesOnlyThatConnection")]
    public async Task BrokenMsFraming_ClosesOnlyThatConnection(byte[] garbage)
    {
        var (server, store) = await StartServerAsync();
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await using var client = await MsTurnClient.ConnectAsync(Options(server, TurnTransport.Tcp), cts.Token);
            await client.AllocateAsync(cts.Token);

            using var broken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await broken.ConnectAsync(server.LocalEndPoint, cts.Token);
            await broken.SendAsync(garbage, SocketFlags.None, cts.Token);
            var read = await broken.ReceiveAsync(new byte[64], SocketFlags.None, cts.Token);
            Assert.That(read, Is.Zero, "the server closes the connection that broke MS-TURN framing");

            // The well-framed client is untouched.
            var lifetime = await client.RefreshAsync(cts.Token);
            Assert.That(lifetime, Is.GreaterThan(TimeSpan.Zero));
            Assert.That(server.ActiveAllocations, Is.EqualTo(1));
        }
        finally
        {
            await server.DisposeAsync();
            store.Dispose();
        }
    }

    [TestCase(new byte[] { 0x02, 0x00, 0x00, 0x04, 0x80, 0x01, 0x02, 0x03 }, TestName = "Tcp_ControlFrameThatIsNotMsTurn_IsDroppedAndCounted")]
    [TestCase(new byte[] { 0x03, 0x00, 0x00, 0x02, 0x80, 0x01 }, TestName = "Tcp_DataFrameWithoutActiveDestination_IsDroppedAndCounted")]
    public async Task Tcp_UnexpectedFrame_IsDroppedAndCounted(byte[] frame)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var cts = new CancellationTokenSource(Timeout);
        var accept = listener.AcceptSocketAsync(cts.Token).AsTask();
        await using var client = await MsTurnClient.ConnectAsync(new MsTurnClientOptions
        {
            Server = (IPEndPoint)listener.LocalEndpoint,
            Username = "alice",
            Password = "alicepass",
            Transport = TurnTransport.Tcp,
        }, cts.Token);
        using var server = await accept;
        var handled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.MessageHandled += () => handled.TrySetResult();

        await server.SendAsync(frame, SocketFlags.None, cts.Token);
        await handled.Task.WaitAsync(cts.Token);

        Assert.That(client.DroppedPackets, Is.EqualTo(1));
    }

    [Test]
    public async Task SendAsync_WithoutAllocation_Throws()
    {
        var (server, store) = await StartServerAsync();
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await using var client = await MsTurnClient.ConnectAsync(Options(server, TurnTransport.Udp), cts.Token);
            Assert.ThrowsAsync<InvalidOperationException>(async () => await client.SendAsync(new IPEndPoint(IPAddress.Loopback, 9), new byte[] { 1 }, cts.Token));
            Assert.ThrowsAsync<InvalidOperationException>(async () => await client.SetActiveDestinationAsync(null, cts.Token));
        }
        finally
        {
            await server.DisposeAsync();
            store.Dispose();
        }
    }

    [Test]
    public void Options_Invalid_Throw()
    {
        var server = new IPEndPoint(IPAddress.Loopback, 3478);
        Assert.Multiple(() =>
        {
            Assert.ThrowsAsync<ArgumentException>(async () => await MsTurnClient.ConnectAsync(new MsTurnClientOptions { Server = server, Username = string.Empty, Password = "p" }));
            Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await MsTurnClient.ConnectAsync(new MsTurnClientOptions { Server = server, Username = "u", Password = "p", RequestedLifetime = TimeSpan.Zero }));
            Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await MsTurnClient.ConnectAsync(new MsTurnClientOptions { Server = server, Username = "u", Password = "p", NonceRenewInterval = TimeSpan.Zero }));
        });
    }

    /// <summary>The timer callback starts the refresh; wait (bounded) until it started and ended.</summary>
    private static async Task WaitForMaintenanceAsync(MsTurnClient client, CancellationToken cancellationToken)
    {
        // FakeTimeProvider runs due timers inside Advance, so the run has started by now.
        await client.Maintenance.WaitAsync(cancellationToken);
    }
}
