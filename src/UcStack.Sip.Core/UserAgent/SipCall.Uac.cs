using UcStack.Sip.Dialogs;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;

namespace UcStack.Sip.UserAgent;

// The outgoing side: INVITE, provisional responses, early dialogs, forking, ACK for 2xx, CANCEL.
public sealed partial class SipCall : IClientTransactionUser
{
    private readonly Dictionary<string, SipDialog> _early = new(StringComparer.Ordinal);
    private AddressUri? _requestUri;
    private string? _inviteVia;
    private string? _inviteFrom;
    private string? _inviteTo;
    private uint _inviteCSeq;
    private bool _provisionalSeen;
    private bool _cancelRequested;
    private bool _cancelSent;
    private SipRequest? _ack;
    private IProgress<SipProvisionalResponse>? _progress;
    private KeyValuePair<string, string>[]? _inviteCredentials;
    private SipChallengeResponder? _challenges;

    /// <summary>Starts an outgoing call on the loop.</summary>
    internal static SipCall StartOutgoing(
        SipEndpoint endpoint, SipRequest invite, SipTransportTarget target, IProgress<SipProvisionalResponse>? progress, Func<SipCall, Task>? forkHandler)
    {
        var call = new SipCall(endpoint, isIncoming: false, SipCallState.Calling)
        {
            CallId = invite.CallId,
            _target = target,
            _requestUri = invite.RequestUri,
            _progress = progress,
            _forkHandler = forkHandler,
        };
        call.RememberInvite(invite);
        try
        {
            endpoint.StartClientTransaction(invite, target, call);
        }
        catch (InvalidOperationException ex)
        {
            invite.Dispose();
            call.End(new SipCallEnd(SipCallEndReason.TransportError), ex);
        }

        return call;
    }

    /// <summary>Cancels an unanswered outgoing call (RFC 3261 §9.1). After a 2xx it has no effect (hang up
    /// instead); if the 2xx races the CANCEL, the call is ACKed and then ended with BYE.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when the CANCEL was sent or scheduled.</returns>
    /// <exception cref="InvalidOperationException">The call is incoming.</exception>
    /// <exception cref="ObjectDisposedException">The endpoint was disposed.</exception>
    public Task CancelAsync(CancellationToken cancellationToken = default)
    {
        if (IsIncoming) throw new InvalidOperationException("An incoming call is rejected, not cancelled.");
        return _endpoint.InvokeAsync(() =>
        {
            RequestCancel();
            return true;
        }).WaitAsync(cancellationToken);
    }

    private void RequestCancel()
    {
        if (_state is not (SipCallState.Calling or SipCallState.Proceeding)) return;
        _cancelRequested = true;

        // RFC 3261 §9.1: a CANCEL must not be sent before a provisional response arrived; it goes out then.
        if (_provisionalSeen) SendCancel();
    }

    private void SendCancel()
    {
        if (_cancelSent || _inviteVia is null || _inviteFrom is null || _inviteTo is null) return;
        _cancelSent = true;

        // RFC 3261 §9.1: same Request-URI, Call-ID, To, From and CSeq number as the INVITE, and a single Via
        // equal to the INVITE's top Via, so it matches the INVITE's server transaction.
        var cancel = new SipRequestBuilder("CANCEL", _requestUri!.ToString())
            .AddHeader("Via", _inviteVia)
            .SetMaxForwards()
            .AddHeader("From", _inviteFrom)
            .AddHeader("To", _inviteTo)
            .SetCallId(CallId)
            .SetCSeq(_inviteCSeq)
            .Build();
        var pending = _endpoint.StartPending(cancel, _target!, new SipEndpoint.PendingRequest(null));
        ObserveQuietly(pending.Task);
    }

    bool IClientTransactionUser.OnResponse(TransactionContext context, SipResponse response)
    {
        var code = response.StatusCode;
        if (code < 200)
        {
            OnProvisional(response);
        }
        else if (code < 300)
        {
            On2xx(response);
        }
        else if (code is 401 or 407 && TryAnswerChallenge(context, response))
        {
            // The transaction has ACKed the challenge (§17.1.1.3); the retry is on its way.
        }
        else
        {
            // RFC 3261 §12.3: a non-2xx final response ends every early dialog of the INVITE. The transaction
            // has ACKed it (§17.1.1.3).
            foreach (var early in _early.Values.ToArray()) early.SetState(SipDialogState.Terminated);
            _early.Clear();
            if (code == 487 && _cancelRequested)
                End(new SipCallEnd(SipCallEndReason.Cancelled, code), new OperationCanceledException("The call was cancelled."));
            else
                End(new SipCallEnd(SipCallEndReason.Rejected, code), new SipCallFailedException(code, response.ReasonPhrase));
        }

        return false;
    }

