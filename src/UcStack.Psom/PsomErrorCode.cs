namespace UcStack.Psom;

/// <summary>Error codes carried in Nack, Result and Bye messages (docs/psom-protocol.md §8).</summary>
public enum PsomErrorCode
{
    /// <summary>No error (Result success, Bye normal close).</summary>
    None = 0,

    /// <summary>The peer broke the protocol (malformed frame, bad sequence, unexpected message).</summary>
    ProtocolError = 1,

    /// <summary>No protocol version in common.</summary>
    UnsupportedVersion = 2,

    /// <summary>The admission token was missing, forged, expired or for another conference, user or role.</summary>
    AdmissionDenied = 3,

    /// <summary>The object does not exist.</summary>
    NotFound = 4,

    /// <summary>The base version was stale; the Nack carries the current state.</summary>
    Conflict = 5,

    /// <summary>The session's role may not do this to this object.</summary>
    Forbidden = 6,

    /// <summary>A field had a value the server does not accept (unknown type, root delete, cycle).</summary>
    InvalidArgument = 7,

    /// <summary>A size or count limit was exceeded.</summary>
    LimitExceeded = 8,

    /// <summary>An invocation got no result in time.</summary>
    Timeout = 9,

    /// <summary>No such method on the target object.</summary>
    MethodNotFound = 10,

    /// <summary>The method ran and failed.</summary>
    MethodFailed = 11,

    /// <summary>The persistent store refused the change; nothing was committed.</summary>
    StoreFailed = 12,

    /// <summary>The session's send queue overflowed; the server dropped it.</summary>
    SlowConsumer = 13,

    /// <summary>Nothing was received within the idle timeout.</summary>
    IdleTimeout = 14,

    /// <summary>The server is shutting down.</summary>
    ServerShutdown = 15,

    /// <summary>The message is valid but not allowed in the session's current state.</summary>
    InvalidState = 16,
}
