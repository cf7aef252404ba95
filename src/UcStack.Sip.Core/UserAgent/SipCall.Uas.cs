using UcStack.Sip.Dialogs;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;

namespace UcStack.Sip.UserAgent;

// The incoming side: ringing, accepting (2xx retransmitted until ACK), rejecting, CANCEL.
public sealed partial class SipCall
{
    private SipIncomingRequest? _incomingInvite;
    private Pending2xx? _pending2xx;
    private bool _byeAfterAck;

    /// <summary>Creates the call for an incoming INVITE, on the loop.</summary>
    internal static SipCall Incoming(SipEndpoint endpoint, SipIncomingRequest invite)
    {
        var call = new SipCall(endpoint, isIncoming: true, SipCallState.Incoming)
        {
            CallId = invite.Request.CallId,
            _incomingInvite = invite,
            _inviteCSeq = invite.Request.CSeqNumber,
        };
        call.SetRemoteBody(invite.Request);
        invite.ResponseObserver = call.OnInviteResponse;
        return call;
    }

    /// <summary>The INVITE of an incoming call (owned by the stack; see <see cref="SipIncomingRequest"/>).</summary>
    public SipIncomingRequest? Invite => _incomingInvite;

    /// <summary>Sends 180 (Ringing), creating the early dialog.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the response was handed to the transaction.</returns>
    /// <exception cref="InvalidOperationException">The call is outgoing or already answered.</exception>
    /// <exception cref="ObjectDisposedException">The endpoint was disposed.</exception>
    public Task RingAsync(CancellationToken cancellationToken = default) => IncomingInvite().RespondAsync(180, cancellationToken: cancellationToken);

    /// <summary>Accepts the call with 200 (OK) and a body (the answer, e.g. SDP). The 2xx is retransmitted until
    /// the ACK arrives (RFC 3261 §13.3.1.4); <see cref="Established"/> completes then.</summary>
    /// <param name="body">The body (copied), empty for none.</param>
    /// <param name="contentType">Its media type, or <see langword="null"/>.</param>
    /// <param name="headers">Extra header lines, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the 2xx was handed to the transaction.</returns>
    /// <exception cref="InvalidOperationException">The call is outgoing, already answered, or was cancelled; or a
    /// reliable provisional response with a body is still unacknowledged (RFC 3262 §3).</exception>
    /// <exception cref="ObjectDisposedException">The endpoint was disposed.</exception>
    public Task AcceptAsync(
        ReadOnlyMemory<byte> body = default,
        string? contentType = null,
        IEnumerable<KeyValuePair<string, string>>? headers = null,
        CancellationToken cancellationToken = default)
    {
        var invite = IncomingInvite();
        var list = headers?.ToList();
        return _endpoint.InvokeAsync(() =>
        {
            // RFC 3262 §3: no 2xx while a reliable provisional response carrying a session description is unacknowledged.
            if (_reliable is { CarriesBody: true }) throw new InvalidOperationException("A reliable provisional response with a body is unacknowledged (RFC 3262 §3).");
            invite.RespondInLoop(200, null, list, body, contentType);
            return true;
        }).WaitAsync(cancellationToken);
    }

