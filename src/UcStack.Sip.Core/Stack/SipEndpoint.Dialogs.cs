using UcStack.Sip.Dialogs;

namespace UcStack.Sip.Stack;

// The dialog table and the routing of in-dialog requests, ACKs and stray 2xx responses (RFC 3261 §12, §13).
public sealed partial class SipEndpoint
{
    private readonly Dictionary<string, SipDialog> _dialogs = new(StringComparer.Ordinal);

    /// <summary>How many early and confirmed dialogs exist (a snapshot, read on the loop).</summary>
    /// <returns>The count.</returns>
    /// <exception cref="ObjectDisposedException">The endpoint was disposed.</exception>
    public Task<int> GetDialogCountAsync() => InvokeAsync(() => _dialogs.Count);

    /// <summary>How many transactions exist, including those still waiting in timers D, I, J, K, L or M.</summary>
    /// <returns>The count.</returns>
    /// <exception cref="ObjectDisposedException">The endpoint was disposed.</exception>
    public Task<int> GetTransactionCountAsync() => InvokeAsync(() => _transactions.Count);

    internal bool TryAddDialog(SipDialog dialog)
    {
        if (_dialogs.Count >= Options.MaxDialogs)
        {
            Log.DialogTableFull(_logger, Options.MaxDialogs);
            return false;
        }

        if (!_dialogs.TryAdd(dialog.Key, dialog)) return false;
        _metrics.DialogCreated();
        Log.DialogState(_logger, dialog.CallId, dialog.State.ToString());
        return true;
    }

    internal void RemoveDialog(SipDialog dialog)
    {
        if (_dialogs.TryGetValue(dialog.Key, out var held) && ReferenceEquals(held, dialog))
        {
            _dialogs.Remove(dialog.Key);
            _metrics.DialogEnded();
        }
    }

    internal SipDialog? FindDialog(string callId, string? localTag, string? remoteTag) =>
        localTag is null || remoteTag is null ? null : _dialogs.GetValueOrDefault(SipDialog.MakeKey(callId, localTag, remoteTag));

    internal void LogAckTimeout(string callId) => Log.AckTimeout(_logger, callId);

    internal void LogNoNotify(string callId) => Log.NoNotify(_logger, callId);

    internal void OnDialogStateChanged(SipDialog dialog, SipDialogState state) => Log.DialogState(_logger, dialog.CallId, state.ToString());

    /// <summary>Subscriptions whose SUBSCRIBE is unanswered, by Call-ID and our From tag: a NOTIFY may arrive
    /// before the 2xx and then creates the dialog (RFC 6665 §4.1.2.4).</summary>
    private readonly Dictionary<string, Func<SipIncomingRequest, SipDialog?>> _pendingSubscriptions = new(StringComparer.Ordinal);

    internal void SetPendingSubscription(string callId, string localTag, Func<SipIncomingRequest, SipDialog?>? onNotify)
    {
        var key = string.Concat(callId, "\n", localTag);
        if (onNotify is null) _pendingSubscriptions.Remove(key);
        else _pendingSubscriptions[key] = onNotify;
    }

    private void OnInDialogRequest(SipIncomingRequest incoming)
    {
        var request = incoming.Request;
        var dialog = FindDialog(request.CallId, request.ToTag, request.FromTag);
        if (dialog is null && request.MethodKind == SipMethodKind.Notify
            && _pendingSubscriptions.TryGetValue(string.Concat(request.CallId, "\n", request.ToTag), out var onNotify))
        {
            dialog = onNotify(incoming);
        }

        if (dialog is null && ForeignDialogRequest?.Invoke(incoming) == true) return;
        if (dialog is null || dialog.State == SipDialogState.Terminated)
        {
            // RFC 3261 §12.2.2: a request with a To tag that matches no dialog gets 481.
            Log.NoDialog(_logger, request.Method);
            incoming.RespondInLoop(481, null, null, default, null);
            return;
        }

        // RFC 3261 §12.2.2: a CSeq lower than the remote sequence number is out of order: 500.
        if (dialog.RemoteSequence is { } last && request.CSeqNumber < last)
        {
            Log.CSeqOutOfOrder(_logger, request.Method, request.CSeqNumber, last);
            incoming.RespondInLoop(500, "Out of Order CSeq", null, default, null);
            return;
        }

        dialog.RemoteSequence = request.CSeqNumber;
        incoming.Dialog = dialog;
        dialog.Owner.OnRequest(dialog, incoming);
    }

    private void OnAckForDialog(SipRequest ack)
    {
        var dialog = FindDialog(ack.CallId, ack.ToTag, ack.FromTag);
        if (dialog is null)
        {
            if (ForeignAck is { } foreign)
            {
                foreign(ack);
                return;
            }

            Log.AckWithoutDialog(_logger, ack.CallId);
            return;
        }

        dialog.Owner.OnAck(dialog, ack);
    }

    private void OnStray2xx(SipResponse response)
    {
        // Our dialog: local tag is the From tag, remote tag the To tag.
        var dialog = FindDialog(response.CallId, response.FromTag, response.ToTag);
        if (dialog is null)
        {
            Log.StrayResponse(_logger, response.StatusCode, response.CSeqMethod);
            return;
        }

        dialog.Owner.OnStray2xx(dialog, response);
    }

    private void ShutDownDialogs()
    {
        foreach (var dialog in _dialogs.Values.ToArray())
        {
            dialog.Owner.OnShutdown(dialog);
            dialog.SetState(SipDialogState.Terminated);
        }

        _dialogs.Clear();
    }
}
