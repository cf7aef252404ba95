using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using UcStack.Tls.Tests.Support;

namespace UcStack.Tls.Tests;

[TestFixture]
public sealed class TlsConnectorTests
{
    private TestPki _pki = null!;
    private System.Security.Cryptography.X509Certificates.X509Certificate2 _serverA = null!;

    [OneTimeSetUp]
    public void CreatePki()
    {
        _pki = new TestPki();
        _serverA = _pki.Issue("a.example", ["a.example"]);
    }

    [OneTimeTearDown]
    public void DisposePki()
    {
        _serverA.Dispose();
        _pki.Dispose();
    }

    [TestCase(SslProtocols.Tls12)]
    [TestCase(SslProtocols.Tls13)]
    public async Task Connect_TrustedRootAndMatchingName_NegotiatesRequestedVersion(SslProtocols protocol)
    {
        await using var pair = await LoopbackPair.CreateAsync();
        var (client, server) = await Handshake.RunAsync(
            pair,
            new TlsClientOptions { TargetHost = "a.example", TrustedRoots = [_pki.Root], EnabledProtocols = protocol },
            new TlsServerOptions { ServerCertificate = _serverA, EnabledProtocols = protocol });

        await using var clientConnection = await client;
        await using var serverConnection = await server;
        Assert.Multiple(() =>
        {
            Assert.That(clientConnection.Protocol, Is.EqualTo(protocol));
            Assert.That(serverConnection.Protocol, Is.EqualTo(protocol));
            Assert.That(clientConnection.CipherSuite, Is.EqualTo(serverConnection.CipherSuite));
            Assert.That(clientConnection.IsServer, Is.False);
            Assert.That(clientConnection.TargetHost, Is.EqualTo("a.example"));
            Assert.That(clientConnection.RemoteCertificate?.Thumbprint, Is.EqualTo(_serverA.Thumbprint));
            Assert.That(clientConnection.CertificateValidationBypassed, Is.False);
            Assert.That(serverConnection.RemoteCertificate, Is.Null);
        });

        var payload = "OPTIONS sip:a.example SIP/2.0\r\n"u8.ToArray();
        await clientConnection.Stream.WriteAsync(payload);
        var received = new byte[payload.Length];
        await serverConnection.Stream.ReadExactlyAsync(received);
        Assert.That(received, Is.EqualTo(payload));
    }

    [Test]
    public async Task Connect_ServerSendsIntermediate_ChainsToTrustedRoot()
    {
        using var intermediate = _pki.IssueIntermediate("UcStack Test Issuing CA");
        using var leaf = _pki.Issue("a.example", ["a.example"], issuer: intermediate);
        using var intermediatePublic = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(intermediate.RawData);
        await using var pair = await LoopbackPair.CreateAsync();
        var (client, server) = await Handshake.RunAsync(
            pair,
            new TlsClientOptions { TargetHost = "a.example", TrustedRoots = [_pki.Root], UseSystemTrustStore = false },
            new TlsServerOptions { ServerCertificate = leaf, ServerCertificateChain = [intermediatePublic] });

        await using var clientConnection = await client;
        await using var serverConnection = await server;
        Assert.That(clientConnection.RemoteCertificate?.Issuer, Does.Contain("Issuing CA"));
    }

    [Test]
    public async Task Connect_ServerOmitsIntermediate_FailsWithCertificateUntrusted()
    {
        using var intermediate = _pki.IssueIntermediate("UcStack Test Issuing CA 2");
        using var leaf = _pki.Issue("a.example", ["a.example"], issuer: intermediate);
        await using var pair = await LoopbackPair.CreateAsync();
        var (client, _) = await Handshake.RunAsync(
            pair,
            new TlsClientOptions { TargetHost = "a.example", TrustedRoots = [_pki.Root], UseSystemTrustStore = false },
            new TlsServerOptions { ServerCertificate = leaf });

        var failure = Assert.ThrowsAsync<TlsHandshakeException>(async () => await client);
        Assert.That(failure!.Reason, Is.EqualTo(TlsHandshakeFailureReason.CertificateUntrusted));
    }

    [Test]
    public async Task Connect_CertificateForOtherName_FailsWithNameMismatch()
    {
        using var certificateB = _pki.Issue("b.example", ["b.example"]);
        await using var pair = await LoopbackPair.CreateAsync();

        // The socket goes to 127.0.0.1, the application asked for a.example, the server proves b.example.
        var (client, _) = await Handshake.RunAsync(
            pair,
            new TlsClientOptions { TargetHost = "a.example", TrustedRoots = [_pki.Root] },
            new TlsServerOptions { ServerCertificate = certificateB });

        var failure = Assert.ThrowsAsync<TlsHandshakeException>(async () => await client);
        Assert.That(failure!.Reason, Is.EqualTo(TlsHandshakeFailureReason.NameMismatch));
        Assert.That(failure.Message, Does.Contain("a.example"));
    }

