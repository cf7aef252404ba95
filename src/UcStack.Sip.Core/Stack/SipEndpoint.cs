using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using UcStack.Sip.Transactions;
using UcStack.Sip.Transport;

namespace UcStack.Sip.Stack;

/// <summary>
/// A SIP endpoint: the transaction layer and UA core (RFC 3261 §8, §12–§17) over one
/// <see cref="ISipTransportLayer"/>. It matches received messages to transactions and dialogs, runs every
/// transaction, dialog and timer on one serial loop, and exposes requests it cannot place in a transaction or
/// dialog it knows to the application through <see cref="RequestReceived"/>.
/// </summary>
/// <remarks>
/// <para>Threading: every public member is thread-safe. All state lives on a single-reader channel loop; the
/// API posts work to it and awaits the result. Timer firings from the <see cref="TimeProvider"/> are posted to
/// the loop too. No lock is held while user code runs: application handlers and events are invoked on the
/// thread pool, never on the loop, so a slow handler cannot stall the stack.</para>
/// <para>Ownership: the endpoint owns the transport layer (disposed with the endpoint). Requests handed to
/// <see cref="SendRequestAsync"/> become the endpoint's. Responses returned to the caller are the caller's.
/// Received requests exposed through <see cref="SipIncomingRequest"/> stay the endpoint's and are disposed
/// when their transaction ends; copy what must outlive it.</para>
/// </remarks>
public sealed partial class SipEndpoint : IAsyncDisposable
{
    private readonly ISipTransportLayer _transport;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SipEndpointMetrics _metrics;
    private readonly Channel<Action> _work = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<Action> _events = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });
    private Task? _eventLoop;
    private readonly SipTransactionTable _transactions;
    private readonly Dictionary<SipTransaction, TransactionContext> _contexts = new(ReferenceEqualityComparer.Instance);
    private readonly CancellationTokenSource _stopping = new();
    private readonly TransactionSink _sink;
    private readonly Func<AddressUri, SipTransportTarget> _resolve;
    private Task? _loop;
    private Task? _pump;
    private int _started;
    private int _disposed;

    /// <summary>Creates an endpoint; call <see cref="Start"/> to begin receiving.</summary>
    /// <param name="transport">The transport layer; the endpoint owns it from now on.</param>
    /// <param name="options">Settings; defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for every timer; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Logging (EventIds 1100-1199); none when <see langword="null"/>.</param>
    /// <param name="meterFactory">Creates the <c>UcStack.Sip.Stack</c> meter; a private meter when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="transport"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="SipParseException"><see cref="SipEndpointOptions.LocalUri"/> is not a URI.</exception>
    public SipEndpoint(
        ISipTransportLayer transport,
        SipEndpointOptions? options = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        Options = options ?? new SipEndpointOptions();
        Options.Validate();
        _transport = transport;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)loggerFactory?.CreateLogger<SipEndpoint>() ?? NullLogger.Instance;
        _metrics = new SipEndpointMetrics(meterFactory);
        _transactions = new SipTransactionTable(Options.MaxTransactions);
        _sink = new TransactionSink(this);
        _resolve = Options.ResolveTarget ?? SipTargetResolution.Resolve;
    }

    /// <summary>The settings.</summary>
    public SipEndpointOptions Options { get; }

    /// <summary>The clock every timer of this endpoint runs on.</summary>
    public TimeProvider TimeProvider => _time;

    /// <summary>The transport's listen points (what Via and Contact are built from).</summary>
    public IReadOnlyList<SipListenPoint> ListenPoints => _transport.ListenPoints;

    /// <summary>Invoked (on the thread pool) for each new request outside any dialog or session the stack
    /// handles itself, and for in-dialog requests the dialog's owner does not take. Answer it with
    /// <see cref="SipIncomingRequest.RespondAsync"/>. When unset, OPTIONS gets 200 and other methods 405
    /// (RFC 3261 §8.2.1). A handler that throws before answering gets a 500 sent for it.</summary>
    public Func<SipIncomingRequest, Task>? RequestReceived { get; set; }

    internal ILogger Logger => _logger;

    internal SipEndpointMetrics Metrics => _metrics;

    /// <summary>Starts the loop and begins reading the transport. Idempotent.</summary>
    /// <exception cref="ObjectDisposedException">The endpoint was disposed.</exception>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.Exchange(ref _started, 1) != 0) return;
        _loop = Task.Run(RunLoopAsync);
        _eventLoop = Task.Run(RunEventsAsync);
        _pump = Task.Run(() => PumpAsync(_stopping.Token));
    }

    /// <summary>Stops the loop, terminates every transaction and dialog (cancelling their timers), fails
    /// pending operations with <see cref="ObjectDisposedException"/>, and disposes the transport.</summary>
    /// <returns>A task that completes when everything is released.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_pump is not null)
        {
            try
            {
                await _pump.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // the pump ends by cancellation
            }
        }

        if (_loop is not null)
        {
            _work.Writer.TryWrite(ShutDownInLoop);
            _work.Writer.TryComplete();
            await _loop.ConfigureAwait(false);
        }
        else
        {
            _work.Writer.TryComplete();
            ShutDownInLoop();
        }

        _events.Writer.TryComplete();
        if (_eventLoop is not null) await _eventLoop.ConfigureAwait(false);
        await _transport.DisposeAsync().ConfigureAwait(false);
        _metrics.Dispose();
        _stopping.Dispose();
    }

    /// <summary>Queues work for the loop. Returns <see langword="false"/> when the endpoint is shut down.</summary>
    internal bool Post(Action work)
    {
        Interlocked.Increment(ref _queued);
        if (_work.Writer.TryWrite(work)) return true;
        Interlocked.Decrement(ref _queued);
        return false;
    }

    /// <summary>Work items posted and not yet finished (the running one included).</summary>
    private int _queued;

    /// <summary>Runs <paramref name="work"/> on the loop and returns its result; exceptions are carried to the
    /// caller. Continuations run on the thread pool, not on the loop.</summary>
    internal Task<T> InvokeAsync<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var posted = Post(() =>
        {
            try
            {
                done.TrySetResult(work());
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                done.TrySetException(ex);
            }
        });
        if (!posted) done.TrySetException(new ObjectDisposedException(nameof(SipEndpoint)));
        return done.Task;
    }

    /// <summary>Completes once the loop has handled everything queued before the call, every message waiting in
    /// the transport's channel, and the work those queued in turn (tests use it to reach a quiet point).</summary>
    internal async Task FlushAsync()
    {
        for (var round = 0; round < 10_000; round++)
        {
            var idle = await InvokeAsync(() =>
            {
                while (_transport.Received.TryRead(out var message)) HandleReceived(message);
                return Volatile.Read(ref _queued) <= 1; // only this item
            }).ConfigureAwait(false);
            if (idle) return;
        }
    }

    private async Task RunLoopAsync()
    {
        var reader = _work.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                try
                {
                    item();
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // One failing item must not stop the loop that every transaction depends on.
                    Log.LoopItemFailed(_logger, ex);
                }
                finally
                {
                    Interlocked.Decrement(ref _queued);
                }
            }
        }
    }

    /// <summary>Waits for received messages and lets the loop take them; the messages stay in the transport's
    /// bounded channel until the loop reads them, so backpressure reaches the sockets.</summary>
    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        var received = _transport.Received;
        try
        {
            while (await received.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                if (!Post(() => DrainReceived(drained))) return;
                await drained.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping
        }
        catch (ChannelClosedException)
        {
            // the transport closed its channel
        }
    }

    private void DrainReceived(TaskCompletionSource drained)
    {
        for (var i = 0; i < Options.ReceiveBatch; i++)
        {
            if (!_transport.Received.TryRead(out var message))
            {
                drained.TrySetResult();
                return;
            }

            HandleReceived(message);
        }

        // Yield so timer firings and API calls queued meanwhile are not starved by a flood.
        if (!Post(() => DrainReceived(drained))) drained.TrySetResult();
    }

    private void ShutDownInLoop()
    {
        ShutDownDialogs();
        foreach (var context in _contexts.Values.ToArray())
        {
            if (!context.Finished) context.ClientUser?.OnFailure(context, SipClientFailure.Disposed);
            context.Incoming?.OnEndpointClosed();
            context.Terminated = true;
            context.PendingSends = 0;
            _transactions.Remove(context.Transaction);
            DisposeContext(context);
        }

        _contexts.Clear();
    }
}
