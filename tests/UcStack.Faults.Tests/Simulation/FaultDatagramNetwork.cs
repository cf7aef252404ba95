using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace UcStack.Faults.Tests.Simulation;

/// <summary>How datagrams between two addresses fare.</summary>
internal sealed record DatagramLink
{
    public static DatagramLink Perfect { get; } = new() { Latency = TimeSpan.FromMilliseconds(10) };

    /// <summary>One-way delay of every datagram.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Extra delay drawn from [0, Jitter) per datagram: datagrams sent closer together than this may swap.</summary>
    public TimeSpan Jitter { get; init; }

    /// <summary>Probability (0–1) that a datagram is lost.</summary>
    public double LossRate { get; init; }

    /// <summary>Probability (0–1) that a datagram arrives twice, each copy with its own jitter.</summary>
    public double DuplicateRate { get; init; }

    public static DatagramLink Rough(double loss) => new()
    {
        Latency = TimeSpan.FromMilliseconds(20),
        Jitter = TimeSpan.FromMilliseconds(60),
        LossRate = loss,
        DuplicateRate = 0.2,
    };
}

/// <summary>
/// A deterministic datagram network shared by the ICE, TURN and other non-SIP scenarios (SIP has its own,
/// <c>SipInMemoryNetwork</c>, which also frames streams). Sockets are bound to address:port; every datagram draws
/// loss, duplication and jitter from one seeded <see cref="Random"/> in send order; pairs of addresses can be cut
/// and healed; a restart closes every socket of an address, as a crash would, losing what was in flight to them.
/// Deliveries are ordered by (due time, send order) and made by one timer on the bare <see cref="FakeTimeProvider"/>
/// (outside any leak count), during <see cref="FakeTimeProvider.Advance"/>, on the advancing thread.
/// </summary>
internal sealed class FaultDatagramNetwork : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Random _random;
    private readonly FakeTimeProvider _time;
    private readonly long _start;
    private readonly Dictionary<IPEndPoint, FaultSocket> _sockets = [];
    private readonly Dictionary<(IPAddress, IPAddress), DatagramLink> _links = [];
    private readonly HashSet<(IPAddress, IPAddress)> _cuts = [];
    private readonly PriorityQueue<Delivery, (TimeSpan Due, long Sequence)> _queue = new();
    private readonly ITimer _timer;
    private long _sequence;
    private int _nextPort = 40000;
    private bool _pumping;

    public FaultDatagramNetwork(FakeTimeProvider time, int seed)
    {
        _time = time;
        _random = new Random(seed);
        _start = time.GetTimestamp();
        _timer = time.CreateTimer(static s => ((FaultDatagramNetwork)s!).Pump(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public DatagramLink DefaultLink { get; set; } = DatagramLink.Perfect;

    public long Sent { get; private set; }

    public long Lost { get; private set; }

    public long Duplicated { get; private set; }

    public long Delivered { get; private set; }

    /// <summary>Datagrams that reached an address and port where no socket was bound (or the socket was closed).</summary>
    public long Unreachable { get; private set; }

    public int PendingDeliveries
    {
        get { lock (_gate) return _queue.Count; }
    }

    /// <summary>When set, sees every datagram when sent and may drop it (returns false); for targeted losses.</summary>
    public Func<IPEndPoint, IPEndPoint, byte[], bool>? Filter { get; set; }

    private TimeSpan Now => _time.GetElapsedTime(_start);

    public void SetLink(IPAddress a, IPAddress b, DatagramLink link)
    {
        lock (_gate) _links[Key(a, b)] = link;
    }

    /// <summary>Everything between the two addresses is lost until <see cref="Heal"/>.</summary>
    public void Cut(IPAddress a, IPAddress b)
    {
        lock (_gate) _cuts.Add(Key(a, b));
    }

    public void Heal(IPAddress a, IPAddress b)
    {
        lock (_gate) _cuts.Remove(Key(a, b));
    }

    /// <summary>Binds a socket; port 0 picks a free one.</summary>
    public FaultSocket Bind(IPEndPoint local, Action<byte[], IPEndPoint>? receive = null)
    {
        lock (_gate)
        {
            if (local.Port == 0) local = new IPEndPoint(local.Address, _nextPort++);
            if (_sockets.ContainsKey(local)) throw new InvalidOperationException($"{local} is already bound.");
            var socket = new FaultSocket(this, local) { Receive = receive };
            _sockets.Add(local, socket);
            return socket;
        }
    }

    /// <summary>A crash: every socket at <paramref name="address"/> closes; datagrams in flight to them are lost.</summary>
    public void Restart(IPAddress address)
    {
        lock (_gate)
        {
            foreach (var socket in _sockets.Values.Where(s => s.LocalEndPoint.Address.Equals(address)).ToList()) Unbind(socket);
        }
    }

    internal void Unbind(FaultSocket socket)
    {
        lock (_gate)
        {
            socket.IsOpen = false;
            if (_sockets.TryGetValue(socket.LocalEndPoint, out var bound) && ReferenceEquals(bound, socket)) _sockets.Remove(socket.LocalEndPoint);
        }
    }

    internal void Send(FaultSocket from, ReadOnlySpan<byte> datagram, IPEndPoint to)
    {
        var bytes = datagram.ToArray();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(!from.IsOpen, from);
            Sent++;

            // Every datagram draws the same three numbers, so one probability does not shift the others' draws.
            var lossDraw = _random.NextDouble();
            var duplicateDraw = _random.NextDouble();
            var jitterDraw = _random.NextDouble();
            var link = _links.TryGetValue(Key(from.LocalEndPoint.Address, to.Address), out var l) ? l : DefaultLink;
            if (_cuts.Contains(Key(from.LocalEndPoint.Address, to.Address)) || lossDraw < link.LossRate || Filter?.Invoke(from.LocalEndPoint, to, bytes) == false)
            {
                Lost++;
                return;
            }

            // The receiving socket is fixed at send time: a restart in between loses the datagram.
            _sockets.TryGetValue(to, out var target);
            _queue.Enqueue(new Delivery(target, from.LocalEndPoint, to, bytes), (Now + link.Latency + (link.Jitter * jitterDraw), ++_sequence));
            if (duplicateDraw < link.DuplicateRate)
            {
                Duplicated++;
                _queue.Enqueue(new Delivery(target, from.LocalEndPoint, to, bytes), (Now + link.Latency + (link.Jitter * _random.NextDouble()), ++_sequence));
            }
        }

        Pump();
    }

    private void Pump()
    {
        while (true)
        {
            Delivery delivery;
            lock (_gate)
            {
                if (_pumping) return;
                if (!_queue.TryPeek(out delivery!, out var priority) || priority.Due > Now)
                {
                    if (_queue.TryPeek(out _, out var next)) _timer.Change(next.Due - Now, Timeout.InfiniteTimeSpan);
                    return;
                }

                _queue.Dequeue();
                _pumping = true;
            }

            try
            {
                if (delivery.Target is { IsOpen: true, Receive: { } receive })
                {
                    lock (_gate) Delivered++;
                    receive(delivery.Bytes, delivery.From);
                }
                else
                {
                    lock (_gate) Unreachable++;
                }
            }
            finally
            {
                lock (_gate) _pumping = false;
            }
        }
    }

    public void Dispose() => _timer.Dispose();

    private static (IPAddress, IPAddress) Key(IPAddress a, IPAddress b) =>
        string.CompareOrdinal(a.ToString(), b.ToString()) <= 0 ? (a, b) : (b, a);

    private sealed record Delivery(FaultSocket? Target, IPEndPoint From, IPEndPoint To, byte[] Bytes);
}

/// <summary>A bound socket of a <see cref="FaultDatagramNetwork"/>.</summary>
internal sealed class FaultSocket(FaultDatagramNetwork network, IPEndPoint local)
{
    public IPEndPoint LocalEndPoint { get; } = local;

    public bool IsOpen { get; internal set; } = true;

    /// <summary>Called, on the thread advancing the clock, for each datagram that arrives.</summary>
    public Action<byte[], IPEndPoint>? Receive { get; set; }

    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint to) => network.Send(this, datagram, to);

    public void Close() => network.Unbind(this);
}
