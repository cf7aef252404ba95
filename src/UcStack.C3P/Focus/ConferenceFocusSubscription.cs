namespace UcStack.C3P;

/// <summary>
/// One subscriber's queue at the focus: documents are queued under the focus's lock (so every subscriber sees the
/// same order) and delivered by a pump that runs outside it. The queue is bounded: when a slow subscriber falls
/// <see cref="MaxQueued"/> documents behind, the queue is replaced by one full document of the current state, which
/// starts a new version sequence (RFC 4575 §4.6) instead of growing without bound.
/// </summary>
public sealed class ConferenceFocusSubscription : IAsyncDisposable
{
    /// <summary>How many documents may wait for one subscriber before they are collapsed into a full one.</summary>
    public const int MaxQueued = 64;

    private readonly ConferenceFocus _focus;
    private readonly IConferenceSubscriber _subscriber;
    private readonly Queue<ConferenceInfoDocument> _queue = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _disposed = new();
    private readonly object _gate = new();
    private ConferenceSubscriptionEnd? _end;
    private bool _closedDelivered;
    private Task _pump = Task.CompletedTask;

    internal ConferenceFocusSubscription(ConferenceFocus focus, string subscriberUri, IConferenceSubscriber subscriber)
    {
        _focus = focus;
        SubscriberUri = subscriberUri;
        _subscriber = subscriber;
    }

    /// <summary>The subscribing user's URI.</summary>
    public string SubscriberUri { get; }

    /// <summary>Completes when the pump has stopped (after <see cref="IConferenceSubscriber.ClosedAsync"/>).</summary>
    public Task Completion => _pump;

    internal void Start() => _pump = Task.Run(PumpAsync);

    /// <summary>Queues a document (called under the focus's lock).</summary>
    internal void Enqueue(ConferenceInfoDocument update, ConferenceInfoDocument? fullState)
    {
        lock (_gate)
        {
            if (_end is not null) return;
            if (_queue.Count >= MaxQueued && fullState is not null)
            {
                _queue.Clear();
                _queue.Enqueue(fullState);
            }
            else
            {
                _queue.Enqueue(update);
            }
        }

        _signal.Release();
    }

    /// <summary>Ends the subscription after what is queued (called under the focus's lock or by dispose).</summary>
    internal void Close(ConferenceSubscriptionEnd reason)
    {
        lock (_gate)
        {
            if (_end is not null) return;
            _end = reason;
        }

        _signal.Release();
    }

    /// <summary>Stops the subscription: nothing more is delivered.</summary>
    /// <returns>A task that completes when the pump stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        _focus.RemoveSubscription(this);
        Close(ConferenceSubscriptionEnd.Unsubscribed);
        await _disposed.CancelAsync().ConfigureAwait(false);
        try
        {
            await _pump.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopped while delivering
        }

        _disposed.Dispose();
    }

    private async Task PumpAsync()
    {
        var token = _disposed.Token;
        while (true)
        {
            await _signal.WaitAsync(token).ConfigureAwait(false);
            ConferenceInfoDocument? next = null;
            ConferenceSubscriptionEnd? end;
            lock (_gate)
            {
                if (_queue.Count > 0) next = _queue.Dequeue();
                end = _end;
            }

            if (next is not null)
            {
                try
                {
                    await _subscriber.DeliverAsync(next, token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException && !token.IsCancellationRequested)
                {
                    _focus.RemoveSubscription(this);
                    Close(ConferenceSubscriptionEnd.DeliveryFailed);
                    await CloseOnceAsync(ConferenceSubscriptionEnd.DeliveryFailed).ConfigureAwait(false);
                    return;
                }

                continue;
            }

            if (end is { } reason)
            {
                await CloseOnceAsync(reason).ConfigureAwait(false);
                return;
            }
        }
    }

    private async Task CloseOnceAsync(ConferenceSubscriptionEnd reason)
    {
        lock (_gate)
        {
            if (_closedDelivered) return;
            _closedDelivered = true;
        }

        try
        {
            await _subscriber.ClosedAsync(reason).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // the subscriber's own failure to close has nobody left to report to
        }
    }
}
