namespace UcStack.Sip.Transactions;

/// <summary>
/// The server non-INVITE transaction (RFC 3261 §17.2.2): answers retransmitted requests with the last
/// response and, after the final response, absorbs retransmissions for timer J.
/// </summary>
public sealed class SipServerNonInviteTransaction : SipTransaction
{
    private SipResponse? _lastResponse;
    private bool _started;

    /// <summary>Creates the transaction in Trying for a received request; call
    /// <see cref="SipTransaction.Start"/> to hand it to the TU.</summary>
    /// <param name="request">The received request, neither INVITE nor ACK. Not disposed by the transaction.</param>
    /// <param name="reliableTransport">Whether the transport is reliable.</param>
    /// <param name="sink">Where actions go.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="options">Timer values; <see cref="SipTimerOptions.Default"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The request is an INVITE or ACK.</exception>
    public SipServerNonInviteTransaction(
        SipRequest request, bool reliableTransport, ISipTransactionSink sink, TimeProvider? timeProvider = null, SipTimerOptions? options = null)
        : base(request, reliableTransport, sink, timeProvider, options)
    {
        if (request.MethodKind is SipMethodKind.Invite or SipMethodKind.Ack)
            throw new ArgumentException("INVITE and ACK do not use a non-INVITE server transaction.", nameof(request));
        Key = SipTransactionKey.ForServer(request);
        State = SipTransactionState.Trying;
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
                break;
            case SipTransactionInputKind.MessageReceived:
                if (input.Message is not SipRequest request) throw WrongMessage("a response from the network");
                if (!string.Equals(request.Method, Request.Method, StringComparison.Ordinal)) throw WrongMessage(request.Method);

                // RFC 3261 §17.2.2: Trying discards retransmissions; Proceeding and Completed resend the last response.
                if (State is SipTransactionState.Proceeding or SipTransactionState.Completed) Sink.Send(this, _lastResponse!);
                break;
            case SipTransactionInputKind.TuResponse:
                OnTuResponse((SipResponse)input.Message!);
                break;
            case SipTransactionInputKind.TimerFired:
                if (input.Timer == SipTimer.J && State == SipTransactionState.Completed) Terminate();
                break;
            case SipTransactionInputKind.TransportError:
                // RFC 3261 §17.2.4: inform the TU and terminate.
                Sink.TransportFailed(this);
                Terminate();
                break;
        }
    }

    private void OnTuResponse(SipResponse response)
    {
        // RFC 3261 §17.2.2: once Completed, further responses from the TU are not sent; we refuse them
        // loudly rather than drop them.
        if (State == SipTransactionState.Completed)
            throw new InvalidOperationException("The final response was already sent.");

        _lastResponse = response;
        Sink.Send(this, response);
        if (response.StatusCode < 200)
        {
            State = SipTransactionState.Proceeding;
            return;
        }

        // RFC 3261 §17.2.2: timer J is 64*T1 on unreliable transports and zero on reliable ones.
        State = SipTransactionState.Completed;
        if (IsReliable) Terminate();
        else ArmTimer(SipTimer.J, Options.SixtyFourT1);
    }
}