    [Test]
    public async Task Connect_LoopbackIpCertificateButHostNameAsked_FailsWithNameMismatch()
    {
        // The certificate names 127.0.0.1, the address actually connected to; the name asked for wins.
        using var certificate = _pki.Issue("b.example", ["b.example"], includeLoopbackIp: true);
        await using var pair = await LoopbackPair.CreateAsync();
        var (client, _) = await Handshake.RunAsync(
            pair,
            new TlsClientOptions { TargetHost = "a.example", TrustedRoots = [_pki.Root] },
            new TlsServerOptions { ServerCertificate = certificate });

        var failure = Assert.ThrowsAsync<TlsHandshakeException>(async () => await client);
        Assert.That(failure!.Reason, Is.EqualTo(TlsHandshakeFailureReason.NameMismatch));
    }

    [Test]
    public async Task Connect_UnknownRootByDefault_FailsWithCertificateUntrusted()
    {
        await using var pair = await LoopbackPair.CreateAsync();
        var (client, server) = await Handshake.RunAsync(
            pair,
            new TlsClientOptions { TargetHost = "a.example" },
            new TlsServerOptions { ServerCertificate = _serverA });

        var failure = Assert.ThrowsAsync<TlsHandshakeException>(async () => await client);
        Assert.That(failure!.Reason, Is.EqualTo(TlsHandshakeFailureReason.CertificateUntrusted));
        Assert.That(failure.Message, Does.Contain("not trusted"));

        // Under TLS 1.3 the server finishes before the client judges its certificate: only the client knows.
        if (server.IsCompletedSuccessfully)
        {
            await server.Result.DisposeAsync();
        }
    }

    [Test]
    public async Task Connect_SystemStoreDisabledWithoutAnchors_FailsWithCertificateUntrusted()
    {
        await using var pair = await LoopbackPair.CreateAsync();
        var (client, _) = await Handshake.RunAsync(
            pair,
            new TlsClientOptions { TargetHost = "a.example", UseSystemTrustStore = false },
            new TlsServerOptions { ServerCertificate = _serverA });

        var failure = Assert.ThrowsAsync<TlsHandshakeException>(async () => await client);
        Assert.That(failure!.Reason, Is.EqualTo(TlsHandshakeFailureReason.CertificateUntrusted));
    }

    [Test]
    public async Task Connect_PinnedSelfSignedCertificate_Succeeds()
    {
        using var selfSigned = TlsCertificates.CreateDevelopmentCertificate(["a.example"]);
        using var pin = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(selfSigned.RawData);
        await using var pair = await LoopbackPair.CreateAsync();
        var (client, server) = await Handshake.RunAsync(
            pair,
            new TlsClientOptions { TargetHost = "a.example", PinnedCertificates = [pin], UseSystemTrustStore = false },
            new TlsServerOptions { ServerCertificate = selfSigned });

        await using var clientConnection = await client;
        await using var serverConnection = await server;
        Assert.That(clientConnection.RemoteCertificate?.Thumbprint, Is.EqualTo(selfSigned.Thumbprint));
    }

    [Test]
    public async Task Connect_PinnedCertificateExpiredOnTheClientsClock_FailsWithCertificateUntrusted()
    {
        using var selfSigned = TlsCertificates.CreateDevelopmentCertificate(["a.example"]);
        var later = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(31));
        await using var pair = await LoopbackPair.CreateAsync();
        var (client, _) = await Handshake.RunAsync(
            pair,
            new TlsClientOptions { TargetHost = "a.example", PinnedCertificates = [selfSigned] },
            new TlsServerOptions { ServerCertificate = selfSigned },
            new TlsConnector(timeProvider: later));

