using System.Net;
using Microsoft.Extensions.Time.Testing;
using UcStack.Sip.Proxy;
using UcStack.Sip.Registrar;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;
using UcStack.Sip.UserAgent;

namespace UcStack.Sip.Tests.Proxy;

/// <summary>A domain server (example.org at 10.0.0.10) and user agents on the in-memory network, driven by a fake clock.</summary>
internal sealed class DomainHarness : IAsyncDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    public const string Users = "alice:alicepass\nbob:bobpass\ncarol:carolpass\n";
    private readonly List<SipEndpoint> _endpoints = [];
    private readonly List<SipRegistration> _registrations = [];
    private int _nextHost = 1;

    public DomainHarness(Func<SipDomainServerOptions, SipDomainServerOptions>? configure = null)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Network = new SipInMemoryNetwork(seed: 7, Time) { DefaultLink = new SipLinkConditions { Latency = TimeSpan.FromMilliseconds(5) } };
        ServerEndpoint = new SipEndpoint(Network.AddNode(IPAddress.Parse("10.0.0.10")), new SipEndpointOptions { LocalUri = "sip:example.org" }, Time);
        _endpoints.Add(ServerEndpoint);
        var options = new SipDomainServerOptions { Domain = "example.org", TrustRegisteredUdpSources = true };
        if (configure is not null) options = configure(options);
        Server = new SipDomainServer(ServerEndpoint, options, SipUserDirectory.Parse(Users));
        ServerEndpoint.Start();
    }

    public FakeTimeProvider Time { get; }

    public SipInMemoryNetwork Network { get; }

    public SipEndpoint ServerEndpoint { get; }

    public SipDomainServer Server { get; }

    public static SipTransportTarget ServerTarget(SipTransportProtocol protocol = SipTransportProtocol.Udp) =>
        new(protocol, new IPEndPoint(IPAddress.Parse("10.0.0.10"), 5060));

    public SipUserAgent AddAgent(string user)
    {
        var address = $"10.0.0.{_nextHost++}";
        var endpoint = new SipEndpoint(
            Network.AddNode(IPAddress.Parse(address)), new SipEndpointOptions { LocalUri = $"sip:{user}@example.org", ContactUser = user }, Time);
        _endpoints.Add(endpoint);
        endpoint.Start();
        return new SipUserAgent(endpoint);
    }

    public async Task<SipRegistration> RegisterAsync(
        SipUserAgent agent, string user, string? password = null, SipTransportProtocol protocol = SipTransportProtocol.Udp)
    {
        var registration = new SipRegistration(agent.Endpoint, new SipRegistrationOptions
        {
            RegistrarUri = "sip:example.org",
            AddressOfRecord = $"sip:{user}@example.org",
            Username = user,
            Password = password ?? user + "pass",
            Target = ServerTarget(protocol),
            Expires = TimeSpan.FromMinutes(10),
        });
        _registrations.Add(registration);
        await Run(registration.RegisterAsync());
        return registration;
    }

    /// <summary>Moves the clock in 10 ms steps, letting every endpoint work, until <paramref name="done"/> or the limit.</summary>
    public async Task RunUntil(Func<bool> done, TimeSpan? limit = null)
    {
        var end = limit ?? TimeSpan.FromSeconds(20);
        for (var t = TimeSpan.Zero; t < end && !done(); t += TimeSpan.FromMilliseconds(10))
        {
            foreach (var endpoint in _endpoints) await endpoint.FlushAsync().WaitAsync(Bound);
            await Task.Yield();
            foreach (var endpoint in _endpoints) await endpoint.FlushAsync().WaitAsync(Bound);

            // Give application handlers (registrar, proxy, presence) that were scheduled but have not run yet a
            // moment before the clock moves: on a loaded machine the fake clock could otherwise outrun them. A
            // handler that waits on the network (a proxy awaiting a branch) needs the clock, so the wait is short.
            foreach (var endpoint in _endpoints) await Task.WhenAny(endpoint.WhenHandlersIdleAsync(), Task.Delay(5));
            Time.Advance(TimeSpan.FromMilliseconds(10));
        }
    }

    public async Task<T> Run<T>(Task<T> task, TimeSpan? limit = null)
    {
        await RunUntil(() => task.IsCompleted, limit);
        return await task.WaitAsync(Bound);
    }

    public async Task Run(Task task, TimeSpan? limit = null)
    {
        await RunUntil(() => task.IsCompleted, limit);
        await task.WaitAsync(Bound);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var endpoint in _endpoints) await endpoint.DisposeAsync();
        Server.Dispose();
        Network.Dispose();
    }
}
