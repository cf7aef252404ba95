using System.Net;
using System.Text;
using UcStack.Server;
using UcStack.Sip;
using UcStack.Sip.Presence;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;
using UcStack.Sip.UserAgent;
using UcStack.Tls;

namespace UcStack.Server.Tests;

/// <summary>The server as the host runs it, on loopback sockets with OS-assigned ports, used by two SIP user
/// agents over TCP: digest registration, a call through the proxy, IM both ways, a presence change.</summary>
[TestFixture]
public sealed class SipServerServiceTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly byte[] Offer = Encoding.ASCII.GetBytes("v=0\r\n");
    private readonly List<IAsyncDisposable> _cleanup = [];

    [TearDown]
    public async Task TearDown()
    {
        for (var i = _cleanup.Count - 1; i >= 0; i--) await _cleanup[i].DisposeAsync();
        _cleanup.Clear();
    }

    private async Task<SipServerService> StartServer(bool tls = false)
    {
        var host = await TestServer.StartAsync(TestServer.Loopback(tls));
        _cleanup.Add(host);
        return host.Sip;
    }

    private async Task<SipUserAgent> StartAgent(string user)
    {
        var transport = SipSocketTransportLayer.Start(new SipSocketTransportOptions
        {
            ListenPoints = [new SipListenPoint(SipTransportProtocol.Tcp, new IPEndPoint(IPAddress.Loopback, 0))],
        });
        var endpoint = new SipEndpoint(transport, new SipEndpointOptions { LocalUri = $"sip:{user}@example.org", ContactUser = user });
        _cleanup.Add(endpoint);
        endpoint.Start();
        await Task.CompletedTask;
        return new SipUserAgent(endpoint);
    }

    private static SipTransportTarget Tcp(SipServerService server) =>
        new(SipTransportProtocol.Tcp, server.ListenPoints.Single(p => p.Protocol == SipTransportProtocol.Tcp).EndPoint);

    private async Task Register(SipUserAgent agent, string user, SipServerService server)
    {
        var registration = new SipRegistration(agent.Endpoint, new SipRegistrationOptions
        {
            RegistrarUri = "sip:example.org",
            AddressOfRecord = $"sip:{user}@example.org",
            Username = user,
            Password = user + "pass",
            Target = Tcp(server),
        });
        _cleanup.Add(registration);
        using var cts = new CancellationTokenSource(Bound);
        await registration.RegisterAsync(cts.Token);
    }

    [Test]
    public async Task Server_RegisterCallImAndPresence_BetweenTwoUsers()
    {
        var server = await StartServer();
        var alice = await StartAgent("alice");
        var bob = await StartAgent("bob");
        await Register(alice, "alice", server);
        await Register(bob, "bob", server);
        var target = Tcp(server);

        // A call through the proxy, hung up by the caller along the recorded route.
        var bobCall = new TaskCompletionSource<SipCall>(TaskCreationOptions.RunContinuationsAsynchronously);
        bob.IncomingCall = async call =>
        {
            bobCall.TrySetResult(call);
            await call.AcceptAsync(Offer, "application/sdp");
        };
        var call = await alice.PlaceCallAsync("sip:bob@example.org", Offer, "application/sdp", target).WaitAsync(Bound);
        var answered = await bobCall.Task.WaitAsync(Bound);
        await answered.Established.WaitAsync(Bound);
        Assert.That(call.Dialog!.RouteSet, Has.Count.EqualTo(1), "the proxy record-routed");
        await call.HangUpAsync().WaitAsync(Bound);
        Assert.That((await answered.Ended.WaitAsync(Bound)).Reason, Is.EqualTo(SipCallEndReason.RemoteHangUp));

        // Instant messages both ways.
        var bobInbox = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var aliceInbox = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        bob.Endpoint.RequestReceived = Inbox(bobInbox);
        alice.Endpoint.RequestReceived = Inbox(aliceInbox);
        using (var sent = await alice.SendMessageAsync("sip:bob@example.org", "hello bob"u8.ToArray(), target: target).WaitAsync(Bound))
            Assert.That(sent.StatusCode, Is.EqualTo(200));
        using (var sent = await bob.SendMessageAsync("sip:alice@example.org", "hello alice"u8.ToArray(), target: target).WaitAsync(Bound))
            Assert.That(sent.StatusCode, Is.EqualTo(200));
        Assert.That(await bobInbox.Task.WaitAsync(Bound), Is.EqualTo("hello bob"));
        Assert.That(await aliceInbox.Task.WaitAsync(Bound), Is.EqualTo("hello alice"));

        // Bob watches Alice; Alice publishes; Bob sees her open with a note.
        var seen = new TaskCompletionSource<PidfDocument>(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = await bob.SubscribeAsync("sip:alice@example.org", "presence", TimeSpan.FromMinutes(10), PidfDocument.ContentType, target).WaitAsync(Bound);
        _cleanup.Add(subscription);
        subscription.NotificationReceived += (_, n) =>
        {
            if (!n.Body.IsEmpty && PidfDocument.TryParse(n.Body.Span, out var doc, out string? ignored) && doc.Status == PidfBasicStatus.Open) seen.TrySetResult(doc);
        };
        var publish = alice.Endpoint.CreateRequest("PUBLISH", "sip:alice@example.org", protocol: SipTransportProtocol.Tcp)
            .AddHeader("Event", "presence")
            .AddHeader("Expires", "600")
            .SetBody(new PidfDocument("sip:alice@example.org", PidfBasicStatus.Open, "free to talk").ToBytes(), PidfDocument.ContentType)
            .Build();
        using (var published = await alice.Endpoint.SendRequestAsync(publish, target).WaitAsync(Bound))
            Assert.That(published.StatusCode, Is.EqualTo(200));
        Assert.That((await seen.Task.WaitAsync(Bound)).Note, Is.EqualTo("free to talk"));
    }

    [Test]
    public async Task Server_WithTls_ListensOnUdpTcpAndTls()
    {
        var server = await StartServer(tls: true);
        Assert.That(server.ListenPoints.Where(p => p.Tls is null).Select(p => p.Protocol), Is.EquivalentTo(new[] { SipTransportProtocol.Udp, SipTransportProtocol.Tcp, SipTransportProtocol.Tls }));
        Assert.That(server.FederationEndPoint, Is.EqualTo(server.ListenPoints.Single(p => p.Tls is not null).EndPoint), "the federation listener");
        Assert.That(server.ListenPoints.Select(p => p.EndPoint.Port), Is.All.Positive);
    }

    [Test]
    public async Task Server_FederationPortMinusOne_RunsWithoutTheFederationListener()
    {
        var options = TestServer.Loopback(tls: true);
        options.Federation.Port = -1;
        var host = await TestServer.StartAsync(options);
        _cleanup.Add(host);
        Assert.That(host.Sip.FederationEndPoint, Is.Null);
        Assert.That(host.Sip.ListenPoints.Where(p => p.Tls is not null), Is.Empty, "no mutual-TLS listen point");
    }

    [Test]
    public void Server_FederationPortOutOfRange_FailsWithTheSettingNamed()
    {
        var options = TestServer.Loopback(tls: true);
        options.Federation.Port = 70000;
        var error = Assert.ThrowsAsync<InvalidOperationException>(async () => _cleanup.Add(await TestServer.StartAsync(options)));
        Assert.That(error!.Message, Does.Contain("Server:Federation:Port"));
    }

    [Test]
    public async Task Server_UnknownUserCall_IsRefused404()
    {
        var server = await StartServer();
        var alice = await StartAgent("alice");
        await Register(alice, "alice", server);
        var failure = Assert.ThrowsAsync<SipCallFailedException>(async () =>
            await alice.PlaceCallAsync("sip:mallory@example.org", Offer, "application/sdp", Tcp(server)).WaitAsync(Bound));
        Assert.That(failure!.Message, Does.Contain("404"));
    }

    private static Func<SipIncomingRequest, Task> Inbox(TaskCompletionSource<string> inbox) => async request =>
    {
        if (request.Request.MethodKind == SipMethodKind.Message) inbox.TrySetResult(Encoding.UTF8.GetString(request.Request.Body.Span));
        await request.RespondAsync(200);
    };
}
