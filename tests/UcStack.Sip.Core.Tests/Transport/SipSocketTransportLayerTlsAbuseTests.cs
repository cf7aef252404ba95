using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using UcStack.Sip.Transport;
using UcStack.Tls;
using static UcStack.Sip.Tests.Transport.SocketTestKit;
using static UcStack.Sip.Tests.Transport.TransportTestMessages;
using Reasons = UcStack.Sip.Transport.SipSocketTransportLayer.AbortReasons;

namespace UcStack.Sip.Tests.Transport;

/// <summary>Malformed, truncated, stalled and flooding TLS handshakes: the listener keeps serving a legitimate client.</summary>
[TestFixture]
public sealed class SipSocketTransportLayerTlsAbuseTests
{
    private const string ServerName = "sip.contoso.example";

    private X509Certificate2 _certificate = null!;
    private byte[] _clientHello = [];
    private readonly List<IAsyncDisposable> _layers = [];
    private readonly List<Socket> _sockets = [];

    [OneTimeSetUp]
    public async Task CreateCertificateAndCaptureAClientHello()
    {
        _certificate = TlsCertificates.CreateDevelopmentCertificate([ServerName]);
        _clientHello = await CaptureClientHelloAsync();
    }

    [OneTimeTearDown]
    public void DisposeCertificate() => _certificate.Dispose();

    [TearDown]
    public async Task TearDown()
    {
        foreach (var s in _sockets) s.Dispose();
        _sockets.Clear();
        foreach (var l in _layers) await l.DisposeAsync();
        _layers.Clear();
    }

