namespace UcStack.Sip.Transactions;

/// <summary>
/// The client INVITE transaction (RFC 3261 §17.1.1, with the Accepted state of RFC 6026 §7.2). It
/// retransmits the INVITE (timer A) on unreliable transports, gives up after timer B, builds and sends the
/// ACK for non-2xx final responses itself (§17.1.1.3) and passes every 2xx up to the TU while Accepted.
/// </summary>
public sealed class SipClientInviteTransaction : SipTransaction
{
    private TimeSpan _timerAInterval;
    private SipRequest? _ack;

    /// <summary>Creates the transaction in Calling; call <see cref="SipTransaction.Start"/> to send the INVITE.</summary>
    /// <param name="invite">The INVITE; its top Via must carry a branch. The transaction does not dispose it.</param>
    /// <param name="reliableTransport">Whether the transport is reliable.</param>
    /// <param name="sink">Where actions go.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="options">Timer values; <see cref="SipTimerOptions.Default"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="invite"/> is not an INVITE or has no branch.</exception>
    public SipClientInviteTransaction(
        SipRequest invite, bool reliableTransport, ISipTransactionSink sink, TimeProvider? timeProvider = null, SipTimerOptions? options = null)
        : base(invite, reliableTransport, sink, timeProvider, options)
    {
        if (invite.MethodKind != SipMethodKind.Invite) throw new ArgumentException("Expected an INVITE.", nameof(invite));
        Key = SipTransactionKey.ForClient(invite);
        State = SipTransactionState.Calling;
    }

    /// <inheritdoc/>
    public override bool IsClient => true;

    /// <inheritdoc/>
    public override SipTransactionKey Key { get; }

    /// <summary>The ACK this transaction built for a non-2xx final response, once there is one.</summary>
    public SipRequest? Ack => _ack;

    private bool _started;

    private protected override void ProcessCore(in SipTransactionInput input)
    {
        switch (input.Kind)
        {
            case SipTransactionInputKind.Start:
                if (_started) throw new InvalidOperationException("The transaction was already started.");
                _started = true;
                Sink.Send(this, Request);

                // RFC 3261 §17.1.1.2: timer A (T1, unreliable only) and timer B (64*T1).
                if (!IsReliable)
                {
                    _timerAInterval = Options.T1;
                    ArmTimer(SipTimer.A, _timerAInterval);
                }

                ArmTimer(SipTimer.B, Options.SixtyFourT1);
                break;
            case SipTransactionInputKind.MessageReceived:
                if (input.Message is not SipResponse response) throw WrongMessage("a request");
                OnResponse(response);
                break;
            case SipTransactionInputKind.TimerFired:
                OnTimer(input.Timer);
                break;
            case SipTransactionInputKind.TransportError:
                // RFC 3261 §17.1.4: inform the TU and terminate. RFC 6026 §7.2: in Accepted, 2xx go to the
                // TU whatever our own sending does, so the error is reported without ending the transaction.
                Sink.TransportFailed(this);
                if (State != SipTransactionState.Accepted) Terminate();
                break;
            case SipTransactionInputKind.TuResponse:
                throw WrongMessage("a response from the TU");
        }
    }

    private void OnResponse(SipResponse response)
    {
        if (!_started) throw new InvalidOperationException("The transaction was not started.");
        var code = response.StatusCode;
        switch (State)
        {
            case SipTransactionState.Calling or SipTransactionState.Proceeding when code < 200:
                // RFC 3261 §17.1.1.2: a provisional response stops retransmission; the TU gets it.
                CancelTimer(SipTimer.A);
                CancelTimer(SipTimer.B);
                State = SipTransactionState.Proceeding;
                Sink.Deliver(this, response);
                break;
            case SipTransactionState.Calling or SipTransactionState.Proceeding when code < 300:
                // RFC 6026 §7.2: a 2xx moves to Accepted; timer M absorbs its retransmissions into the TU.
                CancelTimer(SipTimer.A);
                CancelTimer(SipTimer.B);
                State = SipTransactionState.Accepted;
                Sink.Deliver(this, response);
                ArmTimer(SipTimer.M, Options.SixtyFourT1);
                break;
            case SipTransactionState.Calling or SipTransactionState.Proceeding:
                // RFC 3261 §17.1.1.2: a 300-699 is ACKed by the transaction, passed up, and timer D starts.
                CancelTimer(SipTimer.A);
                CancelTimer(SipTimer.B);
                State = SipTransactionState.Completed;
                _ack = Own(SipAckBuilder.ForNonSuccess(Request, response));
                Sink.Send(this, _ack);
                Sink.Deliver(this, response);
                EnterOrSkipWait(SipTimer.D, IsReliable ? TimeSpan.Zero : Options.TimerDUnreliable);
                break;
            case SipTransactionState.Completed when code >= 300:
                // RFC 3261 §17.1.1.2: a retransmitted final response gets the ACK again, not the TU.
                Sink.Send(this, _ack!);
                break;
            case SipTransactionState.Accepted when code is >= 200 and < 300:
                // RFC 6026 §7.2: every 2xx in Accepted goes to the TU (forked or retransmitted answers).
                Sink.Deliver(this, response);
                break;
            default:
                // Late provisional responses, or a non-2xx after a 2xx: nothing the transaction acts on.
                break;
        }
    }

    private void OnTimer(SipTimer timer)
    {
        switch (timer)
        {
            case SipTimer.A when State == SipTransactionState.Calling:
                // RFC 3261 §17.1.1.2: retransmit and double the interval (no cap; timer B ends it).
                Sink.Send(this, Request);
                _timerAInterval *= 2;
                ArmTimer(SipTimer.A, _timerAInterval);
                break;
            case SipTimer.B when State == SipTransactionState.Calling:
                Sink.TimedOut(this, SipTimer.B);
                Terminate();
                break;
            case SipTimer.D when State == SipTransactionState.Completed:
            case SipTimer.M when State == SipTransactionState.Accepted:
                Terminate();
                break;
        }
    }

    private void EnterOrSkipWait(SipTimer timer, TimeSpan wait)
    {
        // A zero wait (reliable transports) ends the transaction at once instead of scheduling a timer.
        if (wait <= TimeSpan.Zero) Terminate();
        else ArmTimer(timer, wait);
    }
}
