using System.Net;
using System.Net.Sockets;
using UcStack.Stun;
using UcStack.Turn.Client;
using UcStack.Turn.Protocol;
using UcStack.Testing.Interop;

namespace UcStack.Turn.Tests.Interop;

/// <summary>Our TurnClient against coturn 4.6 on loopback.</summary>
[TestFixture]
[NonParallelizable]
public sealed class CoturnInteropTests
{
    private CoturnServer _coturn = null!;

    [OneTimeSetUp]
    public async Task StartCoturn() => _coturn = await CoturnServer.StartAsync();

    [OneTimeTearDown]
    public void StopCoturn() => _coturn?.Dispose();

    private TurnClientOptions Options(TurnTransport transport, string password = CoturnServer.Password, TurnTransport relay = TurnTransport.Udp) => new()
    {
        Server = _coturn.EndPoint,
        Username = CoturnServer.Username,
        Password = password,
        Transport = transport,
        RelayTransport = relay,
        Software = "UcStack interop test",
    };

    private static CancellationTokenSource Timeout() => new(TimeSpan.FromSeconds(15));

    [TestCase(TurnTransport.Udp, false)]
    [TestCase(TurnTransport.Udp, true)]
    [TestCase(TurnTransport.Tcp, false)]
    [TestCase(TurnTransport.Tcp, true)]
    public async Task Relay_UdpPeer_ExchangesDataBothWays(TurnTransport transport, bool useChannel)
    {
        using var cts = Timeout();
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var peerEndPoint = (IPEndPoint)peer.LocalEndPoint!;
        await using var client = await TurnClient.ConnectAsync(Options(transport), cts.Token);

        var relayed = await client.AllocateAsync(cts.Token);
        if (useChannel)
        {
            var channel = await client.BindChannelAsync(peerEndPoint, cts.Token);
            Assert.That(TurnChannelData.IsValidChannelNumber(channel), Is.True);
        }
        else
        {
            await client.CreatePermissionAsync(IPAddress.Loopback, cts.Token);
        }

        await client.SendAsync(peerEndPoint, "hello peer"u8.ToArray(), cts.Token);
        var buffer = new byte[2048];
        var fromRelay = await peer.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
        Assert.Multiple(() =>
        {
            Assert.That(buffer.AsSpan(0, fromRelay.ReceivedBytes).ToArray(), Is.EqualTo("hello peer"u8.ToArray()));
            Assert.That(StunEndPoint.FromIPEndPoint((IPEndPoint)fromRelay.RemoteEndPoint), Is.EqualTo(relayed));
        });

        await peer.SendToAsync("hello client"u8.ToArray(), SocketFlags.None, relayed.ToIPEndPoint(), cts.Token);
        var received = await client.ReceiveAsync(buffer, cts.Token);
        Assert.Multiple(() =>
        {
            Assert.That(buffer.AsSpan(0, received.BytesReceived).ToArray(), Is.EqualTo("hello client"u8.ToArray()));
            Assert.That(received.Peer, Is.EqualTo(StunEndPoint.FromIPEndPoint(peerEndPoint)));
            Assert.That(received.ViaChannel, Is.EqualTo(useChannel));
            Assert.That(received.Truncated, Is.False);
        });
    }

    [TestCase(TurnTransport.Udp)]
    [TestCase(TurnTransport.Tcp)]
    public async Task Allocate_WrongPassword_Fails401(TurnTransport transport)
    {
        using var cts = Timeout();
        await using var client = await TurnClient.ConnectAsync(Options(transport, password: "wrong"), cts.Token);

        var failure = Assert.ThrowsAsync<TurnException>(async () => await client.AllocateAsync(cts.Token));

        Assert.That(failure!.ErrorCode, Is.EqualTo(401), _coturn.Output);
    }

    [Test]
    public async Task Refresh_Explicit_GrantsLifetimeAndDisposeDeallocates()
    {
        using var cts = Timeout();
        var client = await TurnClient.ConnectAsync(Options(TurnTransport.Udp), cts.Token);
        try
        {
            await client.AllocateAsync(cts.Token);
            var lifetime = await client.RefreshAsync(cts.Token);
            Assert.That(lifetime, Is.GreaterThan(TimeSpan.Zero));
        }
        finally
        {
            await client.DisposeAsync();
        }

        Assert.That(client.IsAllocated, Is.False);
    }

    [Test]
    public async Task Rfc6062_ConnectPeer_RelaysTcpBytesBothWays()
    {
        using var cts = Timeout();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var peerEndPoint = (IPEndPoint)listener.LocalEndpoint;
        await using var client = await TurnClient.ConnectAsync(Options(TurnTransport.Tcp, relay: TurnTransport.Tcp), cts.Token);
        await client.AllocateAsync(cts.Token);
        await client.CreatePermissionAsync(IPAddress.Loopback, cts.Token);

        var accept = listener.AcceptTcpClientAsync(cts.Token);
        await using var connection = await client.ConnectPeerAsync(peerEndPoint, cts.Token);
        using var peer = await accept;
        var peerStream = peer.GetStream();

        await connection.Stream.WriteAsync("to peer"u8.ToArray(), cts.Token);
        var buffer = new byte[7];
        await peerStream.ReadExactlyAsync(buffer, cts.Token);
        Assert.That(buffer, Is.EqualTo("to peer"u8.ToArray()));

        await peerStream.WriteAsync("to you!"u8.ToArray(), cts.Token);
        await connection.Stream.ReadExactlyAsync(buffer, cts.Token);
        Assert.Multiple(() =>
        {
            Assert.That(buffer, Is.EqualTo("to you!"u8.ToArray()));
            Assert.That(connection.Peer, Is.EqualTo(StunEndPoint.FromIPEndPoint(peerEndPoint)));
        });
    }

    [Test]
    public async Task Rfc6062_PeerConnectsToRelay_AcceptedAfterConnectionAttempt()
    {
        using var cts = Timeout();
        await using var client = await TurnClient.ConnectAsync(Options(TurnTransport.Tcp, relay: TurnTransport.Tcp), cts.Token);
        var relayed = await client.AllocateAsync(cts.Token);
        await client.CreatePermissionAsync(IPAddress.Loopback, cts.Token);

        using var peer = new TcpClient(AddressFamily.InterNetwork);
        await peer.ConnectAsync(relayed.ToIPEndPoint(), cts.Token);
        await using var connection = await client.AcceptPeerConnectionAsync(cts.Token);
        var peerStream = peer.GetStream();

        await peerStream.WriteAsync("inbound"u8.ToArray(), cts.Token);
        var buffer = new byte[7];
        await connection.Stream.ReadExactlyAsync(buffer, cts.Token);
        Assert.That(buffer, Is.EqualTo("inbound"u8.ToArray()));
        await connection.Stream.WriteAsync("replied"u8.ToArray(), cts.Token);
        await peerStream.ReadExactlyAsync(buffer, cts.Token);
        Assert.That(buffer, Is.EqualTo("replied"u8.ToArray()));
    }
}
