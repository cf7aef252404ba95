namespace UcStack.Sip.UserAgent;

/// <summary>The states of a <see cref="SipCall"/>.</summary>
public enum SipCallState
{
    /// <summary>Outgoing: INVITE sent, no provisional response yet.</summary>
    Calling,

    /// <summary>Outgoing: a provisional response arrived (possibly with early dialogs).</summary>
    Proceeding,

    /// <summary>Incoming: INVITE received, not answered with a final response yet.</summary>
    Incoming,

    /// <summary>A 2xx was sent or received: the dialog is confirmed.</summary>
    Established,

    /// <summary>The call is over; see <see cref="SipCall.Ended"/> for why.</summary>
    Terminated,
}

/// <summary>Why a call ended.</summary>
public enum SipCallEndReason
{
    /// <summary>This side sent BYE.</summary>
    LocalHangUp,

    /// <summary>The peer sent BYE.</summary>
    RemoteHangUp,

    /// <summary>The INVITE got a non-2xx final response (outgoing) or was rejected (incoming).</summary>
    Rejected,

    /// <summary>The INVITE was cancelled (RFC 3261 §9).</summary>
    Cancelled,

    /// <summary>The INVITE got no final response (timer B, RFC 3261 §8.1.3.1: as if 408).</summary>
    Timeout,

    /// <summary>The transport could not send (RFC 3261 §8.1.3.1: as if 503).</summary>
    TransportError,

    /// <summary>The 2xx was never acknowledged within 64*T1 (RFC 3261 §13.3.1.4); BYE was sent.</summary>
    AckTimeout,

    /// <summary>An in-dialog request got 481 or 408, or timed out (RFC 3261 §12.2.1.2).</summary>
    DialogLost,

    /// <summary>The endpoint was disposed.</summary>
    Disposed,
}

/// <summary>How a call ended.</summary>
/// <param name="Reason">Why.</param>
/// <param name="StatusCode">The final status code involved (e.g. 486 for a rejected call), when there is one.</param>
public readonly record struct SipCallEnd(SipCallEndReason Reason, int? StatusCode = null);

/// <summary>A provisional response to an outgoing INVITE.</summary>
/// <param name="StatusCode">101–199 (100 Trying is not reported).</param>
/// <param name="ReasonPhrase">The reason phrase.</param>
/// <param name="Body">The body (an early answer, copied).</param>
/// <param name="ContentType">The body's media type, or <see langword="null"/>.</param>
/// <param name="RemoteTag">The To tag (identifies the early dialog), or <see langword="null"/>.</param>
public sealed record SipProvisionalResponse(int StatusCode, string ReasonPhrase, ReadOnlyMemory<byte> Body, string? ContentType, string? RemoteTag);

/// <summary>Progress of a REFER as the peer reported it in a NOTIFY with a <c>message/sipfrag</c> body (RFC 3515 §2.4.5).</summary>
/// <param name="StatusCode">The status code of the sipfrag status line.</param>
/// <param name="StatusLine">The whole sipfrag status line.</param>
/// <param name="IsFinal">Whether the implicit subscription ended (Subscription-State: terminated).</param>
public sealed record SipReferProgress(int StatusCode, string StatusLine, bool IsFinal);

/// <summary>An outgoing INVITE ended with a non-2xx final response, or the peer refused our BYE
/// (<see cref="SipCall.HangUpAsync"/>).</summary>
public sealed class SipCallFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SipCallFailedException() : base("The call failed.") { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public SipCallFailedException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public SipCallFailedException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception for a final response.</summary>
    /// <param name="statusCode">The status code.</param>
    /// <param name="reasonPhrase">The reason phrase.</param>
    public SipCallFailedException(int statusCode, string reasonPhrase)
        : base(string.Concat("The call failed: ", statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), " ", reasonPhrase))
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
    }

    /// <summary>The final status code (300–699), 0 when not built from a response.</summary>
    public int StatusCode { get; }

    /// <summary>The reason phrase.</summary>
    public string? ReasonPhrase { get; }
}
