using System.Buffers;
using System.Net;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using UcStack.Stun;
using UcStack.Turn.Protocol;

namespace UcStack.Turn.Client;

/// <summary>
/// A TURN client (RFC 8656) with TCP relaying (RFC 6062): one allocation on one server over UDP or TCP.
/// It answers the long-term credential challenge, keeps the allocation, the permissions and channels in
/// use refreshed on the options' <see cref="TimeProvider"/>, sends through channels when bound and Send
/// indications otherwise, and queues what peers send for <see cref="ReceiveAsync"/>. Disposing
/// deallocates. All members are thread-safe.
/// </summary>
public sealed partial class TurnClient : IAsyncDisposable
{
    private readonly TurnClientOptions _options;
    private readonly TurnControlConnection _connection;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Channel<ReceivedPacket> _received;
    private readonly Channel<ConnectionAttempt> _attempts;
    private readonly ITimer _timer;
    private readonly StunTransactionManager _transactions;
    private long _droppedPackets;
    private int _disposed;
    private Exception? _connectionFailure;

    private TurnClient(TurnClientOptions options, TurnControlConnection connection)
    {
        _options = options;
        _connection = connection;
        _time = options.TimeProvider;
        _logger = options.LoggerFactory?.CreateLogger<TurnClient>() ?? NullLogger<TurnClient>.Instance;
        _received = Channel.CreateBounded<ReceivedPacket>(new BoundedChannelOptions(options.ReceiveQueueCapacity)
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _attempts = Channel.CreateBounded<ConnectionAttempt>(new BoundedChannelOptions(options.ConnectionAttemptQueueCapacity)
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        // RFC 8489 §6.2: the STUN transaction layer retransmits (UDP) or waits Ti (TCP) and matches responses.
        _transactions = new StunTransactionManager(
            connection,
            new StunTransactionOptions
            {
                InitialRto = options.RetransmissionTimeout,
                MaxRequestCount = options.MaxRetransmissions,
                ReliableTimeout = options.StreamTransactionTimeout,
            },
            _time,
            options.LoggerFactory?.CreateLogger<StunTransactionManager>());
        _timer = _time.CreateTimer(static state => ((TurnClient)state!).OnMaintenanceTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Packets from peers dropped because the receive queue was full or no permission/channel matched.</summary>
    public long DroppedPackets => Interlocked.Read(ref _droppedPackets);

    /// <summary>The local end of the connection to the server.</summary>
    public IPEndPoint LocalEndPoint => _connection.LocalEndPoint;

    /// <summary>Raised (on a timer thread) when a background refresh fails.</summary>
    public event EventHandler<TurnRefreshFailedEventArgs>? RefreshFailed;

    /// <summary>Opens the connection to the server. No request is sent until <see cref="AllocateAsync"/>.</summary>
    /// <param name="options">Server, credentials and timers.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>The connected client.</returns>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    /// <exception cref="System.Net.Sockets.SocketException">The server could not be reached (TCP).</exception>
    public static async Task<TurnClient> ConnectAsync(TurnClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var connection = await TurnControlConnection.ConnectAsync(options.Server, options.Transport, cancellationToken).ConfigureAwait(false);
        var client = new TurnClient(options, connection);
        connection.Start(client.OnMessage, client.OnConnectionClosed);
        return client;
    }

    /// <summary>Deallocates (Refresh with LIFETIME 0, RFC 8656 §8), then closes the connection.</summary>
    /// <returns>A task that completes when closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _timer.DisposeAsync().ConfigureAwait(false);
        await DeallocateQuietlyAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        _transactions.Dispose();
        _received.Writer.TryComplete();
        _attempts.Writer.TryComplete();
        while (_received.Reader.TryRead(out var packet))
        {
            ArrayPool<byte>.Shared.Return(packet.Buffer);
        }

        lock (_lock)
        {
            DisposeKeysLocked();
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    /// <summary>Transactions waiting for a response (for tests and diagnostics).</summary>
    internal int PendingRequests => _transactions.PendingCount;

    /// <summary>The latest background refresh run; completed when none is running (for tests and diagnostics).</summary>
    internal Task Maintenance => Volatile.Read(ref _maintenance);

    /// <summary>Raised on the receive loop after each message from the server was handled (for tests and diagnostics).</summary>
    internal event Action? MessageHandled;

    // Runs on the connection's receive loop, one message at a time.
    private void OnMessage(ReadOnlyMemory<byte> memory, bool isMsData)
    {
        // RFC 8656 connections never use MS-TURN framing, so there are no data frames here.
        System.Diagnostics.Debug.Assert(!isMsData, "an RFC TURN connection has no MS-TURN data frames");
        try
        {
            HandleMessage(memory.Span);
        }
        finally
        {
            MessageHandled?.Invoke();
        }
    }

    private void HandleMessage(ReadOnlySpan<byte> message)
    {
        if (TurnChannelData.IsChannelData(message))
        {
            OnChannelData(message);
            return;
        }

        if (!StunMessageReader.TryParse(message, out var reader, out var error))
        {
            Log.DroppedMalformed(_logger, error.Code, error.Offset);
            return;
        }

        switch (reader.Class)
        {
            case StunMessageClass.SuccessResponse or StunMessageClass.ErrorResponse:
                OnResponse(message, reader);
                break;
            case StunMessageClass.Indication when reader.Method == StunMethod.Data:
                OnDataIndication(reader);
                break;
            case StunMessageClass.Indication when reader.Method == StunMethod.ConnectionAttempt:
                OnConnectionAttempt(reader);
                break;
            default:
                Log.DroppedType(_logger, "unexpected message type", reader.RawType);
                break;
        }
    }

    private void OnConnectionClosed(Exception? failure)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        Log.ConnectionClosed(_logger, failure);
        var exception = new IOException("The connection to the TURN server closed.", failure);
        Volatile.Write(ref _connectionFailure, exception);
        _transactions.AbortPendingTransactions(exception);
        _received.Writer.TryComplete(exception);
        _attempts.Writer.TryComplete(exception);
    }

    private void RaiseRefreshFailed(string what, Exception exception)
    {
        Log.RefreshFailed(_logger, what, exception);
        RefreshFailed?.Invoke(this, new TurnRefreshFailedEventArgs(what, exception));
    }

    private readonly record struct ReceivedPacket(StunEndPoint Peer, byte[] Buffer, int Length, bool ViaChannel);

    private readonly record struct ConnectionAttempt(uint ConnectionId, StunEndPoint Peer);
}
