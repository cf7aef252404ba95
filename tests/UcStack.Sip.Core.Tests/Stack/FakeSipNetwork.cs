using System.Net;
using System.Threading.Channels;
using UcStack.Sip.Stack;
using UcStack.Sip.Tests.Transactions;
using UcStack.Sip.Transport;

namespace UcStack.Sip.Tests.Stack;

/// <summary>One message the fake network carried (or dropped), with the fake time it was sent.</summary>
internal sealed record WireEvent(IPEndPoint From, IPEndPoint To, string StartLine, string CSeqMethod, long AtMs, bool Dropped, byte[] Bytes)
{
    public bool IsRequest => !StartLine.StartsWith("SIP/2.0 ", StringComparison.Ordinal);

    public string Method => IsRequest ? StartLine[..StartLine.IndexOf(' ', StringComparison.Ordinal)] : string.Empty;

    public int Status => IsRequest ? 0 : int.Parse(StartLine.AsSpan(8, 3), System.Globalization.CultureInfo.InvariantCulture);

    public SipMessage Parse() => SipMessage.Parse(Bytes);
}

/// <summary>
/// A deterministic in-memory network for endpoint tests: every send is serialized, re-parsed and written
/// synchronously into the receiver's channel, so a test reaches a quiet point with <see cref="SettleAsync"/>.
/// </summary>
internal sealed class FakeSipNetwork : IAsyncDisposable
{
    private readonly Dictionary<IPEndPoint, FakeTransportLayer> _layers = [];
    private readonly List<SipEndpoint> _endpoints = [];
    private readonly object _gate = new();
    private int _nextHost = 1;

    public FakeSipNetwork() => Clock = new CountingTimeProvider();

    public CountingTimeProvider Clock { get; }

    public List<WireEvent> Wire { get; } = [];

    /// <summary>Return true to drop a message (loss).</summary>
    public Func<WireEvent, bool>? Drop { get; set; }

    public long Delivered;

    private readonly List<Action> _held = [];

    /// <summary>While true, deliveries are queued until <see cref="Release"/> (to line up races).</summary>
    public bool Hold { get; set; }

    public int HeldCount { get { lock (_gate) return _held.Count; } }

    private (int Count, TaskCompletionSource Done)? _heldWaiter;

    /// <summary>Completes when <paramref name="count"/> deliveries are held.</summary>
    public Task WhenHeld(int count)
    {
        lock (_gate)
        {
            if (_held.Count >= count) return Task.CompletedTask;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _heldWaiter = (count, done);
            return done.Task;
        }
    }

    /// <summary>Delivers everything held, in order. Holding stays on until every held message is in its inbox,
    /// so a reply to the first (say a 491) cannot overtake the second (the other side's re-INVITE); what was
    /// sent meanwhile follows, then holding ends.</summary>
    public void Release()
    {
        while (true)
        {
            List<Action> held;
            lock (_gate)
            {
                if (_held.Count == 0)
                {
                    Hold = false;
                    return;
                }

                held = [.. _held];
                _held.Clear();
            }

            foreach (var deliver in held) deliver();
        }
    }

    public SipEndpoint AddEndpoint(
        string user,
        SipTransportProtocol protocol = SipTransportProtocol.Udp,
        Func<SipEndpointOptions, SipEndpointOptions>? configure = null,
        System.Diagnostics.Metrics.IMeterFactory? meterFactory = null)
    {
        var address = new IPEndPoint(IPAddress.Parse($"192.0.2.{_nextHost++}"), 5060);
        var layer = new FakeTransportLayer(this, new SipListenPoint(protocol, address));
        lock (_gate) _layers[address] = layer;
        var options = new SipEndpointOptions { LocalUri = $"sip:{user}@{address.Address}", ContactUser = user };
        if (configure is not null) options = configure(options);
        var endpoint = new SipEndpoint(layer, options, Clock, meterFactory: meterFactory);
        endpoint.Start();
        _endpoints.Add(endpoint);
        return endpoint;
    }

    /// <summary>A bare transport with no endpoint: the test reads what arrives and writes answers by hand.</summary>
    public RawPeer AddRawPeer()
    {
        var address = new IPEndPoint(IPAddress.Parse($"192.0.2.{_nextHost++}"), 5060);
        var layer = new FakeTransportLayer(this, new SipListenPoint(SipTransportProtocol.Udp, address));
        lock (_gate) _layers[address] = layer;
        return new RawPeer(this, layer);
    }

    public static SipTransportTarget TargetOf(SipEndpoint endpoint) =>
        new(endpoint.ListenPoints[0].Protocol, endpoint.ListenPoints[0].EndPoint);

    public static string UriOf(SipEndpoint endpoint, string user) =>
        $"sip:{user}@{endpoint.ListenPoints[0].EndPoint.Address}:{endpoint.ListenPoints[0].EndPoint.Port}";

    public IEnumerable<WireEvent> Requests(string method) { lock (_gate) return Wire.Where(w => !w.Dropped && w.Method == method).ToList(); }

    public IEnumerable<WireEvent> Responses(int status, string cseqMethod)
    {
        lock (_gate) return Wire.Where(w => !w.Dropped && w.Status == status && w.CSeqMethod == cseqMethod).ToList();
    }

