using System.Net;
using System.Security.Cryptography.X509Certificates;
using UcStack.Sip.Transport;
using UcStack.Tls;
using static UcStack.Sip.Tests.Transport.SocketTestKit;
using static UcStack.Sip.Tests.Transport.TransportTestMessages;

namespace UcStack.Sip.Tests.Transport;

[TestFixture]
public sealed class SipSocketTransportLayerTlsTests
{
    private static readonly SipListenPoint AnyTls = new(SipTransportProtocol.Tls, new IPEndPoint(IPAddress.Loopback, 0));
    private static readonly SipListenPoint AnyTcp = new(SipTransportProtocol.Tcp, new IPEndPoint(IPAddress.Loopback, 0));

    private X509Certificate2 _serverCertificate = null!;
    private X509Certificate2 _edgeCertificate = null!;
    private X509Certificate2 _rogueCertificate = null!;
    private readonly List<IAsyncDisposable> _layers = [];

    [OneTimeSetUp]
    public void CreateCertificates()
    {
        _serverCertificate = TlsCertificates.CreateDevelopmentCertificate(["sip.contoso.example"]);
        _edgeCertificate = TlsCertificates.CreateDevelopmentCertificate(["edge1.contoso.example"]);
        _rogueCertificate = TlsCertificates.CreateDevelopmentCertificate(["rogue.fabrikam.example"]);
    }

    [OneTimeTearDown]
    public void DisposeCertificates()
    {
        _serverCertificate.Dispose();
        _edgeCertificate.Dispose();
        _rogueCertificate.Dispose();
    }

    [TearDown]
    public async Task TearDown()
    {
        foreach (var l in _layers) await l.DisposeAsync();
        _layers.Clear();
    }

    private SipSocketTransportLayer Server(TlsServerOptions? tls = null)
    {
        var layer = SipSocketTransportLayer.Start(new SipSocketTransportOptions
        {
            ListenPoints = [AnyTls],
            TlsServer = tls ?? new TlsServerOptions { ServerCertificate = _serverCertificate },
        });
        _layers.Add(layer);
        return layer;
    }

    private SipSocketTransportLayer Client(X509Certificate2? clientCertificate = null, bool trustServer = true)
    {
        var layer = SipSocketTransportLayer.Start(new SipSocketTransportOptions
        {
            ListenPoints = [AnyTcp],
            TlsClient = target => new TlsClientOptions
            {
                TargetHost = target.HostName!,
                UseSystemTrustStore = false,
                TrustedRoots = trustServer ? [_serverCertificate] : [],
                ClientCertificate = clientCertificate,
            },
        });
        _layers.Add(layer);
        return layer;
    }

    private static SipRequest TlsRequest(SipSocketTransportLayer client)
    {
        var tcp = Point(client, SipTransportProtocol.Tcp).EndPoint;
        return Options(new SipListenPoint(SipTransportProtocol.Tls, tcp));
    }

    [Test]
    public async Task DevelopmentCertificate_RequestAndResponseOverTls()
    {
        var server = Server();
        var client = Client();
        using var request = TlsRequest(client);
        var flow = await client.SendRequestAsync(request, Target(Point(server, SipTransportProtocol.Tls), "sip.contoso.example"));
        Assert.That(flow.Protocol, Is.EqualTo(SipTransportProtocol.Tls));

        var received = await ReceiveAsync(server);
        using (received.Message)
        {
            Assert.That(received.Flow.Protocol, Is.EqualTo(SipTransportProtocol.Tls));
            using var response = SipResponseBuilder.For((SipRequest)received.Message, 200).Build();
            await server.SendResponseAsync(response, received.Flow);
        }

        var answer = await ReceiveAsync(client);
        using (answer.Message) Assert.That(answer.Flow.ConnectionId, Is.EqualTo(flow.ConnectionId));
    }

    [Test]
    public void TargetWithoutHostName_Throws()
    {
        var server = Server();
        var client = Client();
        using var request = TlsRequest(client);
        Assert.ThrowsAsync<SipTransportException>(async () => await client.SendRequestAsync(request, Target(Point(server, SipTransportProtocol.Tls))));
    }

    [Test]
    public void CertificateForAnotherName_IsRejected()
    {
        var server = Server();
        var client = Client();
        using var request = TlsRequest(client);
        var ex = Assert.ThrowsAsync<SipTransportException>(async () => await client.SendRequestAsync(request, Target(Point(server, SipTransportProtocol.Tls), "other.contoso.example")));
        Assert.That(ex!.InnerException, Is.InstanceOf<TlsHandshakeException>());
        Assert.That(((TlsHandshakeException)ex.InnerException!).Reason, Is.EqualTo(TlsHandshakeFailureReason.NameMismatch));
        Assert.That(client.OpenConnections, Is.Empty);
    }

