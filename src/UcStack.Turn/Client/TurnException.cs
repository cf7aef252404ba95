namespace UcStack.Turn.Client;

/// <summary>A TURN request failed: the server answered with an error response, or the answer was unusable.</summary>
public sealed class TurnException : Exception
{
    /// <summary>Creates an exception without an error code.</summary>
    public TurnException()
    {
    }

    /// <summary>Creates an exception without an error code.</summary>
    /// <param name="message">What failed.</param>
    public TurnException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception wrapping another.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public TurnException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for an error response.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="errorCode">The ERROR-CODE value (300–699).</param>
    /// <param name="reason">The reason phrase the server gave.</param>
    public TurnException(string message, int errorCode, string reason)
        : base(message)
    {
        ErrorCode = errorCode;
        Reason = reason;
    }

    /// <summary>The server's ERROR-CODE (e.g. 486 for <see cref="Protocol.TurnErrorCode.AllocationQuotaReached"/>), or 0 when there was no error response.</summary>
    public int ErrorCode { get; }

    /// <summary>The reason phrase of the error response, empty when there was none.</summary>
    public string Reason { get; } = string.Empty;
}
