using System.Buffers;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using UcStack.Stun;
using UcStack.Turn.Protocol;

namespace UcStack.Turn.Client;

/// <summary>
/// An MS-TURN client (our digest of [MS-TURN], `ms-extensions.md` §3) for relays of the OCS 2007 era: the
/// cookie-less message format with MAGIC-COOKIE first, the swapped REALM/NONCE numbers, MS-VERSION, an
/// MS-SEQUENCE-NUMBER that tracks the connection id the server gave, and MESSAGE-INTEGRITY over input padded
/// to 64 bytes. It allocates (answering the digest-style challenge), refreshes by re-Allocating before expiry,
/// sends with Send requests, receives Data indications, and sets or clears the active destination, after
/// which data to and from that peer travels unframed (over TCP in MS-TURN data frames). Disposing
/// deallocates (Allocate with LIFETIME 0). All members are thread-safe.
/// </summary>
/// <remarks>The RFC 8656 client is <see cref="TurnClient"/>; the two formats are not mixed on one connection.</remarks>
public sealed partial class MsTurnClient : IAsyncDisposable
{
    // The reader accepts the cookie-less format; the options are immutable and shared.
    private static readonly StunParseOptions MsParseOptions = new() { AllowMsTurnFormat = true };

    private readonly MsTurnClientOptions _options;
    private readonly TurnControlConnection _connection;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Channel<ReceivedPacket> _received;
    private readonly ITimer _timer;
    private readonly StunTransactionManager _transactions;
    private long _droppedPackets;
    private int _disposed;
    private Exception? _connectionFailure;

    private MsTurnClient(MsTurnClientOptions options, TurnControlConnection connection)
    {
        _options = options;
        _connection = connection;
        _time = options.TimeProvider;
        _logger = options.LoggerFactory?.CreateLogger<MsTurnClient>() ?? NullLogger<MsTurnClient>.Instance;
        _received = Channel.CreateBounded<ReceivedPacket>(new BoundedChannelOptions(options.ReceiveQueueCapacity)
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _transactions = new StunTransactionManager(
            connection,
            new StunTransactionOptions
            {
                InitialRto = options.RetransmissionTimeout,
                MaxRequestCount = options.MaxRetransmissions,
                ReliableTimeout = options.StreamTransactionTimeout,
                ParseOptions = MsParseOptions,
            },
            _time,
            options.LoggerFactory?.CreateLogger<StunTransactionManager>());
        _timer = _time.CreateTimer(static state => ((MsTurnClient)state!).OnMaintenanceTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Packets dropped: the receive queue was full, or unframed bytes arrived with no active destination.</summary>
    public long DroppedPackets => Interlocked.Read(ref _droppedPackets);

    /// <summary>The local end of the connection to the server.</summary>
    public System.Net.IPEndPoint LocalEndPoint => _connection.LocalEndPoint;

    /// <summary>Raised (on a timer thread) when a background re-Allocate fails.</summary>
    public event EventHandler<TurnRefreshFailedEventArgs>? RefreshFailed;

    /// <summary>Opens the connection to the server. No request is sent until <see cref="AllocateAsync"/>.</summary>
    /// <param name="options">Server, credentials and timers.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <returns>The connected client.</returns>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    /// <exception cref="System.Net.Sockets.SocketException">The server could not be reached (TCP).</exception>
    public static async Task<MsTurnClient> ConnectAsync(MsTurnClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var connection = await TurnControlConnection.ConnectAsync(options.Server, options.Transport, cancellationToken, msFraming: true).ConfigureAwait(false);
        var client = new MsTurnClient(options, connection);
        connection.Start(client.OnMessage, client.OnConnectionClosed);
        return client;
    }

    /// <summary>Deallocates (Allocate with LIFETIME 0), then closes the connection.</summary>
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
        while (_received.Reader.TryRead(out var packet))
        {
            ArrayPool<byte>.Shared.Return(packet.Buffer);
        }

        lock (_lock)
        {
            DisposeKeysLocked();
        }

        _sequenceGate.Dispose();
    }

    /// <summary>Transactions waiting for a response (for tests and diagnostics).</summary>
    internal int PendingRequests => _transactions.PendingCount;

    /// <summary>The latest background refresh run; completed when none is running (for tests and diagnostics).</summary>
    internal Task Maintenance => Volatile.Read(ref _maintenance);

    /// <summary>Raised on the receive loop after each message from the server was handled (for tests and diagnostics).</summary>
    internal event Action? MessageHandled;

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    // Runs on the connection's receive loop, one message at a time.
    private void OnMessage(ReadOnlyMemory<byte> memory, bool isData)
    {
        try
        {
            if (isData)
            {
                OnUnframedData(memory.Span);
            }
            else
            {
                HandleMessage(memory.Span);
            }
        }
        finally
        {
            MessageHandled?.Invoke();
        }
    }

    private void HandleMessage(ReadOnlySpan<byte> message)
    {
        if (!StunMessageReader.TryParse(message, MsParseOptions, out var reader, out _) || !reader.IsMsTurnFormat)
        {
            if (_connection.IsStream)
            {
                // Over TCP a control frame always holds an MS-TURN message; data comes in data frames.
                Log.Dropped(_logger, "a control frame that is not an MS-TURN message");
                Interlocked.Increment(ref _droppedPackets);
                return;
            }

            // Over UDP, anything that is not an MS-TURN message is the active destination's own traffic (RTP,
            // RTCP, RFC-format STUN checks), passed on unframed by the server.
            OnUnframedData(message);
            return;
        }

        switch (reader.RawType)
        {
            case MsTurnMessageTypes.DataIndication:
                OnDataIndication(reader);
                break;
            case MsTurnMessageTypes.AllocateResponse or MsTurnMessageTypes.AllocateErrorResponse
                or MsTurnMessageTypes.SetActiveDestinationResponse or MsTurnMessageTypes.SetActiveDestinationErrorResponse:
                if (!_transactions.TryHandleResponse(message, _options.Server))
                {
                    Log.DroppedType(_logger, "response to no pending transaction, or not acceptable to it", reader.RawType);
                }

                break;
            default:
                Log.DroppedType(_logger, "unexpected MS-TURN message type", reader.RawType);
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
        var exception = new IOException("The connection to the MS-TURN server closed.", failure);
        Volatile.Write(ref _connectionFailure, exception);
        _transactions.AbortPendingTransactions(exception);
        _received.Writer.TryComplete(exception);
    }

    private void RaiseRefreshFailed(Exception exception)
    {
        Log.RefreshFailed(_logger, exception);
        RefreshFailed?.Invoke(this, new TurnRefreshFailedEventArgs("allocation", exception));
    }

    private readonly record struct ReceivedPacket(StunEndPoint Peer, byte[] Buffer, int Length, bool FromActiveDestination);
}
