namespace UcStack.Sip.Transactions;

/// <summary>
/// The server INVITE transaction (RFC 3261 §17.2.1, with the Accepted state and timer L of RFC 6026 §7.1).
/// It answers retransmitted INVITEs with the last response, retransmits a non-2xx final response (timer G)
/// until the ACK arrives or timer H expires, absorbs ACK retransmissions for timer I, and after a 2xx stays
/// Accepted for timer L so that retransmitted INVITEs are absorbed and ACKs reach the TU.
/// </summary>
public sealed class SipServerInviteTransaction : SipTransaction
{
    private readonly bool _sendTrying;
    private SipResponse? _lastResponse;
    private TimeSpan _timerGInterval;
    private bool _started;

    /// <summary>Creates the transaction in Proceeding for a received INVITE; call
    /// <see cref="SipTransaction.Start"/> to hand the INVITE to the TU.</summary>
    /// <param name="invite">The received INVITE. Not disposed by the transaction.</param>
    /// <param name="reliableTransport">Whether the transport is reliable.</param>
    /// <param name="sink">Where actions go.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="options">Timer values; <see cref="SipTimerOptions.Default"/> when <see langword="null"/>.</param>
    /// <param name="sendTrying">Whether <see cref="SipTransaction.Start"/> sends a 100 (Trying). RFC 3261 §17.2.1
    /// requires it unless the TU answers within 200 ms; pass <see langword="false"/> only then.</param>
    /// <exception cref="ArgumentException"><paramref name="invite"/> is not an INVITE.</exception>
    public SipServerInviteTransaction(
        SipRequest invite,
        bool reliableTransport,
        ISipTransactionSink sink,
        TimeProvider? timeProvider = null,
        SipTimerOptions? options = null,
        bool sendTrying = true)
        : base(invite, reliableTransport, sink, timeProvider, options)
    {
        if (invite.MethodKind != SipMethodKind.Invite) throw new ArgumentException("Expected an INVITE.", nameof(invite));
        Key = SipTransactionKey.ForServer(invite);
        _sendTrying = sendTrying;
        State = SipTransactionState.Proceeding;
    }

    /// <inheritdoc/>
    public override bool IsClient => false;

    /// <inheritdoc/>
    public override SipTransactionKey Key { get; }

    /// <summary>The most recent response sent, if any.</summary>
    public SipResponse? LastResponse => _lastResponse;

    private protected override void ProcessCore(in SipTransactionInput input)
    {
        switch (input.Kind)
        {
            case SipTransactionInputKind.Start:
                if (_started) throw new InvalidOperationException("The transaction was already started.");
                _started = true;
                Sink.Deliver(this, Request);

                // RFC 3261 §17.2.1: a 100 (Trying) quenches INVITE retransmissions.
                if (_sendTrying && State == SipTransactionState.Proceeding && _lastResponse is null)
                {
                    _lastResponse = Own(SipResponseBuilder.For(Request, 100).Build());
                    Sink.Send(this, _lastResponse);
                }

                break;
            case SipTransactionInputKind.MessageReceived:
                if (input.Message is not SipRequest request) throw WrongMessage("a response from the network");
                OnRequest(request);
                break;
            case SipTransactionInputKind.TuResponse:
                OnTuResponse((SipResponse)input.Message!);
                break;
            case SipTransactionInputKind.TimerFired:
                OnTimer(input.Timer);
                break;
            case SipTransactionInputKind.TransportError:
                // RFC 6026 §7.1 (updating RFC 3261 §17.2.4): a transport error while sending a response to an
                // INVITE is reported to the TU but MUST NOT destroy the transaction at once: its state is still
                // needed to absorb INVITE retransmissions. Timers H, I and L end it as usual.
                Sink.TransportFailed(this);
                break;
        }
    }

    private void OnRequest(SipRequest request)
    {
        if (request.MethodKind == SipMethodKind.Ack)
        {
            OnAck(request);
            return;
        }

        if (request.MethodKind != SipMethodKind.Invite) throw WrongMessage(request.Method);

        switch (State)
        {
            case SipTransactionState.Proceeding or SipTransactionState.Completed:
                // RFC 3261 §17.2.1: a retransmitted INVITE gets the most recent response again.
                if (_lastResponse is not null) Sink.Send(this, _lastResponse);
                break;
            default:
                // Confirmed and Accepted (RFC 6026 §7.1) absorb it.
                break;
        }
    }

    private void OnAck(SipRequest ack)
    {
        switch (State)
        {
            case SipTransactionState.Completed:
                // RFC 3261 §17.2.3: with the RFC 2543 fallback the ACK's To tag must be the response's.
                if (Key.IsRfc2543 && !string.Equals(ack.ToTag, _lastResponse!.ToTag, StringComparison.Ordinal)) return;

                // RFC 3261 §17.2.1: the ACK ends retransmission; timer I absorbs further ACKs.
                CancelTimer(SipTimer.G);
                CancelTimer(SipTimer.H);
                State = SipTransactionState.Confirmed;
                if (IsReliable) Terminate();
                else ArmTimer(SipTimer.I, Options.T4);
                break;
            case SipTransactionState.Accepted:
                // RFC 6026 §7.1: an ACK for the 2xx goes to the TU.
                Sink.Deliver(this, ack);
                break;
            default:
                // Confirmed absorbs ACK retransmissions; an ACK in Proceeding matches nothing sent.
                break;
        }
    }

    private void OnTuResponse(SipResponse response)
    {
        var code = response.StatusCode;
        switch (State)
        {
            case SipTransactionState.Proceeding when code < 200:
                _lastResponse = response;
                Sink.Send(this, response);
                break;
            case SipTransactionState.Proceeding when code < 300:
                // RFC 6026 §7.1: a 2xx moves to Accepted; timer L keeps the transaction for the ACKs.
                _lastResponse = response;
                State = SipTransactionState.Accepted;
                Sink.Send(this, response);
                ArmTimer(SipTimer.L, Options.SixtyFourT1);
                break;
            case SipTransactionState.Proceeding:
                // RFC 3261 §17.2.1: 300-699 moves to Completed; G retransmits (unreliable), H waits for the ACK.
                _lastResponse = response;
                State = SipTransactionState.Completed;
                Sink.Send(this, response);
                if (!IsReliable)
                {
                    _timerGInterval = Options.T1;
                    ArmTimer(SipTimer.G, _timerGInterval);
                }

                ArmTimer(SipTimer.H, Options.SixtyFourT1);
                break;
            case SipTransactionState.Accepted when code is >= 200 and < 300:
                // RFC 6026 §7.1: the TU retransmits its 2xx through the transaction.
                Sink.Send(this, response);
                break;
            default:
                throw new InvalidOperationException(
                    $"A {code} response cannot be sent in state {State}: the final response was already sent.");
        }
    }

    private void OnTimer(SipTimer timer)
    {
        switch (timer)
        {
            case SipTimer.G when State == SipTransactionState.Completed:
                // RFC 3261 §17.2.1: retransmit, doubling up to T2.
                Sink.Send(this, _lastResponse!);
                _timerGInterval = TimeSpan.FromTicks(Math.Min((_timerGInterval * 2).Ticks, Options.T2.Ticks));
                ArmTimer(SipTimer.G, _timerGInterval);
                break;
            case SipTimer.H when State == SipTransactionState.Completed:
                Sink.TimedOut(this, SipTimer.H);
                Terminate();
                break;
            case SipTimer.I when State == SipTransactionState.Confirmed:
            case SipTimer.L when State == SipTransactionState.Accepted:
                Terminate();
                break;
        }
    }
}
