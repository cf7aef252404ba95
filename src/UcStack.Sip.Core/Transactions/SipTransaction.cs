namespace UcStack.Sip.Transactions;

/// <summary>
/// A SIP transaction (RFC 3261 §17): an explicit state machine driven by <see cref="Process"/>, with its
/// timers on an injected <see cref="TimeProvider"/>. Transport-agnostic: messages go out and up through an
/// <see cref="ISipTransactionSink"/>.
/// </summary>
/// <remarks>
/// A transaction is not thread-safe. Use it from one serial context (for example a single-reader channel
/// loop): every <see cref="Process"/> call and <see cref="Dispose"/> must come from that context. Timer
/// callbacks do not touch the state; they only call <see cref="ISipTransactionSink.TimerElapsed"/>, which
/// posts the firing back into the context. A firing that arrives after its timer was cancelled is ignored.
/// No lock is held while the sink is called.
/// </remarks>
public abstract class SipTransaction : IDisposable
{
    private readonly TimeProvider _time;
    private readonly ITimer?[] _timers = new ITimer?[(int)SipTimer.M + 1];
    private readonly long[] _deadlines = new long[(int)SipTimer.M + 1];
    private readonly List<SipMessage> _owned = [];
    private bool _disposed;

    private protected SipTransaction(
        SipRequest request, bool reliableTransport, ISipTransactionSink sink, TimeProvider? timeProvider, SipTimerOptions? options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sink);
        Options = options ?? SipTimerOptions.Default;
        Options.Validate();
        Request = request;
        IsReliable = reliableTransport;
        Sink = sink;
        _time = timeProvider ?? TimeProvider.System;
        Array.Fill(_deadlines, long.MaxValue);
    }

    /// <summary>The request that created the transaction. The transaction does not dispose it.</summary>
    public SipRequest Request { get; }

    /// <summary>Whether the transport is reliable (TCP, TLS, SCTP): no retransmission timers, zero wait timers.</summary>
    public bool IsReliable { get; }

    /// <summary>The timer base values.</summary>
    public SipTimerOptions Options { get; }

    /// <summary>The current state.</summary>
    public SipTransactionState State { get; private protected set; }

    /// <summary>Whether this is a client transaction.</summary>
    public abstract bool IsClient { get; }

    /// <summary>The matching key (RFC 3261 §17.1.3 for clients, §17.2.3 for servers).</summary>
    public abstract SipTransactionKey Key { get; }

    private protected ISipTransactionSink Sink { get; }

    /// <summary>Whether <paramref name="timer"/> is armed (tests and diagnostics).</summary>
    /// <param name="timer">The timer.</param>
    /// <returns><see langword="true"/> when armed.</returns>
    public bool IsTimerArmed(SipTimer timer) => _deadlines[(int)timer] != long.MaxValue;

    /// <summary>Feeds one input to the machine. Call only from the transaction's serial context.</summary>
    /// <param name="input">The input.</param>
    /// <exception cref="ObjectDisposedException">The transaction was disposed.</exception>
    /// <exception cref="ArgumentException">The input carries a message this machine cannot take (e.g. a
    /// request on a client transaction).</exception>
    /// <exception cref="InvalidOperationException">The TU input is not allowed in the current state (e.g. a
    /// second final response, or a response after termination).</exception>
    public void Process(in SipTransactionInput input)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (input.Kind == SipTransactionInputKind.TimerFired)
        {
            // A firing posted before the timer was cancelled or re-armed is stale: ignore it.
            var index = (int)input.Timer;
            if ((uint)index >= (uint)_deadlines.Length || _deadlines[index] == long.MaxValue) return;
            CancelTimer(input.Timer);
        }

        if (State == SipTransactionState.Terminated)
        {
            if (input.Kind is SipTransactionInputKind.TuResponse or SipTransactionInputKind.Start)
                throw new InvalidOperationException("The transaction is terminated.");
            return; // late network input or transport errors after the end are absorbed
        }

        ProcessCore(input);
    }

    /// <summary>Convenience for <c>Process(SipTransactionInput.Start())</c>.</summary>
    public void Start() => Process(SipTransactionInput.Start());

    private protected abstract void ProcessCore(in SipTransactionInput input);

    private protected void ArmTimer(SipTimer timer, TimeSpan due)
    {
        CancelTimer(timer);
        _deadlines[(int)timer] = _time.GetTimestamp() + (long)(due.TotalSeconds * _time.TimestampFrequency);
        _timers[(int)timer] = _time.CreateTimer(
            static state =>
            {
                var (transaction, t) = ((SipTransaction, SipTimer))state!;
                transaction.Sink.TimerElapsed(transaction, t);
            },
            (this, timer),
            due,
            Timeout.InfiniteTimeSpan);
    }

    private protected void CancelTimer(SipTimer timer)
    {
        _deadlines[(int)timer] = long.MaxValue;
        ref var slot = ref _timers[(int)timer];
        slot?.Dispose();
        slot = null;
    }

    private protected void CancelAllTimers()
    {
        for (var i = 0; i < _timers.Length; i++) CancelTimer((SipTimer)i);
    }

    /// <summary>Moves to Terminated, cancels every timer and tells the sink.</summary>
    private protected void Terminate()
    {
        CancelAllTimers();
        State = SipTransactionState.Terminated;
        Sink.Terminated(this);
    }

    /// <summary>Keeps a message the transaction built itself (ACK, 100 Trying) so it is disposed with it.</summary>
    private protected T Own<T>(T message) where T : SipMessage
    {
        _owned.Add(message);
        return message;
    }

    private protected static ArgumentException WrongMessage(string what) =>
        new($"This transaction cannot take {what}.");

    /// <summary>Cancels every timer and disposes the messages the transaction built. Does not dispose the
    /// request or responses handed in.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        CancelAllTimers();
        foreach (var message in _owned) message.Dispose();
        _owned.Clear();
        GC.SuppressFinalize(this);
    }
}
