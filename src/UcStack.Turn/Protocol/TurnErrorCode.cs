namespace UcStack.Turn.Protocol;

/// <summary>ERROR-CODE values TURN servers return (RFC 8489 §14.8, RFC 8656 §19, RFC 6062 §6.3).</summary>
public enum TurnErrorCode
{
    /// <summary>400 Bad Request: malformed request, or a ChannelBind with a bad number or conflicting binding.</summary>
    BadRequest = 400,

    /// <summary>401 Unauthenticated: credentials missing or wrong (the long-term challenge).</summary>
    Unauthenticated = 401,

    /// <summary>403 Forbidden: the server refuses, e.g. a peer address the operator excludes.</summary>
    Forbidden = 403,

    /// <summary>420 Unknown Attribute: a comprehension-required attribute the server does not know.</summary>
    UnknownAttribute = 420,

    /// <summary>437 Allocation Mismatch: Allocate on a 5-tuple that has one, or another request without one.</summary>
    AllocationMismatch = 437,

    /// <summary>438 Stale Nonce: retry with the NONCE of this response.</summary>
    StaleNonce = 438,

    /// <summary>440 Address Family not Supported.</summary>
    AddressFamilyNotSupported = 440,

    /// <summary>441 Wrong Credentials: a request on the allocation used other credentials than the Allocate.</summary>
    WrongCredentials = 441,

    /// <summary>442 Unsupported Transport Protocol.</summary>
    UnsupportedTransportProtocol = 442,

    /// <summary>443 Peer Address Family Mismatch.</summary>
    PeerAddressFamilyMismatch = 443,

    /// <summary>446 Connection Already Exists (RFC 6062 §6.3).</summary>
    ConnectionAlreadyExists = 446,

    /// <summary>447 Connection Timeout or Failure (RFC 6062 §6.3).</summary>
    ConnectionTimeoutOrFailure = 447,

    /// <summary>486 Allocation Quota Reached.</summary>
    AllocationQuotaReached = 486,

    /// <summary>500 Server Error.</summary>
    ServerError = 500,

    /// <summary>508 Insufficient Capacity: no relay address, port or reservation available.</summary>
    InsufficientCapacity = 508,
}