    /// <summary>RFC 3261 §8.1.3.5, §22.2: answers a 401/407 to the INVITE with a new INVITE (same Call-ID, From tag
    /// and To, CSeq plus one, new branch) carrying credentials; <see langword="false"/> when it cannot or must not.</summary>
    private bool TryAnswerChallenge(TransactionContext context, SipResponse response)
    {
        // A call the application cancelled is over with the challenge: there is nothing left to retry.
        if (_cancelRequested || _state == SipCallState.Terminated || _target is null) return false;
        _challenges ??= _endpoint.NewChallengeResponder(null);
        if (_challenges is null || !_challenges.TryBuildRetry(context.Request, response, _target.Protocol, out var retry)) return false;

        // RFC 3261 §12.3: the challenge is a non-2xx final response: the first attempt's early dialogs are over.
        foreach (var early in _early.Values.ToArray()) early.SetState(SipDialogState.Terminated);
        _early.Clear();
        RememberInvite(retry);
        _provisionalSeen = false;
        try
        {
            _endpoint.StartClientTransaction(retry, _target, this);
        }
        catch (InvalidOperationException ex)
        {
            retry.Dispose();
            End(new SipCallEnd(SipCallEndReason.TransportError), ex);
        }

        return true;
    }

    /// <summary>Keeps what CANCEL (RFC 3261 §9.1: the INVITE's top Via, From, To and CSeq number) and the ACK for a
    /// 2xx (§13.2.2.4: the INVITE's credentials) repeat from the INVITE last sent.</summary>
    private void RememberInvite(SipRequest invite)
    {
        _inviteCSeq = invite.CSeqNumber;
        _inviteVia = invite.Headers.TryGetFirst("Via", out var via) ? via.Value : null;
        _inviteFrom = invite.Headers.TryGetFirst("From", out var from) ? from.Value : null;
        _inviteTo = invite.Headers.TryGetFirst("To", out var to) ? to.Value : null;
        _inviteCredentials = CredentialLines(invite);
    }

    /// <summary>The Authorization and Proxy-Authorization lines of a request, or <see langword="null"/> for none.</summary>
    private static KeyValuePair<string, string>[]? CredentialLines(SipRequest request)
    {
        List<KeyValuePair<string, string>>? lines = null;
        foreach (var header in request.Headers)
        {
            if (header.HasName("Authorization") || header.HasName("Proxy-Authorization")) (lines ??= []).Add(new(header.Name, header.Value));
        }

        return lines?.ToArray();
    }

    void IClientTransactionUser.OnFailure(TransactionContext context, SipClientFailure failure)
    {
        if (failure == SipClientFailure.Timeout)
            End(new SipCallEnd(SipCallEndReason.Timeout, 408), new SipRequestTimeoutException("The INVITE got no final response (RFC 3261 §8.1.3.1: 408)."));
        else if (failure == SipClientFailure.TransportError)
            End(new SipCallEnd(SipCallEndReason.TransportError, 503), new SipTransportException("The INVITE could not be sent (RFC 3261 §8.1.3.1: 503).", context.LastError ?? new SipTransportException()));
        else
            End(new SipCallEnd(SipCallEndReason.Disposed), new ObjectDisposedException(nameof(SipEndpoint)));
    }

    private void OnProvisional(SipResponse response)
    {
        _provisionalSeen = true;
        if (_state == SipCallState.Terminated) return;
        SetState(SipCallState.Proceeding);

        // RFC 3261 §12.1.2: a provisional response with a To tag creates an early dialog, one per tag (forking).
        if (response.StatusCode > 100 && response.ToTag is { } tag && !_early.ContainsKey(tag) && _dialog is null)
        {
            var early = SipDialogFactory.CreateUac(_endpoint, this, response, _requestUri!, _inviteCSeq, SipDialogState.Early);
            if (_endpoint.TryAddDialog(early)) _early[tag] = early;
        }

        // RFC 3262 §4: a reliable provisional response out of RSeq order is neither acknowledged nor processed.
        if (response.StatusCode > 100 && _endpoint.Options.ReliableProvisionals && !AcknowledgeReliable(response)) return;

        if (response.StatusCode > 100 && (Provisional is not null || _progress is not null))
        {
            var info = new SipProvisionalResponse(response.StatusCode, response.ReasonPhrase, response.Body.ToArray(), response.ContentType?.MediaType, response.ToTag);
            var progress = _progress;
            var handler = Provisional;
            _endpoint.RunHandler(() =>
            {
                progress?.Report(info);
                handler?.Invoke(this, info);
            });
        }

        if (_cancelRequested) SendCancel();
    }