    /// <summary>Lets every endpoint handle everything in flight, and every application handler and event those
    /// started run to its end, until nothing moves any more. A handler that waits on something only the test can
    /// release (or on fake time) fails the settle after 10 s instead of hanging it.</summary>
    public async Task SettleAsync()
    {
        for (var round = 0; round < 1000; round++)
        {
            var before = Interlocked.Read(ref Delivered);
            foreach (var endpoint in _endpoints) await endpoint.FlushAsync().WaitAsync(TimeSpan.FromSeconds(10));
            var handlersRan = false;
            foreach (var endpoint in _endpoints)
            {
                var idle = endpoint.WhenHandlersIdleAsync();
                if (idle.IsCompleted) continue;
                handlersRan = true;
                try
                {
                    await idle.WaitAsync(TimeSpan.FromSeconds(10));
                }
                catch (TimeoutException ex)
                {
                    throw new InvalidOperationException("An application handler did not finish: it waits on the test or on fake time.", ex);
                }
            }

            if (!handlersRan && Interlocked.Read(ref Delivered) == before) return;
        }

        throw new InvalidOperationException("The network did not settle.");
    }

    /// <summary>Advances fake time in steps, settling after each so timers armed in reaction fire on time.</summary>
    public async Task AdvanceAsync(TimeSpan span, int stepMs = 100)
    {
        await SettleAsync();
        var step = TimeSpan.FromMilliseconds(stepMs);
        for (var t = TimeSpan.Zero; t < span; t += step)
        {
            Clock.Fake.Advance(step);
            await SettleAsync();
        }
    }

    internal void Carry(FakeTransportLayer from, SipMessage message, IPEndPoint to, SipFlow? responseFlow)
    {
        var bytes = message.ToArray();
        var line = System.Text.Encoding.UTF8.GetString(bytes.AsSpan(0, bytes.AsSpan().IndexOf((byte)'\r')));
        FakeTransportLayer? receiver;
        WireEvent wire;
        lock (_gate)
        {
            _layers.TryGetValue(to, out receiver);
            wire = new WireEvent(from.Point.EndPoint, to, line, message.CSeqMethod, Clock.ElapsedMs, false, bytes);
            if (Drop?.Invoke(wire) == true) wire = wire with { Dropped = true };
            Wire.Add(wire);
        }

        if (receiver is null) throw new SipTransportException($"No route to {to}.");
        if (wire.Dropped) return;
        var flow = responseFlow ?? new SipFlow(receiver.Point.Protocol, receiver.Point.EndPoint, from.Point.EndPoint, 0);
        void Deliver()
        {
            receiver.Inbox.Writer.TryWrite(new SipReceivedMessage(SipMessage.Parse(bytes), flow));
            Interlocked.Increment(ref Delivered);
        }

        lock (_gate)
        {
            if (Hold)
            {
                _held.Add(Deliver);
                if (_heldWaiter is { } waiter && _held.Count >= waiter.Count) waiter.Done.TrySetResult();
                return;
            }
        }

        Deliver();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var endpoint in _endpoints) await endpoint.DisposeAsync();
    }
}

internal sealed class FakeTransportLayer(FakeSipNetwork network, SipListenPoint point) : ISipTransportLayer
{
    public SipListenPoint Point { get; } = point;

    public Channel<SipReceivedMessage> Inbox { get; } = Channel.CreateUnbounded<SipReceivedMessage>();

    public bool Disposed { get; private set; }

    public IReadOnlyList<SipListenPoint> ListenPoints => [Point];

    public ChannelReader<SipReceivedMessage> Received => Inbox.Reader;

    public ValueTask<SipFlow> SendRequestAsync(SipRequest request, SipTransportTarget target, CancellationToken cancellationToken = default)
    {
        try
        {
            network.Carry(this, request, target.EndPoint, null);
        }
        catch (SipTransportException ex)
        {
            return ValueTask.FromException<SipFlow>(ex);
        }

        return ValueTask.FromResult(new SipFlow(target.Protocol, Point.EndPoint, target.EndPoint, 0));
    }

    public ValueTask SendResponseAsync(SipResponse response, SipFlow requestFlow, CancellationToken cancellationToken = default)
    {
        try
        {
            network.Carry(this, response, requestFlow.Remote, new SipFlow(requestFlow.Protocol, requestFlow.Remote, Point.EndPoint, 0));
        }
        catch (SipTransportException ex)
        {
            return ValueTask.FromException(ex);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        Inbox.Writer.TryComplete();
        while (Inbox.Reader.TryRead(out var left)) left.Message.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>A hand-driven peer on the fake network.</summary>
internal sealed class RawPeer(FakeSipNetwork network, FakeTransportLayer layer)
{
    public IPEndPoint Address => layer.Point.EndPoint;

    public SipTransportTarget Target => new(SipTransportProtocol.Udp, Address);

    public string Uri(string user) => $"sip:{user}@{Address.Address}:{Address.Port}";

    /// <summary>Everything received so far (the caller disposes).</summary>
    public List<SipReceivedMessage> Drain()
    {
        var list = new List<SipReceivedMessage>();
        while (layer.Inbox.Reader.TryRead(out var m)) list.Add(m);
        return list;
    }

    public void Send(SipMessage message, IPEndPoint to) => network.Carry(layer, message, to, null);
}
