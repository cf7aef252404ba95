using Microsoft.Extensions.Logging;
using UcStack.Sip;
using UcStack.Sip.Stack;
using UcStack.Sip.UserAgent;

namespace UcStack.C3P;

// The focus dialog: the join INVITE, INFO-carried commands, BYE.
public sealed partial class C3PSipFocusServer
{
    private async Task OnInviteAsync(SipCall call)
    {
        var incoming = call.Invite!;
        if (!C3PAddress.TryParse(incoming.Request.RequestUriText, out var target) || target.Kind != C3PAddressKind.Focus)
        {
            await RefuseAsync(incoming, 404, C3PDiagnosticId.InvalidConferenceUri, "not a focus URI").ConfigureAwait(false);
            return;
        }

        if (await AuthorizeAsync(incoming).ConfigureAwait(false) is not { } caller) return;
        if (await ReadRequestAsync(incoming).ConfigureAwait(false) is not { } request) return;

        // MS-OCER §8.4 3007: the join INVITE carries an addUser (join) request for this focus.
        if (request.Command is not AddUserCommand { Kind: AddUserKind.Join })
        {
            await RefuseAsync(incoming, 400, C3PDiagnosticId.InvalidAddUser, "the INVITE body must be an addUser join").ConfigureAwait(false);
            return;
        }

        if (!C3PAddress.TryParse(request.To, out var to) || to != target)
        {
            await RefuseAsync(incoming, 400, C3PDiagnosticId.BadTo, "the C3P to is not the INVITE's target").ConfigureAwait(false);
            return;
        }

        var contact = incoming.Request.Contacts.Count > 0 ? incoming.Request.Contacts[0].Uri?.ToString() : null;
        var session = new FocusSession(target.ConferenceId!, caller, call, contact);

        // In-dialog requests may follow the 200 at once: take them before answering.
        call.RequestReceived = r => OnInDialogAsync(session, r);
        var response = await _factory.HandleAsync(request, caller).ConfigureAwait(false);
        var body = C3PXml.Write(response);
        if (response.Code != C3PResponseCode.Success)
        {
            // A refused join reaches a UAC only as status and phrase, so the phrase is the C3P reason token; the
            // C3P response rides along as the body for clients that read it.
            var reason = response.Command.Reason ?? "otherFailure";
            var status = C3PSip.StatusFor(response.FailureReason);
            C3PSipLog.Refused(_logger, "INVITE", status, reason);
            await incoming.RespondAsync(status, reason, null, body, C3PNamespaces.CccpContentType).ConfigureAwait(false);
            return;
        }

        if (_sessions.TryGetValue(session.Key, out var old) && !ReferenceEquals(old.Call, call))
        {
            // A second join by the same user replaces the first focus dialog.
            _sessions[session.Key] = session;
            _ = HangUpQuietlyAsync(old.Call);
        }
        else
        {
            _sessions[session.Key] = session;
        }

        await call.AcceptAsync(body, C3PNamespaces.CccpContentType, [new("Supported", "ms-sender")]).ConfigureAwait(false);
        _ = WatchAsync(session);
    }

    /// <summary>BYE (or any end of the focus dialog) leaves the conference.</summary>
    private async Task WatchAsync(FocusSession session)
    {
        await session.Call.Ended.ConfigureAwait(false);
        if (!_sessions.TryRemove(new KeyValuePair<string, FocusSession>(session.Key, session))) return;
        if (await _factory.GetFocusAsync(session.ConferenceId).ConfigureAwait(false) is { } focus) focus.Leave(session.Caller.Uri);
    }

    private async Task OnInDialogAsync(FocusSession session, SipIncomingRequest incoming)
    {
        if (incoming.Request.MethodKind != SipMethodKind.Info)
        {
            // RFC 3261 §14.2: a re-INVITE changing nothing we can offer is refused; other methods are not served here.
            var status = incoming.Request.MethodKind == SipMethodKind.Invite ? 488 : 405;
            await incoming.RespondAsync(status).ConfigureAwait(false);
            return;
        }

        if (await ReadRequestAsync(incoming).ConfigureAwait(false) is not { } request) return;

        // MS-CONFBAS §3.5: the focus accepts the command with 202, executes it, then sends the final C3P response
        // in an INFO of its own in the same dialog.
        await incoming.RespondAsync(202).ConfigureAwait(false);
        var response = await _factory.HandleAsync(request, session.Caller).ConfigureAwait(false);
        try
        {
            using var answer = await session.Call.SendInfoAsync(C3PXml.Write(response), C3PNamespaces.CccpContentType).ConfigureAwait(false);
            if (answer.StatusCode >= 300) C3PSipLog.Refused(_logger, "INFO response", answer.StatusCode, "the client refused the C3P response");
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException or SipRequestTimeoutException or UcStack.Sip.Transport.SipTransportException)
        {
            // E.g. the command ejected the sender and the dialog is gone; nothing else carries the response.
            C3PSipLog.ResponseInfoFailed(_logger, request.RequestId, ex);
        }
    }
}