        var failure = Assert.ThrowsAsync<TlsHandshakeException>(async () => await client);
        Assert.That(failure!.Reason, Is.EqualTo(TlsHandshakeFailureReason.CertificateUntrusted));
        Assert.That(failure.Message, Does.Contain("pinned certificate is valid only"));
    }

    [Test]
    public async Task Connect_PinnedCertificateWithOtherName_StillFailsWithNameMismatch()
    {
        using var selfSigned = TlsCertificates.CreateDevelopmentCertificate(["b.example"]);
        await using var pair = await LoopbackPair.CreateAsync();
        var (client, _) = await Handshake.RunAsync(
            pair,
            new TlsClientOptions { TargetHost = "a.example", PinnedCertificates = [selfSigned] },
            new TlsServerOptions { ServerCertificate = selfSigned });

        var failure = Assert.ThrowsAsync<TlsHandshakeException>(async () => await client);
        Assert.That(failure!.Reason, Is.EqualTo(TlsHandshakeFailureReason.NameMismatch));
    }

    [Test]
    public async Task Connect_DangerousSwitch_AcceptsUntrustedAndMismatchedAndLogsWarnings()
    {
        using var otherPki = new TestPki("Unknown Root");
        using var certificate = otherPki.Issue("b.example", ["b.example"]);
        var logger = new TestLogger<TlsConnector>();
        await using var pair = await LoopbackPair.CreateAsync();
        var (client, server) = await Handshake.RunAsync(
            pair,
            new TlsClientOptions { TargetHost = "a.example", DangerousAcceptAnyServerCertificate = true },
            new TlsServerOptions { ServerCertificate = certificate },
            new TlsConnector(logger));

        await using var clientConnection = await client;
        await using var serverConnection = await server;
        Assert.That(clientConnection.CertificateValidationBypassed, Is.True);
        var warnings = logger.Entries.Where(e => e.Level == LogLevel.Warning).ToList();
        Assert.That(warnings.Select(e => e.EventId.Id), Is.EquivalentTo(new[] { 3004, 3005 }));
        Assert.That(warnings[0].Message, Does.Contain("a.example").And.Contain("DISABLED"));
        Assert.That(warnings[1].Message, Does.Contain("RemoteCertificateNameMismatch").And.Contain("RemoteCertificateChainErrors"));
    }

    [Test]
    public async Task Connect_DangerousSwitchTwice_LogsAWarningEachTime()
    {
        var logger = new TestLogger<TlsConnector>();
        var connector = new TlsConnector(logger);
        var options = new TlsClientOptions { TargetHost = "a.example", TrustedRoots = [_pki.Root], DangerousAcceptAnyServerCertificate = true };
        for (var i = 0; i < 2; i++)
        {
            await using var pair = await LoopbackPair.CreateAsync();
            var (client, server) = await Handshake.RunAsync(pair, options, new TlsServerOptions { ServerCertificate = _serverA }, connector);
            await using var clientConnection = await client;
            await using var serverConnection = await server;
        }

        Assert.That(logger.Entries.Count(e => e.EventId.Id == 3004 && e.Level == LogLevel.Warning), Is.EqualTo(2));
    }

    [TestCase(SslProtocols.Tls12)]
    [TestCase(SslProtocols.Tls13)]
    public async Task Connect_StrictAfterDangerousToSameHost_StillValidates(SslProtocols protocol)
    {
        // A session set up without validation must not let a later, strict connection skip it (resumption).
        using var stranger = new TestPki("Unknown Root");
        using var certificate = stranger.Issue("a.example", ["a.example"]);
        var connector = new TlsConnector();
        var serverOptions = new TlsServerOptions { ServerCertificate = certificate, EnabledProtocols = protocol };
        await using (var pair = await LoopbackPair.CreateAsync())
        {
            var (client, server) = await Handshake.RunAsync(
                pair,
                new TlsClientOptions { TargetHost = "a.example", DangerousAcceptAnyServerCertificate = true, EnabledProtocols = protocol },
                serverOptions,
                connector);
            await using var clientConnection = await client;
            await using var serverConnection = await server;
            await clientConnection.Stream.WriteAsync(new byte[] { 1 });
            await serverConnection.Stream.ReadExactlyAsync(new byte[1]);
            await serverConnection.Stream.WriteAsync(new byte[] { 2 });
            await clientConnection.Stream.ReadExactlyAsync(new byte[1]);
        }

        await using (var pair = await LoopbackPair.CreateAsync())
        {
            var (client, _) = await Handshake.RunAsync(
                pair,
                new TlsClientOptions { TargetHost = "a.example", EnabledProtocols = protocol },
                serverOptions,
                connector);
            var failure = Assert.ThrowsAsync<TlsHandshakeException>(async () => await client);
            Assert.That(failure!.Reason, Is.EqualTo(TlsHandshakeFailureReason.CertificateUntrusted));
        }
    }

    [Test]
    public async Task Connect_PeerNeverSpeaks_TimesOutOnTheTimeProvider()
    {
        var time = new FakeTimeProvider();
        var logger = new TestLogger<TlsConnector>();
        await using var pair = await LoopbackPair.CreateAsync();
        var connect = new TlsConnector(logger, time).ConnectAsync(
            pair.ClientStream,
            new TlsClientOptions { TargetHost = "a.example", HandshakeTimeout = TimeSpan.FromSeconds(5) }).AsTask();

        time.Advance(TimeSpan.FromSeconds(4));
        Assert.That(connect.IsCompleted, Is.False);
        time.Advance(TimeSpan.FromSeconds(1));

        var failure = Assert.ThrowsAsync<TlsHandshakeException>(async () => await connect);
        Assert.That(failure!.Reason, Is.EqualTo(TlsHandshakeFailureReason.Timeout));
        Assert.That(logger.Entries.Any(e => e.EventId.Id == 3002 && e.Message.Contains("Timeout", StringComparison.Ordinal)), Is.True);

        // The inner stream was disposed with the failed handshake.
        Assert.That(() => pair.ClientStream.Write([1]), Throws.InstanceOf<ObjectDisposedException>());
    }

    [Test]
    public async Task Connect_CallerCancels_ThrowsOperationCanceledNotTimeout()
    {
        await using var pair = await LoopbackPair.CreateAsync();
        using var cancellation = new CancellationTokenSource();
        var connect = new TlsConnector().ConnectAsync(
            pair.ClientStream,
            new TlsClientOptions { TargetHost = "a.example" },
            cancellation.Token).AsTask();
        await cancellation.CancelAsync();

        Assert.That(async () => await connect, Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task Connect_PeerClosesBeforeAnswering_FailsWithRemoteClosed()
    {
        await using var pair = await LoopbackPair.CreateAsync();
        var connect = new TlsConnector().ConnectAsync(pair.ClientStream, new TlsClientOptions { TargetHost = "a.example" }).AsTask();
        pair.ServerStream.Socket.Shutdown(SocketShutdown.Both);
        pair.ServerStream.Close();

        var failure = Assert.ThrowsAsync<TlsHandshakeException>(async () => await connect);
        Assert.That(failure!.Reason, Is.EqualTo(TlsHandshakeFailureReason.RemoteClosed));
    }

    [Test]
    public async Task Connect_NoCommonVersion_FailsWithProtocolOnBothSides()
    {
        await using var pair = await LoopbackPair.CreateAsync();
        var (client, server) = await Handshake.RunAsync(
            pair,
            new TlsClientOptions { TargetHost = "a.example", TrustedRoots = [_pki.Root], EnabledProtocols = SslProtocols.Tls12 },
            new TlsServerOptions { ServerCertificate = _serverA, EnabledProtocols = SslProtocols.Tls13 });

        var clientFailure = Assert.ThrowsAsync<TlsHandshakeException>(async () => await client);
        var serverFailure = Assert.ThrowsAsync<TlsHandshakeException>(async () => await server);
        Assert.That(serverFailure!.Reason, Is.EqualTo(TlsHandshakeFailureReason.Protocol));
        Assert.That(clientFailure!.Reason, Is.AnyOf(TlsHandshakeFailureReason.Protocol, TlsHandshakeFailureReason.RemoteClosed));
    }

    [TestCase("")]
    [TestCase("a..example")]
    [TestCase("*.example")]
    [TestCase("bad_host.example")]
    public async Task Connect_InvalidTargetHost_ThrowsArgumentException(string host)
    {
        await using var pair = await LoopbackPair.CreateAsync();
        Assert.That(
            async () => await new TlsConnector().ConnectAsync(pair.ClientStream, new TlsClientOptions { TargetHost = host }),
            Throws.ArgumentException);
    }

    [Test]
    public async Task Connect_ZeroTimeout_ThrowsArgumentException()
    {
        await using var pair = await LoopbackPair.CreateAsync();
        Assert.That(
            async () => await new TlsConnector().ConnectAsync(pair.ClientStream, new TlsClientOptions { TargetHost = "a.example", HandshakeTimeout = TimeSpan.Zero }),
            Throws.ArgumentException);
    }

    [Test]
    public async Task Connect_UnicodeTargetHost_IsCheckedInALabelForm()
    {
        using var certificate = _pki.Issue("xn--bcher-kva.example", ["xn--bcher-kva.example"]);
        await using var pair = await LoopbackPair.CreateAsync();
        var (client, server) = await Handshake.RunAsync(
            pair,
            new TlsClientOptions { TargetHost = "Bücher.example", TrustedRoots = [_pki.Root] },
            new TlsServerOptions { ServerCertificate = certificate });

        await using var clientConnection = await client;
        await using var serverConnection = await server;
        Assert.That(clientConnection.TargetHost, Is.EqualTo("xn--bcher-kva.example"));
    }
}
