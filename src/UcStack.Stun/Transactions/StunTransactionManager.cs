using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace UcStack.Stun;

/// <summary>
/// Runs STUN client transactions over one <see cref="IStunTransport"/> (RFC 8489 §6.2, §6.3): sends each
/// request, retransmits it over an unreliable transport (RTO doubling, Rc requests, then Rm × RTO) or waits
/// Ti over a reliable one, and completes it with the first acceptable response of the same transaction id.
/// </summary>
/// <remarks>
/// <para>The manager does not read from the transport: the transport's owner runs the receive loop and
/// passes every received STUN message to <see cref="TryHandleResponse"/> (TURN clients read ChannelData and
/// indications from the same transport). <see cref="AbortPendingTransactions"/> fails what is pending when
/// the transport breaks.</para>
/// <para>Thread-safe. Each transaction allocates its state, a copy of the request and one timer;
/// retransmissions allocate nothing. No caller code runs under the manager's locks.</para>
/// </remarks>
public sealed partial class StunTransactionManager : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<StunTransactionKey, StunClientTransaction> _pending = [];
    private readonly Meter? _ownedMeter;
    private bool _disposed;

    /// <summary>Creates a manager for <paramref name="transport"/>; the caller keeps owning the transport.</summary>
    /// <param name="transport">Where requests go.</param>
    /// <param name="options">Timing and limits; RFC defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for retransmissions and timeouts; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">Where events go (EventIds 1000-1019).</param>
    /// <param name="meterFactory">Creates the <c>UcStack.Stun</c> meter; a private meter is used when <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public StunTransactionManager(
        IStunTransport transport,
        StunTransactionOptions? options = null,
        TimeProvider? timeProvider = null,
        ILogger<StunTransactionManager>? logger = null,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        options ??= new StunTransactionOptions();
        options.Validate();
        Transport = transport;
        Options = options;
        TimeProvider = timeProvider ?? TimeProvider.System;
        Logger = (ILogger?)logger ?? NullLogger.Instance;
        Meter meter;
        if (meterFactory is null)
        {
            meter = _ownedMeter = new Meter(StunMetrics.MeterName);
        }
        else
        {
            meter = meterFactory.Create(StunMetrics.MeterName);
        }

        Metrics = new StunTransactionMetrics(meter);
    }

    /// <summary>The transport requests are sent on.</summary>
    public IStunTransport Transport { get; }

    /// <summary>The timing and limits in use.</summary>
    public StunTransactionOptions Options { get; }

    /// <summary>Transactions waiting for a response.</summary>
    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    internal TimeProvider TimeProvider { get; }

    internal ILogger Logger { get; }

    internal StunTransactionMetrics Metrics { get; }

    /// <summary>
    /// Sends a request and waits for its response. The request must be a complete STUN request whose
    /// transaction id is fresh and random (<see cref="StunMessageWriter.GenerateTransactionId"/>, RFC 8489
    /// §6.1 requires it to be uniformly random from a cryptographic source).
    /// </summary>
    /// <param name="request">The encoded request; copied, so the caller may reuse the buffer at once.</param>
    /// <param name="remoteEndPoint">The server.</param>
    /// <param name="responseKey">
    /// When given, a response counts only if its MESSAGE-INTEGRITY or MESSAGE-INTEGRITY-SHA256 verifies
    /// with this key (RFC 8489 §9.1.4, §9.2.5), except 401 and 438 error responses, which are delivered
    /// with <see cref="StunResponse.IsAuthenticated"/> false. Over UDP a failing response is ignored; over
    /// TCP it fails the transaction.
    /// </param>
    /// <param name="cancellationToken">Cancels the transaction (no further retransmissions).</param>
    /// <returns>The success or error response; error responses are returned, not thrown (see <see cref="StunResponse.EnsureSuccess"/>).</returns>
    /// <exception cref="ArgumentException">The bytes are not a STUN request or exceed <see cref="StunTransactionOptions.MaxMessageLength"/>.</exception>
    /// <exception cref="InvalidOperationException">A transaction with the same id is pending, or too many are.</exception>
    /// <exception cref="StunTransactionException">Timeout, transport error, or an unusable response.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The manager was disposed (also while the transaction was pending).</exception>
    public async ValueTask<StunResponse> SendRequestAsync(
        ReadOnlyMemory<byte> request,
        IPEndPoint remoteEndPoint,
        StunIntegrityKey? responseKey = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remoteEndPoint);
        if (request.Length > Options.MaxMessageLength)
        {
            throw new ArgumentException($"The request is {request.Length} bytes; the limit is {Options.MaxMessageLength}.", nameof(request));
        }

        if (!StunMessageReader.TryParse(request.Span, Options.ParseOptions, out var reader, out var error))
        {
            throw new ArgumentException($"The request is not a valid STUN message: {error}.", nameof(request));
        }

        if (reader.Class != StunMessageClass.Request)
        {
            throw new ArgumentException($"Only requests start transactions, not {reader.Type} (RFC 8489 §6.1).", nameof(request));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var key = StunTransactionKey.From(reader.TransactionId);
        var transaction = new StunClientTransaction(this, key, request.ToArray(), remoteEndPoint, reader.Method, responseKey);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_pending.Count >= Options.MaxPendingTransactions)
            {
                throw new InvalidOperationException($"{_pending.Count} transactions are pending; the limit is {Options.MaxPendingTransactions}.");
            }

            if (!_pending.TryAdd(key, transaction))
            {
                throw new InvalidOperationException($"A transaction with id {key} is already pending.");
            }
        }

        Metrics.TransactionStarted(reader.Method);
        StunTransactionLog.TransactionStarted(Logger, key, reader.Method, remoteEndPoint, Transport.IsReliable);
        await transaction.StartAsync(cancellationToken).ConfigureAwait(false);
        return await transaction.Completion.ConfigureAwait(false);
    }

    /// <summary>
    /// Offers a received message to the pending transactions. Responses are matched by transaction id;
    /// unknown ids, requests, indications, duplicates and non-STUN bytes are not consumed.
    /// </summary>
    /// <param name="message">One received STUN message; only read during the call.</param>
    /// <param name="remoteEndPoint">Where it came from.</param>
    /// <returns><see langword="true"/> if the message completed a pending transaction.</returns>
    public bool TryHandleResponse(ReadOnlySpan<byte> message, IPEndPoint remoteEndPoint)
    {
        ArgumentNullException.ThrowIfNull(remoteEndPoint);
        if (message.Length > Options.MaxMessageLength
            || !StunMessageReader.TryParse(message, Options.ParseOptions, out var reader, out _)
            || reader.Class is not (StunMessageClass.SuccessResponse or StunMessageClass.ErrorResponse))
        {
            return false;
        }

        var key = StunTransactionKey.From(reader.TransactionId);
        StunClientTransaction? transaction;
        lock (_gate)
        {
            _pending.TryGetValue(key, out transaction);
        }

        if (transaction is null)
        {
            // RFC 8489 §6.3: a response without a matching transaction (late, duplicate, forged) is discarded.
            StunTransactionLog.UnmatchedResponse(Logger, key, remoteEndPoint);
            return false;
        }

        return transaction.TryAccept(reader, remoteEndPoint);
    }

    /// <summary>
    /// Fails every pending transaction with <see cref="StunTransactionFailure.TransportError"/>; call it when
    /// the receive loop sees the connection close or the transport fail.
    /// </summary>
    /// <param name="cause">What broke, if known.</param>
    public void AbortPendingTransactions(Exception? cause = null)
    {
        foreach (var transaction in TakeAllPending())
        {
            transaction.Fail(new StunTransactionException(StunTransactionFailure.TransportError, "The transport closed before a response arrived.", cause));
        }
    }

    /// <summary>Fails pending transactions with <see cref="ObjectDisposedException"/> and releases their timers.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        foreach (var transaction in TakeAllPending())
        {
            transaction.Fail(new ObjectDisposedException(nameof(StunTransactionManager), "The transaction manager was disposed."));
        }

        _ownedMeter?.Dispose();
    }

    internal void Remove(StunClientTransaction transaction)
    {
        lock (_gate)
        {
            if (_pending.TryGetValue(transaction.Key, out var current) && ReferenceEquals(current, transaction))
            {
                _pending.Remove(transaction.Key);
            }
        }
    }

    private StunClientTransaction[] TakeAllPending()
    {
        lock (_gate)
        {
            var all = _pending.Values.ToArray();
            _pending.Clear();
            return all;
        }
    }
}
