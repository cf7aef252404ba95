namespace UcStack.Psom;

/// <summary>
/// The server (or, for callbacks, the client) refused or failed an operation: a Nack, a failed Result, a
/// timeout, or the session closing while the operation was pending.
/// </summary>
public sealed class PsomOperationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">The error code.</param>
    /// <param name="detail">The peer's detail text.</param>
    /// <param name="current">For <see cref="PsomErrorCode.Conflict"/>, the object's current state.</param>
    public PsomOperationException(PsomErrorCode code, string detail, PsomObject? current = null)
        : base($"Psom operation failed: {code}" + (string.IsNullOrEmpty(detail) ? string.Empty : ": " + detail))
    {
        Code = code;
        Detail = detail;
        Current = current;
    }

    /// <summary>Creates the exception.</summary>
    public PsomOperationException()
        : this(PsomErrorCode.MethodFailed, string.Empty)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The detail.</param>
    public PsomOperationException(string message)
        : this(PsomErrorCode.MethodFailed, message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The detail.</param>
    /// <param name="innerException">The cause.</param>
    public PsomOperationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = PsomErrorCode.MethodFailed;
        Detail = message;
    }

    /// <summary>The error code.</summary>
    public PsomErrorCode Code { get; }

    /// <summary>The detail text from the peer.</summary>
    public string Detail { get; } = string.Empty;

    /// <summary>The current object state that came with a conflict, if any.</summary>
    public PsomObject? Current { get; }
}
