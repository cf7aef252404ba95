using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using UcStack.Tls;

namespace UcStack.Sip.Transport;

/// <summary>
/// The SIP transport layer over real sockets (RFC 3261 §18): UDP datagrams, TCP and TLS streams framed with
/// <see cref="SipStreamReader"/> over System.IO.Pipelines, connection reuse, idle timeout and RFC 5626 CRLF
/// keep-alives, with the receive and send rules shared with <see cref="SipInMemoryNetwork"/>.
/// </summary>
/// <remarks>
/// <para>Create it with <see cref="Start"/>. Thread-safe. Every background loop is tracked and
/// <see cref="DisposeAsync"/> waits for all of them: after it returns no socket is open and no task runs.</para>
/// <para>Backpressure: each socket has one receive loop, and it hands messages to the bounded
/// <see cref="Received"/> channel with an awaited write, so while the reader lags no socket is read. Memory per
/// connection is then bounded by one message plus one read buffer.</para>
/// </remarks>
public sealed partial class SipSocketTransportLayer : ISipTransportLayer
{
    private readonly SipSocketTransportOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SipTransportMetrics _metrics;
    private readonly Channel<SipReceivedMessage> _received;
    private readonly SipFairShareReader _receivedReader;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, byte> _tasks = new();
    private readonly List<(SipListenPoint Point, Socket Socket)> _udpSockets = [];
    private readonly List<(SipListenPoint Point, Socket Socket)> _listeners = [];
    private readonly SipStreamReader _framer;
    private readonly SipBufferBudget _budget;
    private readonly TlsAcceptor _tlsAcceptor;
    private readonly TlsConnector _tlsConnector;
    private SipInboundRules _rules = null!;
    private ITimer? _maintenance;
    private int _disposed;

    private SipSocketTransportLayer(SipSocketTransportOptions options, ILoggerFactory? loggerFactory, TimeProvider? timeProvider, IMeterFactory? meterFactory)
    {
        _options = options;
        _logger = loggerFactory?.CreateLogger<SipSocketTransportLayer>() ?? NullLogger<SipSocketTransportLayer>.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _metrics = new SipTransportMetrics(meterFactory);
        _framer = new SipStreamReader(options.Limits);
        _budget = new SipBufferBudget(options.MaxBufferedBytes);
        _tlsAcceptor = new TlsAcceptor(loggerFactory?.CreateLogger<TlsAcceptor>(), _time);
        _tlsConnector = new TlsConnector(loggerFactory?.CreateLogger<TlsConnector>(), _time);
        _received = Channel.CreateBounded<SipReceivedMessage>(new BoundedChannelOptions(options.ReceiveCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
        });
        _receivedReader = new SipFairShareReader(_received.Reader, OnDequeued);
    }

    /// <summary>Binds every listen point and starts receiving.</summary>
    /// <param name="options">What to listen on and how.</param>
    /// <param name="loggerFactory">Logging, or <see langword="null"/> for none.</param>
    /// <param name="timeProvider">The clock for idle timeouts, keep-alives and connect timeouts; the system clock when <see langword="null"/>.</param>
    /// <param name="meterFactory">Creates the meter; a private one when <see langword="null"/>.</param>
    /// <returns>The running layer; dispose it to stop.</returns>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="SipTransportException">A listen point could not be bound (the ones bound are released).</exception>
    public static SipSocketTransportLayer Start(
        SipSocketTransportOptions options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var layer = new SipSocketTransportLayer(options, loggerFactory, timeProvider, meterFactory);
        try
        {
            layer.Bind();
        }
        catch
        {
            layer.ReleaseSockets();
            layer._metrics.Dispose();
            throw;
        }

        layer.StartLoops();
        return layer;
    }

    /// <inheritdoc />
    public IReadOnlyList<SipListenPoint> ListenPoints { get; private set; } = [];

    /// <inheritdoc />
    public ChannelReader<SipReceivedMessage> Received => _receivedReader;

    /// <summary>Messages parsed and delivered so far.</summary>
    public long ReceivedCount => _metrics.ReceivedCount;

    /// <summary>Datagrams and stream messages that failed to parse (answered with 400, dropped, or closing their connection).</summary>
    public long ParseFailureCount => _metrics.ParseFailureCount;

    /// <summary>Well-formed messages discarded, e.g. responses not addressed to us (RFC 3261 §18.1.2).</summary>
    public long DroppedCount => _metrics.DroppedCount;

    /// <summary>The stream connections open now.</summary>
    public IReadOnlyList<SipFlow> OpenConnections => [.. _connections.Values.Where(c => c.IsOpen).Select(c => c.Flow)];

    /// <summary>Closes one stream connection (its flow's responses then follow RFC 3261 §18.2.2's fallback).</summary>
    /// <param name="connectionId">The connection, from a <see cref="SipFlow"/>.</param>
    /// <returns><see langword="true"/> when it was open.</returns>
    public bool CloseConnection(long connectionId)
    {
        if (!_connections.TryGetValue(connectionId, out var connection) || !connection.IsOpen) return false;
        connection.Close();
        return true;
    }

