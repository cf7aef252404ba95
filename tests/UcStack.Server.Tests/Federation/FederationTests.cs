using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using UcStack.Sip;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;
using UcStack.Tls;

namespace UcStack.Server.Tests.Federation;

/// <summary>The mutual-TLS server-to-server listener: a peer whose certificate is trusted and on the allow list
/// gets its requests routed by the proxy; a trusted peer not on the list, or one without a certificate, fails the
/// handshake.</summary>
[TestFixture]
public sealed class FederationTests
{
    private static readonly TimeSpan Bound = TestUser.Bound;
    private readonly List<IAsyncDisposable> _cleanup = [];
    private readonly List<IDisposable> _disposables = [];
    private readonly List<string> _files = [];

    [TearDown]
    public async Task TearDown()
    {
        for (var i = _cleanup.Count - 1; i >= 0; i--) await _cleanup[i].DisposeAsync();
        _cleanup.Clear();
        foreach (var disposable in _disposables) disposable.Dispose();
        _disposables.Clear();
        foreach (var file in _files) File.Delete(file);
        _files.Clear();
    }

    private X509Certificate2 PeerCertificate(string name)
    {
        var certificate = TlsCertificates.CreateDevelopmentCertificate([name]);
        _disposables.Add(certificate);
        return certificate;
    }

    private string PublicPart(X509Certificate2 certificate)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ucstack-peer-{Guid.NewGuid():N}.cer");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Cert));
        _files.Add(path);
        return path;
    }

    private async Task<(TestServer Host, TestUser Bob, TaskCompletionSource<string> Inbox)> StartServerWithBob(params X509Certificate2[] trustedPeers)
    {
        var options = TestServer.Loopback();
        options.Federation.AllowedPeers = ["partner.example"];
        options.Federation.TrustedRootFiles = [.. trustedPeers.Select(PublicPart)];
        var host = await TestServer.StartAsync(options);
        _cleanup.Add(host);
        var bob = TestUser.Start(host, "bob");
        _cleanup.Add(bob);
        await bob.RegisterAsync();
        var inbox = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        bob.Endpoint.RequestReceived = async request =>
        {
            if (request.Request.MethodKind == SipMethodKind.Message) inbox.TrySetResult(Encoding.UTF8.GetString(request.Request.Body.Span));
            await request.RespondAsync(200);
        };
        return (host, bob, inbox);
    }

    /// <summary>A peer server's endpoint that connects to the federation port presenting <paramref name="certificate"/>.</summary>
    private SipEndpoint Peer(TestServer host, string localUri, X509Certificate2? certificate)
    {
        var serverCertificate = host.Services.GetRequiredService<ServerCertificate>().Certificate;
        var transport = SipSocketTransportLayer.Start(new SipSocketTransportOptions
        {
            ListenPoints = [new SipListenPoint(SipTransportProtocol.Tcp, new IPEndPoint(IPAddress.Loopback, 0))],
            TlsClient = target => new TlsClientOptions
            {
                TargetHost = target.HostName!,
                ClientCertificate = certificate,
                PinnedCertificates = [serverCertificate],
            },
        });
        var endpoint = new SipEndpoint(transport, new SipEndpointOptions { LocalUri = localUri });
        _cleanup.Add(endpoint);
        endpoint.Start();
        return endpoint;
    }

    private static Task<SipResponse> SendMessage(TestServer host, SipEndpoint peer, string text)
    {
        var target = new SipTransportTarget(SipTransportProtocol.Tls, host.Sip.FederationEndPoint!, "example.org");
        var message = peer.CreateRequest("MESSAGE", "sip:bob@example.org", "sip:bob@example.org", SipTransportProtocol.Tls)
            .SetBody(Encoding.UTF8.GetBytes(text), "text/plain")
            .Build();
        return peer.SendRequestAsync(message, target).WaitAsync(Bound);
    }

    [Test]
    public async Task Message_FromAllowedPeer_IsRoutedToTheUser()
    {
        var partner = PeerCertificate("partner.example");
        var (host, _, inbox) = await StartServerWithBob(partner);
        var peer = Peer(host, "sip:carol@partner.example", partner);
        using var response = await SendMessage(host, peer, "hello from partner");
        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(await inbox.Task.WaitAsync(Bound), Is.EqualTo("hello from partner"));
    }

    [Test]
    public async Task Message_FromAllowedPeerClaimingThisDomain_Is403()
    {
        var partner = PeerCertificate("partner.example");
        var (host, _, inbox) = await StartServerWithBob(partner);
        var peer = Peer(host, "sip:alice@example.org", partner);
        using var response = await SendMessage(host, peer, "I am alice");
        Assert.That(response.StatusCode, Is.EqualTo(403));
        Assert.That(inbox.Task.IsCompleted, Is.False);
    }

    [Test]
    public async Task Message_FromTrustedPeerNotOnTheAllowList_FailsTheHandshake()
    {
        var rogue = PeerCertificate("rogue.example");
        var (host, _, inbox) = await StartServerWithBob(rogue);
        // The server refuses in the handshake. The sender may see that as a failed handshake, or (TLS 1.3, where its side
        // of the handshake completes before the server has checked its certificate) only as a connection that closes
        // with the request unanswered: either way nothing is delivered and no response comes.
        var peer = Peer(host, "sip:eve@rogue.example", rogue);
        Assert.That(async () => await SendMessage(host, peer, "let me in"), Throws.InstanceOf<SipTransportException>().Or.InstanceOf<TimeoutException>());
        Assert.That(inbox.Task.IsCompleted, Is.False);
    }

    [Test]
    public async Task Message_FromPeerWithoutCertificate_FailsTheHandshake()
    {
        var (host, _, inbox) = await StartServerWithBob();
        var peer = Peer(host, "sip:carol@partner.example", certificate: null);
        Assert.That(async () => await SendMessage(host, peer, "no certificate"), Throws.InstanceOf<SipTransportException>().Or.InstanceOf<TimeoutException>());
        Assert.That(inbox.Task.IsCompleted, Is.False);
    }
}
