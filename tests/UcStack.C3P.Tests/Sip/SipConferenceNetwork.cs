using System.Net;
using Microsoft.Extensions.Time.Testing;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;
using UcStack.Sip.UserAgent;

namespace UcStack.C3P.Tests.Sip;

/// <summary>A focus server and some users on the deterministic in-memory SIP network, on one fake clock.</summary>
internal sealed class SipConferenceNetwork : IAsyncDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly IPAddress ServerAddress = IPAddress.Parse("10.0.0.100");
    private readonly List<SipEndpoint> _endpoints = [];
    private readonly List<C3PClient> _clients = [];
    private int _nextHost = 1;

    public SipConferenceNetwork(SipLinkConditions link, int seed = 7, ConferenceFocusFactoryOptions? options = null, C3PSipFocusServerOptions? serverOptions = null)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        Network = new SipInMemoryNetwork(seed, Time) { DefaultLink = link };
        var endpoint = AddEndpoint(ServerAddress, "sip:focus@example.org", "focus");
        Factory = new ConferenceFocusFactory(options, null, Time);
        Server = new C3PSipFocusServer(new SipUserAgent(endpoint), Factory, serverOptions);
    }

    public FakeTimeProvider Time { get; }

    public SipInMemoryNetwork Network { get; }

    public ConferenceFocusFactory Factory { get; }

    public C3PSipFocusServer Server { get; }

    public static SipTransportTarget ServerTcp => new(SipTransportProtocol.Tcp, new IPEndPoint(ServerAddress, 5060));

    public static SipTransportTarget ServerUdp => new(SipTransportProtocol.Udp, new IPEndPoint(ServerAddress, 5060));

    /// <summary>Send SERVICE and chat MESSAGEs over UDP (where the link's loss and duplication apply).</summary>
    public bool ServiceOverUdp { get; init; }

    public C3PClient AddUser(string name)
    {
        var address = IPAddress.Parse("10.0.0." + _nextHost++);
        var uri = "sip:" + name + "@example.org";
        var endpoint = AddEndpoint(address, uri, name);
        var client = new C3PClient(new SipUserAgent(endpoint), new C3PClientOptions
        {
            UserUri = uri,
            DisplayName = name,
            FocusServer = ServerTcp,
            ServiceServer = ServiceOverUdp ? ServerUdp : null,
        });
        _clients.Add(client);
        return client;
    }

    /// <summary>A started endpoint for <c>sip:NAME@example.org</c> on the next host address, stepped by <see cref="RunUntil"/>.</summary>
    public SipEndpoint AddEndpoint(string name) =>
        AddEndpoint(IPAddress.Parse("10.0.0." + _nextHost++), "sip:" + name + "@example.org", name);

    private SipEndpoint AddEndpoint(IPAddress address, string uri, string user)
    {
        var endpoint = new SipEndpoint(Network.AddNode(address), new SipEndpointOptions { LocalUri = uri, ContactUser = user }, Time);
        _endpoints.Add(endpoint);
        endpoint.Start();
        return endpoint;
    }

    /// <summary>Advances the fake clock in small steps, letting every endpoint's loop run between steps, until
    /// <paramref name="done"/> holds or <paramref name="limit"/> of fake time passed.</summary>
    public async Task RunUntil(Func<bool> done, TimeSpan? limit = null)
    {
        var end = limit ?? TimeSpan.FromSeconds(60);
        using var hang = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        for (var t = TimeSpan.Zero; t < end && !done(); t += TimeSpan.FromMilliseconds(5))
        {
            foreach (var endpoint in _endpoints) await endpoint.GetTransactionCountAsync().WaitAsync(Bound);
            Time.Advance(TimeSpan.FromMilliseconds(5));
            foreach (var endpoint in _endpoints) await endpoint.GetTransactionCountAsync().WaitAsync(Bound);
            await Task.Yield();
            hang.Token.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Runs the network until <paramref name="task"/> completes, then returns its result (or throws its error).</summary>
    public async Task<T> Drive<T>(Task<T> task)
    {
        await RunUntil(() => task.IsCompleted);
        return await task.WaitAsync(Bound);
    }

    public async Task Drive(Task task)
    {
        await RunUntil(() => task.IsCompleted);
        await task.WaitAsync(Bound);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            try
            {
                await client.DisposeAsync().AsTask().WaitAsync(Bound);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or TimeoutException)
            {
                // the endpoint went first
            }
        }

        await Server.DisposeAsync();
        Factory.Dispose();
        foreach (var endpoint in _endpoints) await endpoint.DisposeAsync();
        Network.Dispose();
    }
}
