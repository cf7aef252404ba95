using System.Net;
using System.Text;
using UcStack.Sip;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;
using UcStack.Turn.Client;
using UcStack.Turn.Mras;
using Microsoft.Extensions.DependencyInjection;

namespace UcStack.Server.Tests.Turn;

/// <summary>The relay credentials service over SIP (MRAS-shaped SERVICE) and the TURN relay that accepts its
/// credentials, on loopback with OS-assigned ports.</summary>
[TestFixture]
public sealed class MrasRelayTests
{
    private static readonly TimeSpan Bound = TestUser.Bound;
    private readonly List<IAsyncDisposable> _cleanup = [];

    [TearDown]
    public async Task TearDown()
    {
        for (var i = _cleanup.Count - 1; i >= 0; i--) await _cleanup[i].DisposeAsync();
        _cleanup.Clear();
    }

    private async Task<TestServer> StartServer()
    {
        var host = await TestServer.StartAsync();
        _cleanup.Add(host);
        return host;
    }

    private TestUser User(TestServer host, string name, string? password = null)
    {
        var user = TestUser.Start(host, name, password);
        _cleanup.Add(user);
        return user;
    }

    private static SipRequest CredentialsService(TestUser user, string identity, byte[]? body = null)
    {
        body ??= MrasXml.Write(new MrasCredentialsRequest
        {
            RequestId = "1",
            From = user.Uri,
            To = "sip:mras@example.org",
            CredentialsRequestId = "7",
            Identity = identity,
            Location = MrasLocation.Internet,
            Duration = TimeSpan.FromMinutes(480),
        });
        return user.Endpoint.CreateRequest("SERVICE", "sip:mras@example.org", user.Uri, SipTransportProtocol.Tcp)
            .SetBody(body, MrasXml.ContentType)
            .Build();
    }

    [Test]
    public async Task Service_RegisteredUser_GetsCredentialsThatAllocateOnTheRelay()
    {
        var host = await StartServer();
        var alice = User(host, "alice");
        await alice.RegisterAsync();

        using var response = await alice.Endpoint.SendRequestAsync(CredentialsService(alice, alice.Uri), alice.Server).WaitAsync(Bound);
        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(response.ContentType?.MediaType, Is.EqualTo(MrasXml.ContentType));
        Assert.That(MrasXml.TryParseResponse(response.Body.Span, out var credentials, out var error), Is.True, error.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(credentials!.ReasonPhrase, Is.EqualTo("OK"));
            Assert.That(credentials.RequestId, Is.EqualTo("1"));
            Assert.That(credentials.CredentialsRequestId, Is.EqualTo("7"));
            Assert.That(credentials.Duration, Is.EqualTo(TimeSpan.FromMinutes(480)));
            Assert.That(credentials.MediaRelays, Has.Count.EqualTo(1));
        });

        // RFC 8656 over UDP and TCP, and MS-TURN over UDP, all with the handed-out credentials.
        var relay = credentials!.MediaRelays[0];
        var server = new IPEndPoint(IPAddress.Parse(relay.HostName), relay.UdpPort);
        foreach (var transport in new[] { TurnTransport.Udp, TurnTransport.Tcp })
        {
            await using var turn = await TurnClient.ConnectAsync(new TurnClientOptions
            {
                Server = server,
                Username = credentials.Username!,
                Password = credentials.Password!,
                Transport = transport,
            }).WaitAsync(Bound);
            var relayed = await turn.AllocateAsync().WaitAsync(Bound);
            Assert.That(relayed.Port, Is.Positive, transport.ToString());
        }

        await using var ms = await MsTurnClient.ConnectAsync(new MsTurnClientOptions { Server = server, Username = credentials.Username!, Password = credentials.Password! }).WaitAsync(Bound);
        var msRelayed = await ms.AllocateAsync().WaitAsync(Bound);
        Assert.That(msRelayed.Port, Is.Positive);
    }

    [Test]
    public async Task Service_WrongPassword_IsRefusedWithoutCredentials()
    {
        var host = await StartServer();
        var mallory = User(host, "alice", password: "guess");
        using var response = await mallory.Endpoint.SendRequestAsync(CredentialsService(mallory, mallory.Uri), mallory.Server).WaitAsync(Bound);

        // The challenge is answered with the wrong password; the server challenges again (or refuses): no 200.
        Assert.That(response.StatusCode, Is.EqualTo(407).Or.EqualTo(403).Or.EqualTo(401));
        Assert.That(response.Body.Length, Is.Zero);
    }

    [Test]
    public async Task Service_AuthenticatedButNotRegistered_Is403()
    {
        var host = await StartServer();
        var alice = User(host, "alice");
        using var response = await alice.Endpoint.SendRequestAsync(CredentialsService(alice, alice.Uri), alice.Server).WaitAsync(Bound);
        Assert.That(response.StatusCode, Is.EqualTo(403));
        Assert.That(response.ReasonPhrase, Is.EqualTo("Not Registered"));
    }

    [Test]
    public async Task Service_ForAnotherIdentity_Is403()
    {
        var host = await StartServer();
        var alice = User(host, "alice");
        await alice.RegisterAsync();
        using var response = await alice.Endpoint.SendRequestAsync(CredentialsService(alice, "sip:bob@example.org"), alice.Server).WaitAsync(Bound);
        Assert.That(response.StatusCode, Is.EqualTo(403));
    }

    [Test]
    public async Task Service_MalformedBody_Is400()
    {
        var host = await StartServer();
        var alice = User(host, "alice");
        await alice.RegisterAsync();
        var body = Encoding.UTF8.GetBytes("<!DOCTYPE r [<!ENTITY x \"y\">]><request xmlns=\"" + MrasXml.Namespace + "\">&x;</request>");
        using var response = await alice.Endpoint.SendRequestAsync(CredentialsService(alice, alice.Uri, body), alice.Server).WaitAsync(Bound);
        Assert.That(response.StatusCode, Is.EqualTo(400));
    }

    [Test]
    public async Task Allocate_WithMadeUpCredentials_IsRefused()
    {
        var host = await StartServer();
        var relay = host.Services.GetRequiredService<TurnRelayService>().LocalEndPoint!;
        var forged = $"{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}:alice@example.org";
        await using var turn = await TurnClient.ConnectAsync(new TurnClientOptions { Server = relay, Username = forged, Password = "not-the-hmac" }).WaitAsync(Bound);
        Assert.ThrowsAsync<TurnException>(async () => await turn.AllocateAsync().WaitAsync(Bound));
    }
}