    /// <summary>Background tasks still running (0 once disposed).</summary>
    internal int RunningTaskCount => _tasks.Count;

    /// <summary>Stream connections in the table, TLS handshakes in progress included.</summary>
    internal int TrackedConnectionCount => _connections.Count;

    internal SipStreamConnection? FindConnection(long id) => _connections.TryGetValue(id, out var c) ? c : null;

    private void Bind()
    {
        var bound = new List<SipListenPoint>();
        foreach (var point in _options.ListenPoints)
        {
            var socket = point.Protocol == SipTransportProtocol.Udp
                ? new Socket(point.EndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
                : new Socket(point.EndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                if (point.EndPoint.AddressFamily == AddressFamily.InterNetworkV6) socket.DualMode = false;
                socket.Bind(point.EndPoint);
                if (point.Protocol != SipTransportProtocol.Udp) socket.Listen(128);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                throw new SipTransportException($"cannot listen on {point.Protocol} {point.EndPoint}: {e.SocketErrorCode}", e);
            }

            var actual = point with { EndPoint = (IPEndPoint)socket.LocalEndPoint! };
            bound.Add(actual);
            (point.Protocol == SipTransportProtocol.Udp ? _udpSockets : _listeners).Add((actual, socket));
            Log.Listening(_logger, actual.Protocol, actual.EndPoint);
        }

        ListenPoints = bound;
        _rules = new SipInboundRules(bound, _options.SentByHostNames, _options.Limits);
    }

    private void StartLoops()
    {
        foreach (var (point, socket) in _udpSockets) Track(UdpReceiveLoopAsync(point, socket));
        foreach (var (point, socket) in _listeners) Track(AcceptLoopAsync(point, socket));
        var period = MaintenancePeriod();
        if (period != Timeout.InfiniteTimeSpan)
        {
            _maintenance = _time.CreateTimer(static s => ((SipSocketTransportLayer)s!).Maintain(), this, period, period);
        }
    }

    /// <summary>Runs a background task and remembers it until it ends, so disposal can wait for it.</summary>
    private void Track(Task task)
    {
        _tasks.TryAdd(task, 0);
        _ = task.ContinueWith(static (t, s) => ((ConcurrentDictionary<Task, byte>)s!).TryRemove(t, out _), _tasks,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Closes every socket and connection, completes <see cref="Received"/> (messages in it stay readable)
    /// and waits for every background task.</summary>
    /// <returns>A task that completes when everything is released.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_maintenance is not null) await _maintenance.DisposeAsync().ConfigureAwait(false);
        ReleaseSockets();
        foreach (var connection in _connections.Values) connection.Close();
        while (!_tasks.IsEmpty)
        {
            try
            {
                await Task.WhenAll(_tasks.Keys).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Loops log their own failures; disposal only waits for them.
            }
        }

        _received.Writer.TryComplete();
        _metrics.Dispose();

        // _stopping is left undisposed on purpose: a send racing with disposal may still read its token, and a
        // source without a timer holds nothing to release.
        Log.Closed(_logger);
    }

    private void ReleaseSockets()
    {
        foreach (var (_, socket) in _udpSockets) socket.Dispose();
        foreach (var (_, socket) in _listeners) socket.Dispose();
    }

    private void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _disposed) != 0) throw new SipTransportException("the transport layer is closed");
    }

    /// <summary>Hands a message to the reader, waiting while the channel is full (backpressure).</summary>
    private async ValueTask PublishAsync(SipMessage message, SipFlow flow, CancellationToken cancellationToken)
    {
        try
        {
            await _received.Writer.WriteAsync(new SipReceivedMessage(message, flow), cancellationToken).ConfigureAwait(false);
            _metrics.Received(flow.Protocol);
        }
        catch
        {
            message.Dispose();
            throw;
        }
    }

    private void Count(SipInboundResult result, SipFlow flow)
    {
        switch (result.Drop)
        {
            case SipInboundDrop.Malformed when result.Oversized:
                // Over the parser limits: counted apart, as the sign of a peer probing them.
                _metrics.ParseFailed(flow.Protocol);
                _metrics.Dropped(AbortReasons.Oversized);
                Log.ParseFailed(_logger, flow.Protocol, flow.Remote, result.Error);
                break;
            case SipInboundDrop.Malformed:
            case SipInboundDrop.MalformedVia:
                _metrics.ParseFailed(flow.Protocol);
                Log.ParseFailed(_logger, flow.Protocol, flow.Remote, result.Error);
                break;
            case SipInboundDrop.SentByMismatch:
                _metrics.Dropped("sent-by-mismatch");
                Log.Dropped(_logger, flow.Remote, "response whose top Via sent-by is not ours (RFC 3261 §18.1.2)");
                break;
        }
    }
}
