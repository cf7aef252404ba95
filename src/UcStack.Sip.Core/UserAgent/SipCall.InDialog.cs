using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using UcStack.Sip.Dialogs;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;

namespace UcStack.Sip.UserAgent;

// Requests inside the call's dialog: BYE, re-INVITE with glare handling (RFC 3261 §14), UPDATE (RFC 3311),
// INFO, MESSAGE, REFER with its implicit subscription (RFC 3515).
public sealed partial class SipCall
{
    private ReInvite? _outgoingReInvite;
    private SipIncomingRequest? _incomingReInvite;
    private LoopTimer? _glareTimer;

    /// <summary>Sends a re-INVITE with a new offer (RFC 3261 §14.1). On 491 (glare) it is retried after the
    /// randomized wait of §14.1 with a new CSeq; the task then completes with the final response of the retry.
    /// A 2xx is ACKed and updates the remote target and <see cref="RemoteBody"/>; another final response leaves
    /// the session as it was. The caller owns the returned response.</summary>
    /// <param name="body">The offer (copied).</param>
    /// <param name="contentType">Its media type, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops waiting (the re-INVITE runs on).</param>
    /// <returns>The final response.</returns>
    /// <exception cref="InvalidOperationException">The call is not established, or a re-INVITE is in progress
    /// (RFC 3261 §14.1 forbids a second one).</exception>
    /// <exception cref="SipRequestTimeoutException">No final response; the dialog is ended (§12.2.1.2).</exception>
    /// <exception cref="SipTransportException">The transport failed.</exception>
    /// <exception cref="ObjectDisposedException">The endpoint was disposed.</exception>
    public Task<SipResponse> ReInviteAsync(ReadOnlyMemory<byte> body, string? contentType, CancellationToken cancellationToken = default)
    {
        var op = new ReInvite(this, body.ToArray(), contentType);
        return _endpoint.InvokeAsync(() =>
        {
            if (_state != SipCallState.Established || _dialog is null) throw new InvalidOperationException("The call is not established.");
            if (_outgoingReInvite is not null || _pending2xx is not null)
                throw new InvalidOperationException("A re-INVITE is in progress (RFC 3261 §14.1).");
            _outgoingReInvite = op;
            op.Send();
            return true;
        }).ContinueWith(t => t.IsFaulted ? Task.FromException<SipResponse>(t.Exception!.InnerException!) : op.Result, TaskScheduler.Default)
            .Unwrap().WaitAsync(cancellationToken);
    }

    /// <summary>Sends UPDATE (RFC 3311) with an offer, or none; a 2xx refreshes the remote target.</summary>
    /// <param name="body">The offer (copied), empty for none.</param>
    /// <param name="contentType">Its media type, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The final response (the caller owns it).</returns>
    /// <exception cref="InvalidOperationException">There is no dialog yet.</exception>
    /// <exception cref="SipRequestTimeoutException">No final response.</exception>
    /// <exception cref="SipTransportException">The transport failed.</exception>
    public Task<SipResponse> UpdateAsync(ReadOnlyMemory<byte> body = default, string? contentType = null, CancellationToken cancellationToken = default) =>
        RequireDialog().SendRequestAsync("UPDATE", null, body, contentType, cancellationToken);

    /// <summary>Sends INFO (RFC 6086) with a body.</summary>
    /// <param name="body">The body (copied).</param>
    /// <param name="contentType">Its media type.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The final response (the caller owns it).</returns>
    /// <exception cref="InvalidOperationException">There is no dialog yet.</exception>
    /// <exception cref="SipRequestTimeoutException">No final response.</exception>
    /// <exception cref="SipTransportException">The transport failed.</exception>
    public Task<SipResponse> SendInfoAsync(ReadOnlyMemory<byte> body, string? contentType, CancellationToken cancellationToken = default) =>
        RequireDialog().SendRequestAsync("INFO", null, body, contentType, cancellationToken);