    /// <summary>Rejects the call with a final response.</summary>
    /// <param name="statusCode">300–699, e.g. 486 (Busy Here) or 603 (Decline).</param>
    /// <param name="reasonPhrase">The reason phrase, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the response was handed to the transaction.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="statusCode"/> is not 300–699.</exception>
    /// <exception cref="InvalidOperationException">The call is outgoing or already answered.</exception>
    /// <exception cref="ObjectDisposedException">The endpoint was disposed.</exception>
    public Task RejectAsync(int statusCode = 603, string? reasonPhrase = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 300);
        return IncomingInvite().RespondAsync(statusCode, reasonPhrase, cancellationToken: cancellationToken);
    }

    private SipIncomingRequest IncomingInvite() =>
        _incomingInvite ?? throw new InvalidOperationException("Only an incoming call is answered.");

    /// <summary>Sees each response to the INVITE before it is sent (on the loop).</summary>
    private void OnInviteResponse(SipResponse response)
    {
        ObserveReliable(response);
        var code = response.StatusCode;
        if (code == 100 || _state == SipCallState.Terminated) return;
        var invite = _incomingInvite!;
        if (code < 300)
        {
            // RFC 3261 §12.1.1: a 1xx with a tag or a 2xx creates the dialog on the UAS side.
            if (_dialog is null)
            {
                var dialog = SipDialogFactory.CreateUas(_endpoint, this, invite.Request, invite.LocalTag, code < 200 ? SipDialogState.Early : SipDialogState.Confirmed);
                if (_endpoint.TryAddDialog(dialog)) _dialog = dialog;
                invite.Dialog = dialog;
            }

            if (code >= 200)
            {
                _dialog?.SetState(SipDialogState.Confirmed);
                SetState(SipCallState.Established);
                Start2xxRetransmission(response, invite.Request.CSeqNumber, invite.Flow, initial: true);
            }

            return;
        }

        // A non-2xx final response (including the 487 sent for a CANCEL) ends the early dialog and the call.
        End(new SipCallEnd(code == 487 ? SipCallEndReason.Cancelled : SipCallEndReason.Rejected, code));
    }

    private void Start2xxRetransmission(SipResponse response, uint cseq, SipFlow flow, bool initial)
    {
        _pending2xx?.Dispose();
        var pending = new Pending2xx(cseq, SipResponse.Parse(response.RawBytes), flow, initial);
        pending.GiveUp = new LoopTimer(_endpoint, () => On2xxNotAcknowledged(pending));
        pending.GiveUp.Arm(_endpoint.Options.Timers.SixtyFourT1);

        // RFC 3261 §13.3.1.4: retransmit at T1, doubling up to T2, over unreliable transports.
        if (!flow.IsReliable)
        {
            pending.Interval = _endpoint.Options.Timers.T1;
            pending.Retransmit = new LoopTimer(_endpoint, () => Retransmit2xx(pending));
            pending.Retransmit.Arm(pending.Interval);
        }

        _pending2xx = pending;
    }

    private void Retransmit2xx(Pending2xx pending)
    {
        if (!ReferenceEquals(pending, _pending2xx)) return;
        _endpoint.Metrics.Retransmission("INVITE");
        _ = _endpoint.SendResponseWithoutTransactionAsync(pending.Response, pending.Flow);
        var timers = _endpoint.Options.Timers;
        pending.Interval = TimeSpan.FromTicks(Math.Min((pending.Interval * 2).Ticks, timers.T2.Ticks));
        pending.Retransmit!.Arm(pending.Interval);
    }

    private void On2xxNotAcknowledged(Pending2xx pending)
    {
        if (!ReferenceEquals(pending, _pending2xx)) return;
        pending.Dispose();
        _pending2xx = null;

        // RFC 3261 §13.3.1.4: no ACK within 64*T1: the dialog is confirmed but should be ended with BYE.
        _endpoint.LogAckTimeout(CallId);
        var error = new SipRequestTimeoutException("No ACK arrived for the 2xx within 64*T1 (RFC 3261 §13.3.1.4).");
        _established.TrySetException(error);
        SendBye(SipCallEndReason.AckTimeout);
    }

    void ISipDialogOwner.OnAck(SipDialog dialog, SipRequest ack)
    {
        // RFC 3261 §13.3.1.4: the ACK (same CSeq number as the INVITE) stops the 2xx retransmissions.
        if (_pending2xx is not { } pending || ack.CSeqNumber != pending.CSeq) return;
        pending.Dispose();
        _pending2xx = null;
        if (!ack.Body.IsEmpty) SetRemoteBody(ack);
        if (pending.Initial) _established.TrySetResult();
        if (_byeAfterAck) SendBye(SipCallEndReason.LocalHangUp);
    }

    /// <summary>A 2xx being retransmitted until its ACK (RFC 3261 §13.3.1.4).</summary>
    private sealed class Pending2xx(uint cseq, SipResponse response, SipFlow flow, bool initial) : IDisposable
    {
        public uint CSeq { get; } = cseq;

        public SipResponse Response { get; } = response;

        public SipFlow Flow { get; } = flow;

        public bool Initial { get; } = initial;

        public TimeSpan Interval { get; set; }

        public LoopTimer? Retransmit { get; set; }

        public LoopTimer? GiveUp { get; set; }

        public void Dispose()
        {
            Retransmit?.Cancel();
            GiveUp?.Cancel();
            Response.Dispose();
        }
    }
}
