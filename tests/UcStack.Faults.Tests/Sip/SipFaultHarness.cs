using System.Net;
using UcStack.Faults.Tests.Simulation;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;

namespace UcStack.Faults.Tests.Sip;

/// <summary>
/// SIP endpoints on the transport layer's own deterministic network (<see cref="SipInMemoryNetwork"/>: seeded loss,
/// duplication, jitter, cuts that heal, node restarts), every endpoint on one <see cref="LeakCheckingTimeProvider"/>.
/// The network's own delivery timer runs on the bare fake clock, so only the stack's timers are counted.
/// </summary>
internal sealed class SipFaultHarness : IAsyncDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly List<Node> _nodes = [];

    public SipFaultHarness(int seed, SipLinkConditions? link = null)
    {
        Clock = new LeakCheckingTimeProvider();
        Network = new SipInMemoryNetwork(seed, Clock.Fake) { TraceCapacity = 50_000 };
        if (link is not null) Network.DefaultLink = link;
    }

    public LeakCheckingTimeProvider Clock { get; }

    public SipInMemoryNetwork Network { get; }

    /// <summary>A lossy, duplicating, reordering link: jitter wider than latency reorders datagrams sent close together.</summary>
    public static SipLinkConditions Rough(double loss) => new()
    {
        Latency = TimeSpan.FromMilliseconds(20),
        Jitter = TimeSpan.FromMilliseconds(60),
        LossRate = loss,
        DuplicateRate = 0.2,
    };

    /// <param name="wrap">Puts a decorator between the endpoint and its node (e.g. to lose chosen messages).</param>
    public SipEndpoint Add(string user, string address, Func<SipEndpointOptions, SipEndpointOptions>? configure = null, Func<ISipTransportLayer, ISipTransportLayer>? wrap = null)
    {
        var ip = IPAddress.Parse(address);
        var options = new SipEndpointOptions { LocalUri = $"sip:{user}@{address}", ContactUser = user };
        if (configure is not null) options = configure(options);
        var layer = Network.AddNode(ip, SipTransportProtocol.Udp, SipTransportProtocol.Tcp);
        var endpoint = new SipEndpoint(wrap?.Invoke(layer) ?? layer, options, Clock);
        endpoint.Start();
        _nodes.Add(new Node(ip, layer, endpoint));
        return endpoint;
    }

    /// <summary>Crashes the node of <paramref name="endpoint"/> (its state is gone, datagrams in flight to it are lost)
    /// and starts a fresh endpoint with the same options on the same address.</summary>
    public async Task<SipEndpoint> RestartAsync(SipEndpoint endpoint)
    {
        var index = _nodes.FindIndex(n => ReferenceEquals(n.Endpoint, endpoint));
        var node = _nodes[index];
        var layer = Network.RestartNode(node.Address);
        await node.Endpoint.DisposeAsync();
        var fresh = new SipEndpoint(layer, node.Endpoint.Options, Clock);
        fresh.Start();
        _nodes[index] = new Node(node.Address, layer, fresh);
        return fresh;
    }

    public void Cut(SipEndpoint a, SipEndpoint b) => Network.Cut(AddressOf(a), AddressOf(b));

    public void Heal(SipEndpoint a, SipEndpoint b) => Network.Heal(AddressOf(a), AddressOf(b));

    public static IPAddress AddressOf(SipEndpoint endpoint) => endpoint.ListenPoints[0].EndPoint.Address;

    public static string UriOf(SipEndpoint endpoint, string user) => $"sip:{user}@{AddressOf(endpoint)}:5060";

    /// <summary>Lets every endpoint handle what reached it, and the application handlers that started, until quiet.
    /// A handler that awaits the network (a REGISTER refresh, a BYE) cannot finish before fake time moves: once
    /// nothing changes for many rounds the remaining busy handlers are taken to be waiting on the clock.</summary>
    public async Task SettleAsync()
    {
        var unchanged = 0;
        var last = (-1, -1, -1);
        for (var round = 0; round < 2000; round++)
        {
            foreach (var node in _nodes) await node.Endpoint.FlushAsync().WaitAsync(Bound);
            await Task.Yield();
            var busy = _nodes.Count(n => !n.Endpoint.WhenHandlersIdleAsync().IsCompleted);
            var received = _nodes.Sum(n => n.Layer.Received.Count);
            if (busy == 0 && received == 0) return;
            var now = (busy, received, Network.PendingDeliveries);
            unchanged = now == last ? unchanged + 1 : 0;
            last = now;
            if (received == 0 && unchanged >= 20) return;
        }

        throw new InvalidOperationException("The endpoints did not settle.");
    }

    /// <summary>Waits, without moving fake time, for something another thread does next (an event raised on the
    /// endpoint's event loop); bounded by 10 s of real time so a bug fails instead of hanging.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        var deadline = Environment.TickCount64 + (long)Bound.TotalMilliseconds;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline) return false;
            await Task.Yield();
        }

        return true;
    }

    /// <summary>Moves fake time in steps, settling after each, until <paramref name="done"/> or <paramref name="limit"/>.</summary>
    public async Task<bool> RunUntilAsync(Func<bool> done, TimeSpan limit, int stepMs = 10)
    {
        var step = TimeSpan.FromMilliseconds(stepMs);
        await SettleAsync();
        for (var spent = TimeSpan.Zero; !done(); spent += step)
        {
            if (spent >= limit) return false;
            Clock.Fake.Advance(step);
            await SettleAsync();
        }

        return true;
    }

    public Task RunAsync(TimeSpan span, int stepMs = 10) => RunUntilAsync(() => false, span, stepMs);

    /// <summary>Datagrams of the trace whose first line starts with <paramref name="startLine"/>.</summary>
    public int Count(SipInMemoryTraceKind kind, string startLine) =>
        Network.Trace.Count(e => e.Kind == kind && e.Detail.StartsWith(startLine, StringComparison.Ordinal));

    /// <summary>Lets every transaction run out (Timer K, J, I, D: at most 64*T1) and asserts nothing is left behind:
    /// no transaction, no dialog, no armed timer.</summary>
    public async Task AssertNoLeaksAsync(params SipEndpoint[] endpoints)
    {
        await RunAsync(TimeSpan.FromSeconds(40), stepMs: 100);
        foreach (var endpoint in endpoints)
        {
            Assert.That(await endpoint.GetTransactionCountAsync().WaitAsync(Bound), Is.Zero, $"transactions left at {AddressOf(endpoint)}");
            Assert.That(await endpoint.GetDialogCountAsync().WaitAsync(Bound), Is.Zero, $"dialogs left at {AddressOf(endpoint)}");
        }

        Assert.That(Clock.Created, Is.Positive, "the stack used no timer: the leak check would prove nothing");
        Assert.That(await Clock.ArmedAfterCleanupAsync(), Is.Zero, () => "timers still armed: " + Clock.DescribeArmed());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes) await node.Endpoint.DisposeAsync();
        Network.Dispose();
    }

    private sealed record Node(IPAddress Address, SipInMemoryTransportLayer Layer, SipEndpoint Endpoint);
}
