namespace UcStack.Sip.Dialogs;

/// <summary>The states of a dialog (RFC 3261 §12).</summary>
public enum SipDialogState
{
    /// <summary>Created by a provisional response with a To tag (RFC 3261 §12.1).</summary>
    Early,

    /// <summary>Created or confirmed by a 2xx.</summary>
    Confirmed,

    /// <summary>Ended: BYE, a non-2xx final response to the INVITE of an early dialog, or a timeout.</summary>
    Terminated,
}
