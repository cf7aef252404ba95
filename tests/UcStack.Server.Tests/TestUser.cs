using System.Net;
using UcStack.Sip;

using UcStack.Sip.Registrar;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;
using UcStack.Sip.UserAgent;

namespace UcStack.Server.Tests;

/// <summary>A user agent of the domain on its own loopback TCP listener, with digest credentials for the server's
/// challenges, that talks to the test server over TCP.</summary>
internal sealed class TestUser : IAsyncDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private SipRegistration? _registration;

    private TestUser(string name, SipUserAgent agent, SipTransportTarget server)
    {
        Name = name;
        Agent = agent;
        Server = server;
    }

    public string Name { get; }

    public string Uri => $"sip:{Name}@example.org";

    public SipUserAgent Agent { get; }

    public SipEndpoint Endpoint => Agent.Endpoint;

    public SipTransportTarget Server { get; }

    /// <summary>Starts the user agent (not registered yet). <paramref name="password"/> defaults to the demo one.</summary>
    public static TestUser Start(TestServer host, string name, string? password = null)
    {
        var server = new SipTransportTarget(SipTransportProtocol.Tcp, host.Sip.ListenPoints.Single(p => p.Protocol == SipTransportProtocol.Tcp).EndPoint);
        var transport = SipSocketTransportLayer.Start(new SipSocketTransportOptions
        {
            ListenPoints = [new SipListenPoint(SipTransportProtocol.Tcp, new IPEndPoint(IPAddress.Loopback, 0))],
        });
        var endpoint = new SipEndpoint(transport, new SipEndpointOptions
        {
            LocalUri = $"sip:{name}@example.org",
            ContactUser = name,
            DigestClient = new DigestClient(name, password ?? name + "pass"),

            // Every request goes to the server (an outbound proxy in effect); contacts are IP literals.
            ResolveTarget = uri => uri is SipUri { Host: "example.org" } ? server : SipTransportTarget_FromLiteral(uri),
        });
        endpoint.Start();
        return new TestUser(name, new SipUserAgent(endpoint), server);
    }

    public async Task RegisterAsync()
    {
        _registration = new SipRegistration(Endpoint, new SipRegistrationOptions
        {
            RegistrarUri = "sip:example.org",
            AddressOfRecord = Uri,
            Username = Name,
            Password = Name + "pass",
            Target = Server,
        });
        using var cts = new CancellationTokenSource(Bound);
        await _registration.RegisterAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_registration is not null) await _registration.DisposeAsync();
        await Endpoint.DisposeAsync();
    }

    private static SipTransportTarget SipTransportTarget_FromLiteral(AddressUri uri)
    {
        var sip = (SipUri)uri;
        var protocol = string.Equals(sip.Transport, "tcp", StringComparison.OrdinalIgnoreCase) ? SipTransportProtocol.Tcp : SipTransportProtocol.Udp;
        return new SipTransportTarget(protocol, new IPEndPoint(IPAddress.Parse(sip.Host.Trim('[', ']')), sip.Port ?? 5060));
    }
}
