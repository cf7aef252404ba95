using System.Security.Authentication;
using FsCheck.Fluent;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using UcStack.Tls.Tests.Support;

namespace UcStack.Tls.Tests;

[TestFixture]
public sealed class TlsAcceptorTests
{
    private TestPki _pki = null!;
    private X509Certificate2 _server = null!;
    private X509Certificate2 _peerEdge = null!;

    [OneTimeSetUp]
    public void CreatePki()
    {
        _pki = new TestPki();
        _server = _pki.Issue("pool.contoso.example", ["pool.contoso.example"]);
        _peerEdge = _pki.Issue("edge1.contoso.example", ["edge1.contoso.example", "sip.contoso.example"]);
    }

    [OneTimeTearDown]
    public void DisposePki()
    {
        _server.Dispose();
        _peerEdge.Dispose();
        _pki.Dispose();
    }

    private TlsClientOptions Client(X509Certificate2? certificate, SslProtocols protocols = SslProtocols.Tls12 | SslProtocols.Tls13) => new()
    {
        TargetHost = "pool.contoso.example",
        TrustedRoots = [_pki.Root],
        ClientCertificate = certificate,
        EnabledProtocols = protocols,
    };

    private TlsServerOptions MutualServer(TlsPeerAuthorization? allowList, SslProtocols protocols = SslProtocols.Tls12 | SslProtocols.Tls13) => new()
    {
        ServerCertificate = _server,
        ClientCertificateMode = TlsClientCertificateMode.Required,
        TrustedClientRoots = [_pki.Root],
        PeerAuthorization = allowList,
        EnabledProtocols = protocols,
    };

    [TestCase(SslProtocols.Tls12)]
    [TestCase(SslProtocols.Tls13)]
    public async Task Accept_ClientCertificateRequiredButMissing_FailsWithClientCertificateRequired(SslProtocols protocol)
    {
        await using var pair = await LoopbackPair.CreateAsync();
        var (client, server) = await Handshake.RunAsync(pair, Client(null, protocol), MutualServer(null, protocol));

        var failure = Assert.ThrowsAsync<TlsHandshakeException>(async () => await server);
        Assert.That(failure!.Reason, Is.EqualTo(TlsHandshakeFailureReason.ClientCertificateRequired));
        await DisposeIfConnected(client);
    }

    [TestCase(SslProtocols.Tls12)]
    [TestCase(SslProtocols.Tls13)]
    public async Task Accept_ClientCertificateOnAllowList_ReportsAuthorizedPeerName(SslProtocols protocol)
    {
        var allowList = new TlsPeerAuthorization(["*.contoso.example"]);
        await using var pair = await LoopbackPair.CreateAsync();
        var (client, server) = await Handshake.RunAsync(pair, Client(_peerEdge, protocol), MutualServer(allowList, protocol));

        await using var serverConnection = await server;
        await using var clientConnection = await client;
        Assert.Multiple(() =>
        {
            Assert.That(serverConnection.AuthorizedPeerName, Is.EqualTo("edge1.contoso.example"));
            Assert.That(serverConnection.RemoteCertificate?.Thumbprint, Is.EqualTo(_peerEdge.Thumbprint));
            Assert.That(serverConnection.IsServer, Is.True);
            Assert.That(serverConnection.TargetHost, Is.Null);
            Assert.That(serverConnection.Protocol, Is.EqualTo(protocol));
        });
    }

    [Test]
    public async Task Accept_AllowListMatchesSecondSan_ReportsThatName()
    {
        var allowList = new TlsPeerAuthorization(["SIP.Contoso.Example."]);
        await using var pair = await LoopbackPair.CreateAsync();
        var (client, server) = await Handshake.RunAsync(pair, Client(_peerEdge), MutualServer(allowList));

        await using var serverConnection = await server;
        await using var clientConnection = await client;
        Assert.That(serverConnection.AuthorizedPeerName, Is.EqualTo("sip.contoso.example"));
    }