    [Test]
    public void UntrustedCertificate_IsRejected()
    {
        var server = Server();
        var client = Client(trustServer: false);
        using var request = TlsRequest(client);
        var ex = Assert.ThrowsAsync<SipTransportException>(async () => await client.SendRequestAsync(request, Target(Point(server, SipTransportProtocol.Tls), "sip.contoso.example")));
        Assert.That(((TlsHandshakeException)ex!.InnerException!).Reason, Is.EqualTo(TlsHandshakeFailureReason.CertificateUntrusted));
    }

    [Test]
    public async Task MutualTls_PeerOnTheAllowList_IsServed_OtherPeerIsNot()
    {
        var server = Server(new TlsServerOptions
        {
            ServerCertificate = _serverCertificate,
            ClientCertificateMode = TlsClientCertificateMode.Required,
            UseSystemTrustStore = false,
            TrustedClientRoots = [_edgeCertificate, _rogueCertificate],
            PeerAuthorization = new TlsPeerAuthorization(["*.contoso.example"]),
        });
        var target = Target(Point(server, SipTransportProtocol.Tls), "sip.contoso.example");

        var rogue = Client(_rogueCertificate);
        using var rogueRequest = TlsRequest(rogue);
        try
        {
            // The refusal may come after the client's handshake (TLS 1.3): then the send succeeds and the connection dies.
            await rogue.SendRequestAsync(rogueRequest, target);
            await WaitUntilAsync(() => rogue.OpenConnections.Count == 0, "the server drops the rogue connection");
        }
        catch (SipTransportException)
        {
            // Refused during the handshake.
        }

        var edge = Client(_edgeCertificate);
        using var request = TlsRequest(edge);
        await edge.SendRequestAsync(request, target);
        var received = await ReceiveAsync(server);
        using (received.Message) Assert.That(received.Message.CallId, Is.EqualTo(request.CallId));
        Assert.That(server.ReceivedCount, Is.EqualTo(1), "nothing from the rogue peer was delivered");
    }

    [Test]
    public async Task ListenPointTls_MutualTlsPointBesideOrdinaryTlsPoint_EachUsesItsOwnOptions()
    {
        // One transport, two TLS ports: clients' TLS with the common options, and a mutual-TLS port for peers.
        var peers = new TlsServerOptions
        {
            ServerCertificate = _serverCertificate,
            ClientCertificateMode = TlsClientCertificateMode.Required,
            UseSystemTrustStore = false,
            TrustedClientRoots = [_edgeCertificate],
            PeerAuthorization = new TlsPeerAuthorization(["edge1.contoso.example"]),
        };
        var server = SipSocketTransportLayer.Start(new SipSocketTransportOptions
        {
            ListenPoints = [AnyTls, AnyTls with { Tls = peers }],
            TlsServer = new TlsServerOptions { ServerCertificate = _serverCertificate },
        });
        _layers.Add(server);
        Assert.That(server.ListenPoints.Count(p => p.Tls is null), Is.EqualTo(1));
        var peerPoint = server.ListenPoints.Single(p => p.Tls is not null);
        Assert.That(peerPoint.Tls, Is.SameAs(peers), "the bound point keeps its options");
        Assert.That(peerPoint.EndPoint.Port, Is.Positive);
        var clientPoint = server.ListenPoints.Single(p => p.Protocol == SipTransportProtocol.Tls && p.Tls is null);

        // A client without a certificate is served on the ordinary port...
        var plain = Client();
        using (var request = TlsRequest(plain))
        {
            await plain.SendRequestAsync(request, Target(clientPoint, "sip.contoso.example"));
            var received = await ReceiveAsync(server);
            using (received.Message) Assert.That(received.Flow.Local, Is.EqualTo(clientPoint.EndPoint));
        }

        // ...and refused on the peers' port, where the allowed peer is served.
        var anonymous = Client();
        using (var request = TlsRequest(anonymous))
        {
            try
            {
                await anonymous.SendRequestAsync(request, Target(peerPoint, "sip.contoso.example"));
                await WaitUntilAsync(() => anonymous.OpenConnections.Count == 0, "the server drops the connection without a certificate");
            }
            catch (SipTransportException)
            {
                // Refused during the handshake.
            }
        }

        var edge = Client(_edgeCertificate);
        using (var request = TlsRequest(edge))
        {
            await edge.SendRequestAsync(request, Target(peerPoint, "sip.contoso.example"));
            var received = await ReceiveAsync(server);
            using (received.Message)
            {
                Assert.That(received.Message.CallId, Is.EqualTo(request.CallId));
                Assert.That(received.Flow.Local, Is.EqualTo(peerPoint.EndPoint));
            }
        }

        Assert.That(server.ReceivedCount, Is.EqualTo(2), "nothing from the client without a certificate was delivered on the peers' port");
    }

    [Test]
    public void Options_TlsPointWithoutAnyTlsOptions_Throws() =>
        Assert.Throws<ArgumentException>(() => SipSocketTransportLayer.Start(new SipSocketTransportOptions { ListenPoints = [AnyTls] }));
}
