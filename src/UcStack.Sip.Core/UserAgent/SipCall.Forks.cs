using UcStack.Sip.Dialogs;
using UcStack.Sip.Stack;

namespace UcStack.Sip.UserAgent;

// RFC 3261 §13.2.2.4: further 2xx responses of a forked INVITE, kept as calls of their own when the application asks.
public sealed partial class SipCall
{
    private readonly Dictionary<string, SipCall> _forks = new(StringComparer.Ordinal);
    private Func<SipCall, Task>? _forkHandler;

    /// <summary>A 2xx from another fork after ours was accepted: ACK it and hand the new session to the
    /// application as an established outgoing call of its own (RFC 3261 §13.2.2.4: "the UAC core ... may
    /// decide to keep" it). Runs on the loop.</summary>
    private void KeepFork(SipResponse response)
    {
        var tag = response.ToTag ?? string.Empty;
        var fork = new SipCall(_endpoint, isIncoming: false, SipCallState.Established)
        {
            CallId = CallId,
            _target = _target,
            _requestUri = _requestUri,
            _inviteCSeq = _inviteCSeq,
            _inviteCredentials = _inviteCredentials,
        };
        SipDialog dialog;
        try
        {
            dialog = SipDialogFactory.CreateUac(_endpoint, fork, response, _requestUri!, _inviteCSeq, SipDialogState.Confirmed);
        }
        catch (SipParseException)
        {
            return;
        }

        if (!_endpoint.TryAddDialog(dialog))
        {
            AckAndBye(response);
            return;
        }

        fork._dialog = dialog;
        fork.SetRemoteBody(response);
        fork._ack = BuildAck(dialog, _inviteCSeq, _inviteCredentials);
        fork.SendAck(fork._ack, dialog);
        fork._established.TrySetResult();
        _forks[tag] = fork;
        var handler = _forkHandler!;
        _endpoint.StartHandler(async () =>
        {
            try
            {
                await handler(fork).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The application could not take the call: end it rather than leave a session nobody owns.
                _endpoint.Post(() => fork.SendBye(SipCallEndReason.LocalHangUp));
                throw;
            }
        });
    }

    /// <summary>RFC 3261 §13.2.2.4: a retransmission of a kept fork's 2xx gets that call's ACK again.</summary>
    private void OnForkRetransmission()
    {
        if (_dialog is { } dialog && _ack is not null) SendAck(_ack, dialog);
    }
}