    [Test]
    public async Task Accept_ClientCertificateNotOnAllowList_FailsWithPeerNotAuthorizedAndLogs()
    {
        var logger = new TestLogger<TlsAcceptor>();
        var allowList = new TlsPeerAuthorization(["edge2.contoso.example", "*.fabrikam.example"]);
        await using var pair = await LoopbackPair.CreateAsync();
        var (client, server) = await Handshake.RunAsync(pair, Client(_peerEdge), MutualServer(allowList), acceptor: new TlsAcceptor(logger));

        var failure = Assert.ThrowsAsync<TlsHandshakeException>(async () => await server);
        Assert.That(failure!.Reason, Is.EqualTo(TlsHandshakeFailureReason.PeerNotAuthorized));
        Assert.That(failure.Message, Does.Contain("edge1.contoso.example"));
        Assert.That(logger.Entries.Any(e => e.EventId.Id == 3012 && e.Level == LogLevel.Warning), Is.True);
        await DisposeIfConnected(client);
    }

    [Test]
    public async Task Accept_ClientCertificateFromUnknownRoot_FailsWithCertificateUntrusted()
    {
        using var stranger = new TestPki("Stranger Root");
        using var strangerCertificate = stranger.Issue("edge1.contoso.example", ["edge1.contoso.example"]);
        var allowList = new TlsPeerAuthorization(["edge1.contoso.example"]);
        await using var pair = await LoopbackPair.CreateAsync();
        var (client, server) = await Handshake.RunAsync(pair, Client(strangerCertificate), MutualServer(allowList));

        var failure = Assert.ThrowsAsync<TlsHandshakeException>(async () => await server);
        Assert.That(failure!.Reason, Is.EqualTo(TlsHandshakeFailureReason.CertificateUntrusted));
        await DisposeIfConnected(client);
    }

    [Test]
    public async Task Accept_ClientCertificateWithoutClientAuthUsage_FailsWithCertificateUntrusted()
    {
        using var serverOnly = _pki.Issue("edge1.contoso.example", ["edge1.contoso.example"], clientAuth: false);
        await using var pair = await LoopbackPair.CreateAsync();
        var (client, server) = await Handshake.RunAsync(pair, Client(serverOnly), MutualServer(null));

        var failure = Assert.ThrowsAsync<TlsHandshakeException>(async () => await server);
        Assert.That(failure!.Reason, Is.EqualTo(TlsHandshakeFailureReason.CertificateUntrusted));
        await DisposeIfConnected(client);
    }

    [Test]
    public async Task Accept_OptionalModeWithoutClientCertificate_Succeeds()
    {
        await using var pair = await LoopbackPair.CreateAsync();
        var (client, server) = await Handshake.RunAsync(
            pair,
            Client(null),
            new TlsServerOptions { ServerCertificate = _server, ClientCertificateMode = TlsClientCertificateMode.Optional });

        await using var serverConnection = await server;
        await using var clientConnection = await client;
        Assert.That(serverConnection.RemoteCertificate, Is.Null);
        Assert.That(serverConnection.AuthorizedPeerName, Is.Null);
    }

    [Test]
    public async Task Accept_AllowListWithoutRequiredMode_ThrowsArgumentException()
    {
        await using var pair = await LoopbackPair.CreateAsync();
        var options = new TlsServerOptions
        {
            ServerCertificate = _server,
            ClientCertificateMode = TlsClientCertificateMode.Optional,
            PeerAuthorization = new TlsPeerAuthorization(["edge1.contoso.example"]),
        };

        Assert.That(async () => await new TlsAcceptor().AcceptAsync(pair.ServerStream, options), Throws.ArgumentException);
    }

    [Test]
    public async Task Accept_CertificateWithoutPrivateKey_ThrowsArgumentException()
    {
        using var publicOnly = X509CertificateLoader.LoadCertificate(_server.RawData);
        await using var pair = await LoopbackPair.CreateAsync();
        Assert.That(
            async () => await new TlsAcceptor().AcceptAsync(pair.ServerStream, new TlsServerOptions { ServerCertificate = publicOnly }),
            Throws.ArgumentException.With.Message.Contains("private key"));
    }