    /// <summary>The first TLS record a real client sends: a loopback listener reads it and never answers.</summary>
    private static async Task<byte[]> CaptureClientHelloAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var cts = new CancellationTokenSource(TransportTestMessages.Timeout);
        using var client = new TcpClient();
        await client.ConnectAsync((IPEndPoint)listener.LocalEndPoint!, cts.Token);
        using var accepted = await listener.AcceptAsync(cts.Token);
        var ssl = new SslStream(client.GetStream());
        var handshake = ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = ServerName }, cts.Token);
        var header = new byte[5];
        await accepted.ReceiveAsync(header, SocketFlags.None, cts.Token);
        var length = (header[3] << 8) | header[4];
        var record = new byte[5 + length];
        header.CopyTo(record, 0);
        for (var read = 5; read < record.Length;) read += await accepted.ReceiveAsync(record.AsMemory(read), SocketFlags.None, cts.Token);
        accepted.Close();
        try { await handshake; } catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException) { }
        await ssl.DisposeAsync();
        Assert.That(record[0], Is.EqualTo(0x16), "a handshake record");
        Assert.That(record[5], Is.EqualTo(0x01), "a ClientHello");
        return record;
    }

    private SipSocketTransportLayer Server(TimeProvider? time = null, int maxConnections = 1024)
    {
        var layer = SipSocketTransportLayer.Start(
            new SipSocketTransportOptions
            {
                ListenPoints = [new SipListenPoint(SipTransportProtocol.Tls, new IPEndPoint(IPAddress.Loopback, 0))],
                TlsServer = new TlsServerOptions { ServerCertificate = _certificate },
                MaxConnections = maxConnections,
            },
            timeProvider: time);
        _layers.Add(layer);
        return layer;
    }

    private SipSocketTransportLayer Client()
    {
        var layer = SipSocketTransportLayer.Start(new SipSocketTransportOptions
        {
            ListenPoints = [new SipListenPoint(SipTransportProtocol.Tcp, new IPEndPoint(IPAddress.Loopback, 0))],
            TlsClient = target => new TlsClientOptions { TargetHost = target.HostName!, UseSystemTrustStore = false, TrustedRoots = [_certificate] },
        });
        _layers.Add(layer);
        return layer;
    }

    private async Task<Socket> RawAsync(IPEndPoint endPoint)
    {
        var socket = await ConnectRawAsync(endPoint);
        _sockets.Add(socket);
        return socket;
    }

    /// <summary>A legitimate client sends a request over TLS and the server delivers it.</summary>
    private async Task LegitimateRequestIsServedAsync(SipSocketTransportLayer server, string callId)
    {
        var client = Client();
        var from = new SipListenPoint(SipTransportProtocol.Tls, Point(client, SipTransportProtocol.Tcp).EndPoint);
        using var request = Options(from, callId: callId);
        await client.SendRequestAsync(request, Target(Point(server, SipTransportProtocol.Tls), ServerName));
        while (true)
        {
            var received = await ReceiveAsync(server);
            using (received.Message)
            {
                if (received.Message.CallId == callId) return;
            }
        }
    }

    [Test]
    public async Task Garbage_InsteadOfAClientHello_FailsThatHandshakeOnly()
    {
        var server = Server();
        var attacker = await RawAsync(Point(server, SipTransportProtocol.Tls).EndPoint);
        await SendAllAsync(attacker, RandomNumberGenerator.GetBytes(512));
        var (closed, _) = await ReadAsync(attacker);
        Assert.That(closed, Is.True);
        await WaitUntilAsync(() => server.AbortedCount(Reasons.HandshakeFailed) == 1, "the failure is counted");
        await LegitimateRequestIsServedAsync(server, "after-garbage");
    }

    [Test]
    public async Task TruncatedClientHello_ThenClose_FailsThatHandshakeOnly()
    {
        var server = Server();
        var attacker = await RawAsync(Point(server, SipTransportProtocol.Tls).EndPoint);
        await SendAllAsync(attacker, _clientHello[..(_clientHello.Length / 2)]);
        attacker.Shutdown(SocketShutdown.Send);
        var (closed, _) = await ReadAsync(attacker);
        Assert.That(closed, Is.True);
        await WaitUntilAsync(() => server.TrackedConnectionCount == 0 && server.AbortedCount(Reasons.HandshakeFailed) == 1, "the handshake is given up");
        await LegitimateRequestIsServedAsync(server, "after-truncated");
    }

    [Test]
    public async Task StalledClientHello_IsClosedAtTheHandshakeTimeout_NotBefore()
    {
        var time = new FakeTimeProvider();
        var server = Server(time);
        var attacker = await RawAsync(Point(server, SipTransportProtocol.Tls).EndPoint);
        await SendAllAsync(attacker, _clientHello[..(_clientHello.Length / 2)]);
        await WaitUntilAsync(() => server.TrackedConnectionCount == 1, "the connection is accepted");

        // The handshake's timer starts a moment after the accept, on another thread: move the clock a second at a
        // time and check that the close comes after the 10 s default, and does come.
        var advanced = TimeSpan.Zero;
        using var cts = new CancellationTokenSource(TransportTestMessages.Timeout);
        while (server.TrackedConnectionCount > 0)
        {
            Assert.That(cts.IsCancellationRequested, Is.False, "the stalled handshake was never closed");
            time.Advance(TimeSpan.FromSeconds(1));
            advanced += TimeSpan.FromSeconds(1);
            await Task.Delay(20, CancellationToken.None);
        }

        Assert.That(advanced, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(10)), "closed before the handshake timeout");
        var (closed, _) = await ReadAsync(attacker);
        Assert.That(closed, Is.True);
        Assert.That(server.AbortedCount(Reasons.HandshakeFailed), Is.EqualTo(1));
    }

    [Test]
    public async Task HalfOpenHandshakes_FillingTheTable_DoNotLockOutALegitimateClient()
    {
        const int Limit = 8;
        var server = Server(maxConnections: Limit);
        var tls = Point(server, SipTransportProtocol.Tls).EndPoint;
        var attackers = new List<Socket>();
        for (var i = 0; i < Limit; i++)
        {
            var socket = await RawAsync(tls);
            await SendAllAsync(socket, _clientHello[..(_clientHello.Length / 2)]);
            attackers.Add(socket);
        }

        await WaitUntilAsync(() => server.TrackedConnectionCount == Limit, "every half-open handshake holds a slot");
        await LegitimateRequestIsServedAsync(server, "legit-tls");
        Assert.That(server.AbortedCount(Reasons.Evicted), Is.GreaterThanOrEqualTo(1));
        var (closed, _) = await ReadAsync(attackers[0]);
        Assert.That(closed, Is.True, "the oldest half-open handshake made room");
        Assert.That(server.TrackedConnectionCount, Is.LessThanOrEqualTo(Limit + 1));
    }
}
