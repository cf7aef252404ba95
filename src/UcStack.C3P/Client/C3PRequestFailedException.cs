namespace UcStack.C3P;

/// <summary>The focus or focus factory answered a C3P request with <c>code="failure"</c>.</summary>
public sealed class C3PRequestFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public C3PRequestFailedException() : base("The C3P request failed.") { }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public C3PRequestFailedException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public C3PRequestFailedException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception for a failure response.</summary>
    /// <param name="response">The response.</param>
    public C3PRequestFailedException(C3PResponse response)
        : base($"{response?.Command.Name} failed: {response?.Command.Reason ?? response?.Reason ?? "no reason given"}")
    {
        ArgumentNullException.ThrowIfNull(response);
        Response = response;
        Reason = response.FailureReason;
    }

    /// <summary>Creates the exception for a failure known only by its reason (e.g. a refused join INVITE).</summary>
    /// <param name="command">The command's name.</param>
    /// <param name="reason">The reason.</param>
    public C3PRequestFailedException(string command, C3PFailureReason reason) : base($"{command} failed: {reason}")
    {
        Reason = reason;
    }

    /// <summary>The failure response, when there was one.</summary>
    public C3PResponse? Response { get; }

    /// <summary>Why it failed.</summary>
    public C3PFailureReason Reason { get; }
}

/// <summary>No final C3P response arrived within the request timeout.</summary>
public sealed class C3PRequestTimeoutException : TimeoutException
{
    /// <summary>Creates the exception.</summary>
    public C3PRequestTimeoutException() : base("No C3P response arrived in time.") { }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public C3PRequestTimeoutException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public C3PRequestTimeoutException(string message, Exception innerException) : base(message, innerException) { }
}