    [Test]
    public async Task Accept_ClientNeverSpeaks_TimesOutOnTheTimeProvider()
    {
        var time = new FakeTimeProvider();
        await using var pair = await LoopbackPair.CreateAsync();
        var accept = new TlsAcceptor(timeProvider: time).AcceptAsync(
            pair.ServerStream,
            new TlsServerOptions { ServerCertificate = _server, HandshakeTimeout = TimeSpan.FromSeconds(3) }).AsTask();

        time.Advance(TimeSpan.FromSeconds(2.9));
        Assert.That(accept.IsCompleted, Is.False);
        time.Advance(TimeSpan.FromSeconds(0.1));

        var failure = Assert.ThrowsAsync<TlsHandshakeException>(async () => await accept);
        Assert.That(failure!.Reason, Is.EqualTo(TlsHandshakeFailureReason.Timeout));
    }

    [Test]
    public async Task Accept_LeaveInnerStreamOpen_KeepsSocketAfterFailure()
    {
        var time = new FakeTimeProvider();
        await using var pair = await LoopbackPair.CreateAsync();
        var accept = new TlsAcceptor(timeProvider: time).AcceptAsync(
            pair.ServerStream,
            new TlsServerOptions { ServerCertificate = _server, HandshakeTimeout = TimeSpan.FromSeconds(1), LeaveInnerStreamOpen = true }).AsTask();
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.ThrowsAsync<TlsHandshakeException>(async () => await accept);
        Assert.That(() => pair.ServerStream.Write([1]), Throws.Nothing);
    }

    [Test]
    public async Task Accept_ArbitraryBytesFromClient_FailWithTypedHandshakeError()
    {
        var acceptor = new TlsAcceptor();
        var options = new TlsServerOptions { ServerCertificate = _server, HandshakeTimeout = TimeSpan.FromSeconds(20) };

        // FsCheck generates the inputs; the checks are awaited (sockets), so they run in a plain loop.
        var samples = ArbMap.Default.GeneratorFor<byte[]>().Sample(25, 200).ToArray();
        Assert.That(samples, Has.Length.EqualTo(25));
        foreach (var garbage in samples)
        {
            var outcome = await RunWithGarbageAsync(acceptor, options, garbage);
            Assert.That(outcome, Is.AnyOf(TlsHandshakeFailureReason.Protocol, TlsHandshakeFailureReason.RemoteClosed), Convert.ToHexString(garbage));
        }
    }

    [Test]
    public async Task Accept_TruncatedClientHello_FailsWithRemoteClosedOrProtocol()
    {
        // A TLS record header promising a 16 KB handshake message, then end of stream.
        var outcome = await RunWithGarbageAsync(new TlsAcceptor(), new TlsServerOptions { ServerCertificate = _server }, [0x16, 0x03, 0x01, 0x40, 0x00, 0x01]);
        Assert.That(outcome, Is.AnyOf(TlsHandshakeFailureReason.RemoteClosed, TlsHandshakeFailureReason.Protocol));
    }

    private static async Task<TlsHandshakeFailureReason?> RunWithGarbageAsync(TlsAcceptor acceptor, TlsServerOptions options, byte[] garbage)
    {
        await using var pair = await LoopbackPair.CreateAsync();
        var accept = acceptor.AcceptAsync(pair.ServerStream, options).AsTask();
        await pair.ClientStream.WriteAsync(garbage);
        pair.ClientStream.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
        try
        {
            await (await accept.WaitAsync(TimeSpan.FromSeconds(30))).DisposeAsync();
            return null;
        }
        catch (TlsHandshakeException ex)
        {
            return ex.Reason;
        }
    }

    private static async Task DisposeIfConnected(Task<TlsConnection> side)
    {
        try
        {
            await (await side).DisposeAsync();
        }
        catch (TlsHandshakeException)
        {
            // Which side notices first depends on the TLS version; the server's verdict is what is asserted.
        }
    }
}
