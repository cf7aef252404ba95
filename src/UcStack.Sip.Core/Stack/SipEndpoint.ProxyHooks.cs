namespace UcStack.Sip.Stack;

// Hooks for a proxy core on this endpoint (RFC 3261 §16): requests that belong to other UAs' dialogs pass through.
public sealed partial class SipEndpoint
{
    /// <summary>Takes (on the loop) an in-dialog request that matches none of this endpoint's dialogs before it
    /// would be answered 481; returns <see langword="true"/> when it took the request.</summary>
    internal Func<SipIncomingRequest, bool>? ForeignDialogRequest { get; set; }

    /// <summary>Sees (on the loop) an ACK that matches no transaction and none of this endpoint's dialogs (an
    /// ACK for a 2xx another UA sent, RFC 3261 §16.6); the message is disposed after the call.</summary>
    internal Action<SipRequest>? ForeignAck { get; set; }
}
