using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using UcStack.Stun.Tests.Transactions;

namespace UcStack.Stun.Tests.Binding;

/// <summary>Real loopback sockets: the Binding server against our client and against raw sockets.</summary>
[TestFixture]
public sealed class StunBindingServerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private static StunBindingServer StartLoopback(StunBindingServerOptions? options = null) =>
        StunBindingServer.Start((options ?? new StunBindingServerOptions()) with { LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0) });

    [Test]
    public async Task Start_PortZero_UdpAndTcpShareThePort()
    {
        await using var server = StartLoopback();

        Assert.That(server.UdpEndPoint!.Port, Is.Positive);
        Assert.That(server.TcpEndPoint!.Port, Is.EqualTo(server.UdpEndPoint.Port));
    }

    [Test]
    public async Task Udp_ClientOnKnownSocket_GetsThatSocketsAddress()
    {
        await using var server = StartLoopback();
        await using var socket = StunUdpTransport.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        var mapped = await new StunBindingClient().GetMappedAddressAsync(socket, server.UdpEndPoint!).WaitAsync(Wait);

        Assert.That(mapped, Is.EqualTo(socket.LocalEndPoint));
    }

    [Test]
    public async Task Tcp_Client_GetsLoopbackAddress()
    {
        await using var server = StartLoopback();
        await using var connection = await StunTcpTransport.ConnectAsync(server.TcpEndPoint!);

        var mapped = await new StunBindingClient().GetMappedAddressAsync(connection, server.TcpEndPoint!).WaitAsync(Wait);

        Assert.That(mapped, Is.EqualTo(connection.LocalEndPoint));
    }

    [Test]
    public async Task Tcp_FreshConnection_ViaOptions()
    {
        await using var server = StartLoopback();

        var mapped = await new StunBindingClient().GetMappedAddressAsync(server.TcpEndPoint!, new StunBindingRequestOptions { UseTcp = true }).WaitAsync(Wait);

        Assert.That(mapped.Address, Is.EqualTo(IPAddress.Loopback));
        Assert.That(mapped.Port, Is.Not.EqualTo(server.TcpEndPoint!.Port));
    }

    [Test]
    public async Task Udp_IPv6Loopback_Works()
    {
        if (!Socket.OSSupportsIPv6)
        {
            Assert.Inconclusive("IPv6 is not available here.");
        }

        await using var server = StunBindingServer.Start(new StunBindingServerOptions { LocalEndPoint = new IPEndPoint(IPAddress.IPv6Loopback, 0) });
        await using var socket = StunUdpTransport.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));

        var mapped = await new StunBindingClient().GetMappedAddressAsync(socket, server.UdpEndPoint!).WaitAsync(Wait);

        Assert.That(mapped, Is.EqualTo(socket.LocalEndPoint));
    }

    [Test]
    public async Task DualMode_IPv4Client_SeesIPv4Address()
    {
        if (!Socket.OSSupportsIPv6)
        {
            Assert.Inconclusive("IPv6 is not available here.");
        }

        await using var server = StunBindingServer.Start(new StunBindingServerOptions { LocalEndPoint = new IPEndPoint(IPAddress.IPv6Any, 0) });
        await using var socket = StunUdpTransport.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        var mapped = await new StunBindingClient().GetMappedAddressAsync(socket, new IPEndPoint(IPAddress.Loopback, server.UdpEndPoint!.Port)).WaitAsync(Wait);

        Assert.That(mapped, Is.EqualTo(socket.LocalEndPoint));
    }

    [Test]
    public async Task Credentials_RightPasswordSucceedsWrongGets401()
    {
        using var key = StunIntegrityKey.ForShortTerm("s3cret");
        using var wrong = StunIntegrityKey.ForShortTerm("guess");
        await using var server = StartLoopback(new StunBindingServerOptions { CredentialLookup = user => user.SequenceEqual("alice"u8) ? key : null });
        var client = new StunBindingClient();

        var mapped = await client.GetMappedAddressAsync(server.UdpEndPoint!, new StunBindingRequestOptions { Username = "alice", Key = key }).WaitAsync(Wait);
        Assert.That(mapped.Address, Is.EqualTo(IPAddress.Loopback));

        var failure = Assert.ThrowsAsync<StunTransactionException>(async () =>
            await client.GetMappedAddressAsync(server.UdpEndPoint!, new StunBindingRequestOptions { Username = "alice", Key = wrong }).WaitAsync(Wait));
        Assert.That(failure!.Failure, Is.EqualTo(StunTransactionFailure.ErrorResponse));
        Assert.That(failure.ErrorCode, Is.EqualTo(401));
    }

    [Test]
    public async Task Udp_GarbageDoesNotStopTheServer()
    {
        await using var server = StartLoopback();
        using var raw = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var random = new Random(5);
        for (var i = 0; i < 200; i++)
        {
            var junk = new byte[random.Next(0, 300)];
            random.NextBytes(junk);
            if (junk.Length > 0 && i % 2 == 0)
            {
                junk[0] &= 0x3F;
            }

            await raw.SendToAsync(junk, SocketFlags.None, server.UdpEndPoint!);
        }

        var mapped = await new StunBindingClient().GetMappedAddressAsync(server.UdpEndPoint!).WaitAsync(Wait);
        Assert.That(mapped.Address, Is.EqualTo(IPAddress.Loopback));
    }

    [Test]
    public async Task Tcp_RequestSentByteByByte_IsAnswered()
    {
        await using var server = StartLoopback();
        using var raw = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await raw.ConnectAsync(server.TcpEndPoint!);
        var id = TestMessages.NewTransactionId();
        var request = TestMessages.BindingRequest(id);
        var twice = request.Concat(TestMessages.BindingRequest(id)).ToArray();

        foreach (var b in twice)
        {
            await raw.SendAsync(new[] { b }, SocketFlags.None);
        }

        var buffer = new StunFrameBuffer();
        var answers = 0;
        using var timeout = new CancellationTokenSource(Wait);
        while (answers < 2)
        {
            var read = await raw.ReceiveAsync(buffer.GetReadMemory(), SocketFlags.None, timeout.Token);
            Assert.That(read, Is.Positive, "the server must not close the connection");
            buffer.Advance(read);
            while (buffer.TryTakeFrame(out _, out var frame) == StunFrameStatus.Complete)
            {
                Assert.That(StunMessageReader.TryParse(frame.Span, out var reader, out _), Is.True);
                Assert.That(reader.Type, Is.EqualTo(StunMessageType.BindingSuccessResponse));
                Assert.That(reader.TransactionId.ToArray(), Is.EqualTo(id));
                answers++;
            }
        }
    }

    [Test]
    public async Task Tcp_BrokenFramingOrOversize_ClosesOnlyThatConnection()
    {
        await using var server = StartLoopback(new StunBindingServerOptions { MaxTcpMessageLength = 256 });
        foreach (var junk in new[] { new byte[] { 0xFF, 0, 0, 0 }, new byte[] { 0x00, 0x01, 0x04, 0x00 } })
        {
            using var raw = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await raw.ConnectAsync(server.TcpEndPoint!);
            await raw.SendAsync(junk, SocketFlags.None);
            using var timeout = new CancellationTokenSource(Wait);
            var read = await raw.ReceiveAsync(new byte[16], SocketFlags.None, timeout.Token);
            Assert.That(read, Is.Zero, "the server closes a connection it cannot frame");
        }

        var mapped = await new StunBindingClient().GetMappedAddressAsync(server.TcpEndPoint!, new StunBindingRequestOptions { UseTcp = true }).WaitAsync(Wait);
        Assert.That(mapped.Address, Is.EqualTo(IPAddress.Loopback));
    }

    [Test]
    public async Task Tcp_ConnectionLimit_RefusesExtraConnections()
    {
        await using var server = StartLoopback(new StunBindingServerOptions { MaxTcpConnections = 1 });
        await using var first = await StunTcpTransport.ConnectAsync(server.TcpEndPoint!);
        await new StunBindingClient().GetMappedAddressAsync(first, server.TcpEndPoint!).WaitAsync(Wait);

        using var second = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await second.ConnectAsync(server.TcpEndPoint!);
        using var timeout = new CancellationTokenSource(Wait);
        var read = await second.ReceiveAsync(new byte[16], SocketFlags.None, timeout.Token);

        Assert.That(read, Is.Zero);
        Assert.That(server.TcpConnectionCount, Is.EqualTo(1));
    }

    [Test]
    public async Task Tcp_IdleConnection_IsClosedAfterTimeout()
    {
        var time = new FakeTimeProvider();
        await using var server = StunBindingServer.Start(
            new StunBindingServerOptions { LocalEndPoint = new IPEndPoint(IPAddress.Loopback, 0), TcpIdleTimeout = TimeSpan.FromSeconds(30) },
            time);
        using var raw = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await raw.ConnectAsync(server.TcpEndPoint!);
        await WaitForAsync(() => server.TcpConnectionCount == 1);

        time.Advance(TimeSpan.FromSeconds(29));
        Assert.That(server.TcpConnectionCount, Is.EqualTo(1));
        time.Advance(TimeSpan.FromSeconds(1));

        using var timeout = new CancellationTokenSource(Wait);
        var read = await raw.ReceiveAsync(new byte[16], SocketFlags.None, timeout.Token);
        Assert.That(read, Is.Zero);
        await WaitForAsync(() => server.TcpConnectionCount == 0);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Wait);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    [Test]
    public async Task DisposeAsync_ClosesConnectionsAndStops()
    {
        var server = StartLoopback();
        using var raw = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await raw.ConnectAsync(server.TcpEndPoint!);
        await new StunBindingClient().GetMappedAddressAsync(server.TcpEndPoint!, new StunBindingRequestOptions { UseTcp = true }).WaitAsync(Wait);

        await server.DisposeAsync().AsTask().WaitAsync(Wait);

        Assert.That(server.TcpConnectionCount, Is.Zero);
        using var timeout = new CancellationTokenSource(Wait);
        var read = await raw.ReceiveAsync(new byte[16], SocketFlags.None, timeout.Token);
        Assert.That(read, Is.Zero);
        Assert.ThrowsAsync<SocketException>(async () =>
        {
            using var again = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await again.ConnectAsync(server.TcpEndPoint!);
        });
    }
}
