using System.Net;

namespace UcStack.Sip.Transport;

/// <summary>
/// A deterministic simulated IP network for SIP: nodes (<see cref="SipInMemoryTransportLayer"/>) exchange real
/// message bytes, parsed on arrival by the same code the socket transport uses, and every delay runs on a
/// <see cref="TimeProvider"/> (a <c>FakeTimeProvider</c> in tests). Links can add latency, jitter (reordering),
/// loss and duplication, be cut and healed; nodes can restart. Every random choice comes from one
/// <see cref="Random"/> seeded by the caller, so the same seed and the same steps give the same
/// <see cref="Trace"/>.
/// </summary>
/// <remarks>
/// <para>This is test plumbing: the seeded generator is not for security. Everything runs under one lock, so
/// deliveries are strictly ordered by due time and then by send order. Deliveries that are due are made during
/// the send that scheduled them (with zero latency) or when the time provider fires the network's timer.</para>
/// <para>Simplifications: connections open at once (no handshake, no certificates for TLS, but a TLS target still
/// needs a host name); cutting a link or restarting a node resets the stream connections across it, and bytes
/// still in flight on a closed connection are discarded.</para>
/// </remarks>
public sealed partial class SipInMemoryNetwork : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Random _random;
    private readonly long _start;
    private readonly Dictionary<IPAddress, SipInMemoryTransportLayer> _nodes = [];
    private readonly Dictionary<(IPAddress, IPAddress), SipLinkConditions> _links = [];
    private readonly HashSet<(IPAddress, IPAddress)> _cuts = [];
    private readonly Queue<SipInMemoryTraceEvent> _trace = new();
    private int _traceCapacity = 10_000;
    private long _traceDropped;
    private SipLinkConditions _defaultLink = SipLinkConditions.Perfect;
    private long _nextConnectionId;
    private bool _disposed;

    /// <summary>Creates an empty network.</summary>
    /// <param name="seed">Seeds every random choice (loss, duplication, jitter).</param>
    /// <param name="timeProvider">The clock deliveries run on; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    public SipInMemoryNetwork(int seed, TimeProvider? timeProvider = null)
    {
        _random = new Random(seed);
        TimeProvider = timeProvider ?? TimeProvider.System;
        _start = TimeProvider.GetTimestamp();
    }

    /// <summary>The clock deliveries run on.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Conditions of every link without its own (<see cref="SetLink"/>); <see cref="SipLinkConditions.Perfect"/> by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public SipLinkConditions DefaultLink
    {
        get { lock (_gate) return _defaultLink; }
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            value.Validate();
            lock (_gate) _defaultLink = value;
        }
    }

    /// <summary>What happened, in order: the most recent <see cref="TraceCapacity"/> events (older ones are
    /// counted in <see cref="TraceDropped"/>), so a long run or a benchmark does not grow memory without bound.</summary>
    public IReadOnlyList<SipInMemoryTraceEvent> Trace
    {
        get { lock (_gate) return _trace.ToArray(); }
    }

    /// <summary>How many trace events are kept; 10 000 by default, 0 to keep none.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int TraceCapacity
    {
        get { lock (_gate) return _traceCapacity; }
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            lock (_gate)
            {
                _traceCapacity = value;
                TrimTrace();
            }
        }
    }

    /// <summary>How many of the oldest trace events were let go because of <see cref="TraceCapacity"/>.</summary>
    public long TraceDropped
    {
        get { lock (_gate) return _traceDropped; }
    }

    /// <summary>Adds a node listening on UDP and TCP port 5060 and TLS port 5061, as chosen.</summary>
    /// <param name="address">The node's address (unique in the network).</param>
    /// <param name="protocols">The protocols it listens on; UDP and TCP when none are given.</param>
    /// <returns>The node's transport layer.</returns>
    /// <exception cref="ArgumentException">The address is taken.</exception>
    /// <exception cref="ObjectDisposedException">The network was disposed.</exception>
    public SipInMemoryTransportLayer AddNode(IPAddress address, params SipTransportProtocol[] protocols)
    {
        ArgumentNullException.ThrowIfNull(protocols);
        var options = protocols.Length == 0 ? new SipInMemoryNodeOptions() : new SipInMemoryNodeOptions { Protocols = protocols };
        return AddNode(address, options);
    }

    /// <summary>Adds a node.</summary>
    /// <param name="address">The node's address (unique in the network).</param>
    /// <param name="options">How it listens and receives.</param>
    /// <returns>The node's transport layer.</returns>
    /// <exception cref="ArgumentException">The address is taken, or the options are invalid.</exception>
    /// <exception cref="ObjectDisposedException">The network was disposed.</exception>
    public SipInMemoryTransportLayer AddNode(IPAddress address, SipInMemoryNodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(options);
        if (options.ReceiveCapacity <= 0) throw new ArgumentException("ReceiveCapacity must be positive.", nameof(options));
        if (options.Port is <= 0 or > 65535 || options.TlsPort is <= 0 or > 65535) throw new ArgumentException("Ports are 1–65535.", nameof(options));
        address = SipViaStamp.Normalize(address);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_nodes.ContainsKey(address)) throw new ArgumentException($"{address} is already a node.", nameof(address));
            var node = new SipInMemoryTransportLayer(this, address, options);
            _nodes.Add(address, node);
            return node;
        }
    }

    /// <summary>Sets the conditions of the link between two nodes (both directions).</summary>
    /// <param name="a">One end.</param>
    /// <param name="b">The other end.</param>
    /// <param name="conditions">The conditions.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void SetLink(IPAddress a, IPAddress b, SipLinkConditions conditions)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        conditions.Validate();
        var (x, y) = Key(a, b);
        lock (_gate) _links[(x, y)] = conditions;
    }

    /// <summary>Cuts the link between two nodes: datagrams across it are lost, connections across it are reset and
    /// new ones are refused, until <see cref="Heal"/>.</summary>
    /// <param name="a">One end.</param>
    /// <param name="b">The other end.</param>
    public void Cut(IPAddress a, IPAddress b)
    {
        var key = Key(a, b);
        lock (_gate)
        {
            if (!_cuts.Add(key)) return;
            foreach (var node in _nodes.Values)
            {
                if (node.Address.Equals(key.Item1)) node.ResetConnectionsTo(key.Item2, "link cut");
                else if (node.Address.Equals(key.Item2)) node.ResetConnectionsTo(key.Item1, "link cut");
            }
        }
    }

    /// <summary>Restores a link cut with <see cref="Cut"/>.</summary>
    /// <param name="a">One end.</param>
    /// <param name="b">The other end.</param>
    public void Heal(IPAddress a, IPAddress b)
    {
        var key = Key(a, b);
        lock (_gate) _cuts.Remove(key);
    }

    /// <summary>Restarts a node as a crash would: its connections are reset, messages in flight to it are lost,
    /// the old transport layer is closed (its <see cref="ISipTransportLayer.Received"/> completes, sends fail) and
    /// a fresh one with the same options takes the address.</summary>
    /// <param name="address">The node.</param>
    /// <returns>The new transport layer.</returns>
    /// <exception cref="ArgumentException">No node has that address.</exception>
    public SipInMemoryTransportLayer RestartNode(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        address = SipViaStamp.Normalize(address);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_nodes.TryGetValue(address, out var old)) throw new ArgumentException($"{address} is not a node.", nameof(address));
            old.Shutdown("node restarted");
            var node = new SipInMemoryTransportLayer(this, address, old.Options);
            _nodes[address] = node;
            return node;
        }
    }

    /// <summary>Closes every node and stops the timer. Messages in flight are discarded.</summary>
    public void Dispose()
    {
        SipInMemoryTransportLayer[] nodes;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            nodes = [.. _nodes.Values];
            foreach (var node in nodes) node.Shutdown("network disposed");
            _nodes.Clear();
            _queue.Clear();
        }

        _timer?.Dispose();
    }

    internal Lock Gate => _gate;

    internal TimeSpan Now => TimeProvider.GetElapsedTime(_start);

    internal long NextConnectionId() => ++_nextConnectionId;

    /// <summary>Forgets a node that disposed itself, if it still holds the address.</summary>
    internal void Remove(SipInMemoryTransportLayer node)
    {
        lock (_gate)
        {
            if (_nodes.TryGetValue(node.Address, out var current) && ReferenceEquals(current, node)) _nodes.Remove(node.Address);
        }
    }

    internal SipInMemoryTransportLayer? FindNode(IPAddress address)
        => _nodes.TryGetValue(SipViaStamp.Normalize(address), out var node) ? node : null;

    internal bool IsCut(IPAddress a, IPAddress b) => _cuts.Contains(Key(a, b));

    internal SipLinkConditions LinkBetween(IPAddress a, IPAddress b)
        => _links.TryGetValue(Key(a, b), out var link) ? link : _defaultLink;

    // Called under _gate.
    internal void Record(SipInMemoryTraceKind kind, SipTransportProtocol protocol, IPEndPoint from, IPEndPoint to, long connectionId, string detail)
    {
        _trace.Enqueue(new SipInMemoryTraceEvent(Now, kind, protocol, from, to, connectionId, detail));
        TrimTrace();
    }

    private void TrimTrace()
    {
        while (_trace.Count > _traceCapacity)
        {
            _trace.Dequeue();
            _traceDropped++;
        }
    }

    private static (IPAddress, IPAddress) Key(IPAddress a, IPAddress b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        a = SipViaStamp.Normalize(a);
        b = SipViaStamp.Normalize(b);
        Span<byte> x = stackalloc byte[16];
        Span<byte> y = stackalloc byte[16];
        a.TryWriteBytes(x, out var nx);
        b.TryWriteBytes(y, out var ny);
        return x[..nx].SequenceCompareTo(y[..ny]) <= 0 ? (a, b) : (b, a);
    }
}
