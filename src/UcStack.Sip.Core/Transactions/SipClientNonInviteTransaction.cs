namespace UcStack.Sip.Transactions;

/// <summary>
/// The client non-INVITE transaction (RFC 3261 §17.1.2): retransmits the request (timer E, capped at T2,
/// unreliable only), gives up after timer F, and absorbs response retransmissions for timer K.
/// </summary>
public sealed class SipClientNonInviteTransaction : SipTransaction
{
    private TimeSpan _timerEInterval;
    private bool _started;

    /// <summary>Creates the transaction in Trying; call <see cref="SipTransaction.Start"/> to send the request.</summary>
    /// <param name="request">A request other than INVITE and ACK, with a branch in its top Via. Not disposed by the transaction.</param>
    /// <param name="reliableTransport">Whether the transport is reliable.</param>
    /// <param name="sink">Where actions go.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="options">Timer values; <see cref="SipTimerOptions.Default"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The request is an INVITE or ACK (ACK has no client transaction,
    /// RFC 3261 §17), or has no branch.</exception>
    public SipClientNonInviteTransaction(
        SipRequest request, bool reliableTransport, ISipTransactionSink sink, TimeProvider? timeProvider = null, SipTimerOptions? options = null)
        : base(request, reliableTransport, sink, timeProvider, options)
    {
        if (request.MethodKind is SipMethodKind.Invite or SipMethodKind.Ack)
            throw new ArgumentException("INVITE and ACK do not use a non-INVITE client transaction.", nameof(request));
        Key = SipTransactionKey.ForClient(request);
        State = SipTransactionState.Trying;
    }

    /// <inheritdoc/>
    public override bool IsClient => true;

    /// <inheritdoc/>
    public override SipTransactionKey Key { get; }

    private protected override void ProcessCore(in SipTransactionInput input)
    {
        switch (input.Kind)
        {
            case SipTransactionInputKind.Start:
                if (_started) throw new InvalidOperationException("The transaction was already started.");
                _started = true;
                Sink.Send(this, Request);

                // RFC 3261 §17.1.2.2: timer E (T1, unreliable only) and timer F (64*T1).
                if (!IsReliable)
                {
                    _timerEInterval = Options.T1;
                    ArmTimer(SipTimer.E, _timerEInterval);
                }

                ArmTimer(SipTimer.F, Options.SixtyFourT1);
                break;
            case SipTransactionInputKind.MessageReceived:
                if (input.Message is not SipResponse response) throw WrongMessage("a request");
                if (!_started) throw new InvalidOperationException("The transaction was not started.");
                OnResponse(response);
                break;
            case SipTransactionInputKind.TimerFired:
                OnTimer(input.Timer);
                break;
            case SipTransactionInputKind.TransportError:
                // RFC 3261 §17.1.4: inform the TU and terminate.
                Sink.TransportFailed(this);
                Terminate();
                break;
            case SipTransactionInputKind.TuResponse:
                throw WrongMessage("a response from the TU");
        }
    }

    private void OnResponse(SipResponse response)
    {
        switch (State)
        {
            case SipTransactionState.Trying or SipTransactionState.Proceeding when response.StatusCode < 200:
                State = SipTransactionState.Proceeding;
                Sink.Deliver(this, response);
                break;
            case SipTransactionState.Trying or SipTransactionState.Proceeding:
                // RFC 3261 §17.1.2.2: a final response goes up; timer K absorbs retransmissions.
                CancelTimer(SipTimer.E);
                CancelTimer(SipTimer.F);
                State = SipTransactionState.Completed;
                Sink.Deliver(this, response);
                if (IsReliable) Terminate(); // K is zero on reliable transports
                else ArmTimer(SipTimer.K, Options.T4);
                break;
            default:
                // Completed: retransmissions are absorbed.
                break;
        }
    }

    private void OnTimer(SipTimer timer)
    {
        switch (timer)
        {
            case SipTimer.E when State is SipTransactionState.Trying or SipTransactionState.Proceeding:
                // RFC 3261 §17.1.2.2: Trying doubles up to T2; Proceeding retransmits every T2.
                Sink.Send(this, Request);
                _timerEInterval = State == SipTransactionState.Proceeding
                    ? Options.T2
                    : TimeSpan.FromTicks(Math.Min((_timerEInterval * 2).Ticks, Options.T2.Ticks));
                ArmTimer(SipTimer.E, _timerEInterval);
                break;
            case SipTimer.F when State is SipTransactionState.Trying or SipTransactionState.Proceeding:
                Sink.TimedOut(this, SipTimer.F);
                Terminate();
                break;
            case SipTimer.K when State == SipTransactionState.Completed:
                Terminate();
                break;
        }
    }
}
