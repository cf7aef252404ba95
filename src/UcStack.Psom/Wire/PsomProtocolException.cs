namespace UcStack.Psom;

/// <summary>A peer sent bytes that break the Psom wire protocol; <see cref="Error"/> says what and where.</summary>
public sealed class PsomProtocolException : Exception
{
    /// <summary>Creates the exception for a decode error.</summary>
    /// <param name="error">The error.</param>
    public PsomProtocolException(PsomParseError error)
        : base("Psom protocol error: " + error)
    {
        Error = error;
    }

    /// <summary>Creates the exception with a message (no decode position).</summary>
    public PsomProtocolException()
        : this(new PsomParseError(PsomParseErrorCode.PayloadMalformed, 0))
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public PsomProtocolException(string message)
        : base(message)
    {
        Error = new PsomParseError(PsomParseErrorCode.PayloadMalformed, 0, message);
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public PsomProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = new PsomParseError(PsomParseErrorCode.PayloadMalformed, 0, message);
    }

    /// <summary>What was wrong and where.</summary>
    public PsomParseError Error { get; }
}