    /// <summary>Asks the peer to send a request to <paramref name="referTo"/> (REFER, RFC 3515). Its progress
    /// arrives through <see cref="ReferProgress"/>.</summary>
    /// <param name="referTo">The URI the peer should contact.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The final response to the REFER (202 when accepted; the caller owns it).</returns>
    /// <exception cref="InvalidOperationException">There is no dialog yet.</exception>
    /// <exception cref="ArgumentException"><paramref name="referTo"/> cannot be carried in a header.</exception>
    /// <exception cref="SipRequestTimeoutException">No final response.</exception>
    /// <exception cref="SipTransportException">The transport failed.</exception>
    public Task<SipResponse> ReferAsync(string referTo, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(referTo);
        return RequireDialog().SendRequestAsync("REFER", [new("Refer-To", string.Concat("<", referTo, ">"))], default, null, cancellationToken);
    }

    /// <summary>Reports the progress of a REFER we accepted: a NOTIFY with a <c>message/sipfrag</c> status line
    /// (RFC 3515 §2.4.4). The first NOTIFY (100 Trying) is sent by the stack when the REFER is answered 2xx; a
    /// final status (200–699) ends the implicit subscription.</summary>
    /// <param name="statusCode">The status of the referred request (100–699).</param>
    /// <param name="reasonPhrase">Its reason phrase, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The response to the NOTIFY (the caller owns it).</returns>
    /// <exception cref="InvalidOperationException">There is no dialog yet.</exception>
    /// <exception cref="SipRequestTimeoutException">No final response.</exception>
    /// <exception cref="SipTransportException">The transport failed.</exception>
    public Task<SipResponse> NotifyReferProgressAsync(int statusCode, string? reasonPhrase = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 699);
        var (headers, body) = ReferNotify(statusCode, reasonPhrase);
        return RequireDialog().SendRequestAsync("NOTIFY", headers, body, "message/sipfrag;version=2.0", cancellationToken);
    }

    private static (KeyValuePair<string, string>[] Headers, byte[] Body) ReferNotify(int statusCode, string? reasonPhrase)
    {
        // RFC 3515 §2.4.5: the body is a sipfrag of the status line; the final one terminates the subscription.
        var state = statusCode >= 200 ? "terminated;reason=noresource" : "active;expires=60";
        var line = string.Concat("SIP/2.0 ", statusCode.ToString(CultureInfo.InvariantCulture), " ", reasonPhrase ?? SipReasonPhrases.Get(statusCode), "\r\n");
        return ([new("Event", "refer"), new("Subscription-State", state)], Encoding.UTF8.GetBytes(line));
    }

    private SipDialog RequireDialog() => _dialog ?? throw new InvalidOperationException("The call has no dialog yet.");

    void ISipDialogOwner.OnRequest(SipDialog dialog, SipIncomingRequest request)
    {
        var message = request.Request;
        switch (message.MethodKind)
        {
            case SipMethodKind.Bye:
                // RFC 3261 §15.1.2: answer 200 and end the session; an unanswered INVITE gets 487.
                request.RespondInLoop(200, null, null, default, null);
                if (_incomingInvite is { HasFinalResponse: false } invite) invite.RespondInLoop(487, null, null, default, null);
                _hangingUp = true;
                End(new SipCallEnd(SipCallEndReason.RemoteHangUp));
                return;
            case SipMethodKind.Invite:
                OnReInvite(dialog, request);
                return;
            case SipMethodKind.Prack:
                OnPrack(request);
                return;
            case SipMethodKind.Update:
                // RFC 3311 §5.2: UPDATE is a target refresh.
                dialog.RefreshTarget(message);
                break;
            case SipMethodKind.Notify when IsReferEvent(message):
                OnReferNotify(request);
                return;
            case SipMethodKind.Refer:
                request.ResponseObserver = response =>
                {
                    // RFC 3515 §2.4.4: accepting a REFER sends an immediate NOTIFY with 100 Trying.
                    if (response.StatusCode is >= 200 and < 300) _endpoint.Post(() => SendReferTrying(dialog));
                };
                break;
        }

        Dispatch(request);
    }

    private static void SendReferTrying(SipDialog dialog)
    {
        if (dialog.State == SipDialogState.Terminated) return;
        var (headers, body) = ReferNotify(100, null);
        ObserveQuietly(dialog.StartRequest("NOTIFY", headers, body, "message/sipfrag;version=2.0"));
    }

    private void OnReInvite(SipDialog dialog, SipIncomingRequest request)
    {
        // RFC 3261 §14.2: a re-INVITE while ours is pending is glare: 491. One while an earlier one of the
        // peer's is unanswered (or its 2xx unacknowledged) gets 500 with a random Retry-After of 0–10 s.
        if (_outgoingReInvite is { WaitingForRetry: false })
        {
            request.RespondInLoop(491, null, null, default, null);
            return;
        }

        if (_incomingReInvite is { HasFinalResponse: false } || _pending2xx is not null)
        {
            var retry = RandomNumberGenerator.GetInt32(0, 11).ToString(CultureInfo.InvariantCulture);
            request.RespondInLoop(500, null, [new("Retry-After", retry)], default, null);
            return;
        }

        // RFC 3261 §12.2.2: a target refresh replaces the remote target with its Contact.
        dialog.RefreshTarget(request.Request);
        _incomingReInvite = request;
        var cseq = request.Request.CSeqNumber;
        var offer = request.Request;
        request.ResponseObserver = response =>
        {
            if (response.StatusCode is < 200 or >= 300) return;
            SetRemoteBody(offer);
            Start2xxRetransmission(response, cseq, request.Flow, initial: false);
        };
        Dispatch(request);
    }

    private static bool IsReferEvent(SipMessage message) =>
        message.Headers.TryGetFirst("Event", out var header)
        && header.Value.AsSpan().TrimStart().StartsWith("refer", StringComparison.OrdinalIgnoreCase);

    private void OnReferNotify(SipIncomingRequest request)
    {
        var message = request.Request;
        var body = Encoding.UTF8.GetString(message.Body.Span);
        var end = body.IndexOf('\r', StringComparison.Ordinal);
        var line = end < 0 ? body.Trim() : body[..end];

        // RFC 3515 §2.4.5: the body is a message/sipfrag whose first line is a Status-Line.
        if (!line.StartsWith("SIP/2.0 ", StringComparison.Ordinal) || line.Length < 11
            || !int.TryParse(line.AsSpan(8, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            request.RespondInLoop(400, "Bad sipfrag", null, default, null);
            return;
        }

        var final = message.Headers.TryGetFirst("Subscription-State", out var state)
            && state.Value.AsSpan().TrimStart().StartsWith("terminated", StringComparison.OrdinalIgnoreCase);
        request.RespondInLoop(200, null, null, default, null);
        if (ReferProgress is { } handler)
        {
            var progress = new SipReferProgress(code, line, final);
            _endpoint.RunHandler(() => handler(this, progress));
        }
    }

    /// <summary>Hands an in-dialog request to <see cref="RequestReceived"/>, or answers it by default.</summary>
    private void Dispatch(SipIncomingRequest request)
    {
        var handler = RequestReceived;
        if (handler is not null)
        {
            _endpoint.StartHandler(async () =>
            {
                try
                {
                    await handler(request).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    if (!request.HasFinalResponse) ObserveQuietly(request.RespondAsync(500));
                }
            });
            return;
        }

        var message = request.Request;
        var code = message.MethodKind switch
        {
            SipMethodKind.Info or SipMethodKind.Message or SipMethodKind.Options => 200,
            SipMethodKind.Update => message.Body.IsEmpty ? 200 : 488,
            SipMethodKind.Invite => 488,
            SipMethodKind.Notify => 489,
            SipMethodKind.Refer => 603,
            _ => 405,
        };
        request.RespondInLoop(code, null, code == 405 ? [new("Allow", SipEndpoint.AllowedMethods)] : null, default, null);
    }

    /// <summary>One re-INVITE of ours (retried after 491) as the client transaction's user.</summary>
    private sealed class ReInvite(SipCall call, byte[] body, string? contentType) : IClientTransactionUser
    {
        private readonly TaskCompletionSource<SipResponse> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private uint _cseq;
        private SipRequest? _ack;
        private bool _answered;
        private KeyValuePair<string, string>[]? _credentials;
        private SipChallengeResponder? _challenges;

        public Task<SipResponse> Result => _done.Task;

        /// <summary>Between a 491 and the retry no INVITE transaction of ours exists, so the peer's re-INVITE
        /// is not glare and is served.</summary>
        public bool WaitingForRetry { get; private set; }

        public void Send()
        {
            var dialog = call._dialog!;
            SipTransportTarget target;
            SipRequest invite;
            try
            {
                target = dialog.NextHop();
                var builder = dialog.CreateRequestBuilder("INVITE", null, target.Protocol);
                if (body.Length > 0 || contentType is not null) builder.SetBody(body, contentType);
                invite = builder.Build();
            }
            catch (SipTransportException ex)
            {
                Finish(ex);
                return;
            }

            _cseq = invite.CSeqNumber;
            _credentials = null;
            _answered = false;
            WaitingForRetry = false;
            try
            {
                call._endpoint.StartClientTransaction(invite, target, this);
            }
            catch (InvalidOperationException ex)
            {
                invite.Dispose();
                Finish(ex);
            }
        }

        public bool OnResponse(TransactionContext context, SipResponse response)
        {
            var code = response.StatusCode;
            var dialog = call._dialog;
            if (code < 200 || dialog is null) return false;
            if (code is 401 or 407 && !_answered && TryAnswerChallenge(context, response, dialog)) return false;
            if (code < 300)
            {
                if (_answered)
                {
                    // RFC 3261 §13.2.2.4: a retransmitted 2xx gets the ACK again.
                    if (_ack is not null) call.SendAck(_ack, dialog);
                    return false;
                }

                // RFC 3261 §12.2.1.2: a 2xx to a target refresh replaces the remote target with its Contact.
                _answered = true;
                dialog.RefreshTarget(response);
                call.SetRemoteBody(response);
                _ack?.Dispose();
                _ack = BuildAck(dialog, _cseq, _credentials);
                call.SendAck(_ack, dialog);
                call._outgoingReInvite = null;
                return _done.TrySetResult(response);
            }

            if (code == 491 && !_answered)
            {
                // RFC 3261 §14.1: glare. Retry after 2.1–4 s if we own the Call-ID (we were the dialog's UAC),
                // otherwise after 0–2 s, in units of 10 ms.
                WaitingForRetry = true;
                var wait = dialog.IsUac ? RandomNumberGenerator.GetInt32(210, 401) : RandomNumberGenerator.GetInt32(0, 201);
                call._glareTimer?.Cancel();
                call._glareTimer = new LoopTimer(call._endpoint, () =>
                {
                    if (call._state == SipCallState.Established && ReferenceEquals(call._outgoingReInvite, this)) Send();
                    else Finish(new InvalidOperationException("The call ended before the re-INVITE could be retried."));
                });
                call._glareTimer.Arm(TimeSpan.FromMilliseconds(wait * 10));
                return false;
            }

            // RFC 3261 §14.1: any other final response leaves the session as it was; §12.2.1.2: 481 and 408
            // end the dialog.
            call._outgoingReInvite = null;
            if (code is 481 or 408) dialog.SetState(SipDialogState.Terminated);
            return _done.TrySetResult(response);
        }

        /// <summary>RFC 3261 §22.2: a challenged re-INVITE goes again with credentials and the dialog's next CSeq.</summary>
        private bool TryAnswerChallenge(TransactionContext context, SipResponse response, SipDialog dialog)
        {
            if (context.Target is not { } target) return false;
            _challenges ??= call._endpoint.NewChallengeResponder(() => ++dialog.LocalSequence);
            if (_challenges is null || !_challenges.TryBuildRetry(context.Request, response, target.Protocol, out var retry)) return false;
            _cseq = retry.CSeqNumber;
            _credentials = CredentialLines(retry);
            try
            {
                call._endpoint.StartClientTransaction(retry, target, this);
                return true;
            }
            catch (InvalidOperationException)
            {
                retry.Dispose();
                return false;
            }
        }

        public void OnFailure(TransactionContext context, SipClientFailure failure)
        {
            call._outgoingReInvite = null;
            if (failure == SipClientFailure.Timeout)
            {
                call._dialog?.SetState(SipDialogState.Terminated);
                Finish(new SipRequestTimeoutException("The re-INVITE got no final response; the dialog is ended (RFC 3261 §12.2.1.2)."));
            }
            else
            {
                Finish(failure == SipClientFailure.TransportError
                    ? new SipTransportException("The re-INVITE could not be sent.", context.LastError ?? new SipTransportException())
                    : new ObjectDisposedException(nameof(SipEndpoint)));
            }
        }

        private void Finish(Exception error)
        {
            if (ReferenceEquals(call._outgoingReInvite, this)) call._outgoingReInvite = null;
            _done.TrySetException(error);
        }
    }
}
