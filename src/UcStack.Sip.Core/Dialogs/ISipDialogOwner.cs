using UcStack.Sip.Stack;

namespace UcStack.Sip.Dialogs;

/// <summary>What uses a dialog (an INVITE session, a subscription); every call comes from the endpoint's loop.</summary>
internal interface ISipDialogOwner
{
    /// <summary>An in-dialog request other than ACK and CANCEL passed the dialog's checks.</summary>
    void OnRequest(SipDialog dialog, SipIncomingRequest request);

    /// <summary>An ACK for a 2xx arrived (RFC 3261 §13.3.1.4).</summary>
    void OnAck(SipDialog dialog, SipRequest ack);

    /// <summary>A 2xx to the dialog's INVITE arrived after its transaction was gone.</summary>
    void OnStray2xx(SipDialog dialog, SipResponse response);

    /// <summary>The dialog moved to <see cref="SipDialogState.Terminated"/> (for whatever reason).</summary>
    void OnDialogTerminated(SipDialog dialog);

    /// <summary>The endpoint shuts down: cancel timers.</summary>
    void OnShutdown(SipDialog dialog);
}