    private void On2xx(SipResponse response)
    {
        var tag = response.ToTag ?? string.Empty;
        if (_dialog is { } confirmed && string.Equals(confirmed.RemoteTag, tag, StringComparison.Ordinal))
        {
            // RFC 3261 §13.2.2.4: a retransmitted 2xx gets the same ACK again.
            if (_ack is not null) SendAck(_ack, confirmed);
            return;
        }

        if (_forks.TryGetValue(tag, out var kept))
        {
            kept.OnForkRetransmission();
            return;
        }

        if (_dialog is not null || _state == SipCallState.Terminated)
        {
            // RFC 3261 §13.2.2.4: a 2xx from another fork after one was accepted is ACKed, then ended with BYE,
            // unless the application asked to keep such calls.
            if (_forkHandler is not null && _dialog is not null && !_cancelRequested) KeepFork(response);
            else AckAndBye(response);
            return;
        }

        // RFC 3261 §13.2.2.4: the 2xx confirms the early dialog with its tag, whose route set is recomputed from
        // the 2xx; a 2xx without an early dialog creates a confirmed one.
        if (_early.Remove(tag, out var early)) _endpoint.RemoveDialog(early);
        foreach (var other in _early.Values.ToArray()) other.SetState(SipDialogState.Terminated);
        _early.Clear();
        var dialog = SipDialogFactory.CreateUac(_endpoint, this, response, _requestUri!, _inviteCSeq, SipDialogState.Confirmed);
        if (!_endpoint.TryAddDialog(dialog))
        {
            AckAndBye(response);
            End(new SipCallEnd(SipCallEndReason.Rejected, 503), new SipCallFailedException("The dialog table is full."));
            return;
        }

        _dialog = dialog;
        SetRemoteBody(response);
        _ack = BuildAck(dialog, _inviteCSeq, _inviteCredentials);
        SendAck(_ack, dialog);
        if (_cancelRequested)
        {
            // The 2xx won the race with our CANCEL (RFC 3261 §9.1): the call exists, so end it with BYE.
            SendBye(SipCallEndReason.Cancelled);
            return;
        }

        SetState(SipCallState.Established);
        _established.TrySetResult();
    }

    /// <summary>The ACK for a 2xx (RFC 3261 §13.2.2.4): built by the UA core, CSeq number of the INVITE, method
    /// ACK, new branch, the dialog's route set, and "the same credentials as the INVITE"; sent without a transaction.</summary>
    private static SipRequest BuildAck(SipDialog dialog, uint inviteCSeq, KeyValuePair<string, string>[]? credentials)
    {
        var builder = dialog.CreateRequestBuilder("ACK", inviteCSeq, dialog.NextHop().Protocol);
        if (credentials is not null)
        {
            foreach (var (name, value) in credentials) builder.AddHeader(name, value);
        }

        return builder.Build();
    }

    private void SendAck(SipRequest ack, SipDialog dialog)
    {
        try
        {
            _ = _endpoint.SendWithoutTransactionAsync(ack, dialog.NextHop());
        }
        catch (SipTransportException)
        {
            // unreachable peer: the UAS will give up and BYE after 64*T1
        }
    }

    private void AckAndBye(SipResponse response)
    {
        SipDialog stray;
        try
        {
            stray = SipDialogFactory.CreateUac(_endpoint, this, response, _requestUri!, _inviteCSeq, SipDialogState.Confirmed);
        }
        catch (SipParseException)
        {
            return;
        }

        var ack = BuildAck(stray, _inviteCSeq, _inviteCredentials);
        var target = stray.NextHop();
        _ = SendAckThenDisposeAsync(ack, target);
        ObserveQuietly(stray.StartRequest("BYE", null, default, null));
    }

    private async Task SendAckThenDisposeAsync(SipRequest ack, SipTransportTarget target)
    {
        await _endpoint.SendWithoutTransactionAsync(ack, target).ConfigureAwait(false);
        ack.Dispose();
    }

    void ISipDialogOwner.OnStray2xx(SipDialog dialog, SipResponse response)
    {
        // RFC 3261 §13.2.2.4: retransmissions of the 2xx after the INVITE transaction ended still get the ACK.
        if (ReferenceEquals(dialog, _dialog) && _ack is not null) SendAck(_ack, dialog);
    }
}
