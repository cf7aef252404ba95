namespace UcStack.Stun;

/// <summary>Why a STUN client transaction failed (see <see cref="StunTransactionException"/>).</summary>
public enum StunTransactionFailure
{
    /// <summary>No acceptable response arrived in time (RFC 8489 §6.2.1 Rc/Rm over UDP, §6.2.2 Ti over TCP).</summary>
    Timeout,

    /// <summary>The transport failed to send, or the connection closed, before a response arrived.</summary>
    TransportError,

    /// <summary>The server answered with an error response; <see cref="StunTransactionException.ErrorCode"/> says which.</summary>
    ErrorResponse,

    /// <summary>
    /// The response cannot be used: it carried unknown comprehension-required attributes (RFC 8489 §6.3.3,
    /// §6.3.4), failed its integrity check over a reliable transport (RFC 8489 §9.1.4), or lacked what the
    /// request asked for.
    /// </summary>
    InvalidResponse,
}
