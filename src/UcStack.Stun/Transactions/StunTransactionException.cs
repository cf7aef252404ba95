namespace UcStack.Stun;

/// <summary>A STUN transaction failed: timed out, broke on the transport, or was answered with an error.</summary>
public sealed class StunTransactionException : Exception
{
    /// <summary>Creates an exception with a generic message (timeout).</summary>
    public StunTransactionException()
        : this(StunTransactionFailure.Timeout, "The STUN transaction failed.")
    {
    }

    /// <summary>Creates an exception with a message (timeout).</summary>
    /// <param name="message">What happened.</param>
    public StunTransactionException(string message)
        : this(StunTransactionFailure.Timeout, message)
    {
    }

    /// <summary>Creates an exception with a message and a cause (transport error).</summary>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause.</param>
    public StunTransactionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Failure = StunTransactionFailure.TransportError;
    }

    /// <summary>Creates an exception of a given kind.</summary>
    /// <param name="failure">Why the transaction failed.</param>
    /// <param name="message">What happened.</param>
    /// <param name="innerException">The cause, if any.</param>
    public StunTransactionException(StunTransactionFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    /// <summary>Creates the exception for an error response.</summary>
    /// <param name="response">The error response.</param>
    public StunTransactionException(StunResponse response)
        : base(DescribeError(response))
    {
        ArgumentNullException.ThrowIfNull(response);
        Failure = StunTransactionFailure.ErrorResponse;
        Response = response;
        ErrorCode = response.ErrorCode;
        ErrorReason = response.ErrorReason;
    }

    /// <summary>Why the transaction failed.</summary>
    public StunTransactionFailure Failure { get; }

    /// <summary>The ERROR-CODE number (300-699) for <see cref="StunTransactionFailure.ErrorResponse"/>; otherwise 0.</summary>
    public int ErrorCode { get; }

    /// <summary>The ERROR-CODE reason phrase, if the server sent one.</summary>
    public string? ErrorReason { get; }

    /// <summary>The response that caused the failure, if there was one.</summary>
    public StunResponse? Response { get; }

    private static string DescribeError(StunResponse response) =>
        response is null ? "The server answered with an error."
        : response.ErrorCode == 0 ? $"The server answered {response.Type} without an ERROR-CODE."
        : $"The server answered {response.ErrorCode} {response.ErrorReason}.";
}
