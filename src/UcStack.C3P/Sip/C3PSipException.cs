namespace UcStack.C3P;

/// <summary>A C3P request failed at the SIP level (no C3P response): a SIP error status, with the
/// <c>ms-diagnostics</c> id when the server gave one.</summary>
public sealed class C3PSipException : Exception
{
    /// <summary>Creates the exception.</summary>
    public C3PSipException() : base("The C3P request failed at the SIP level.") { }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    public C3PSipException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public C3PSipException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception for a SIP error response.</summary>
    /// <param name="statusCode">The status code.</param>
    /// <param name="reasonPhrase">The reason phrase.</param>
    /// <param name="diagnostic">The ms-diagnostics value, or <see langword="null"/>.</param>
    public C3PSipException(int statusCode, string reasonPhrase, C3PDiagnostic? diagnostic)
        : base($"SIP {statusCode} {reasonPhrase}" + (diagnostic is null ? string.Empty : $" (ms-diagnostics {diagnostic.Code}: {diagnostic.Reason})"))
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
        Diagnostic = diagnostic;
    }

    /// <summary>The SIP status code (0 when not from a response).</summary>
    public int StatusCode { get; }

    /// <summary>The reason phrase, or <see langword="null"/>.</summary>
    public string? ReasonPhrase { get; }

    /// <summary>The ms-diagnostics id and reason, or <see langword="null"/>.</summary>
    public C3PDiagnostic? Diagnostic { get; }
}
