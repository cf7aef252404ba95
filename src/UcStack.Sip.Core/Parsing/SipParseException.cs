namespace UcStack.Sip;

/// <summary>
/// Thrown by the throwing convenience parsers (<c>Parse</c> methods); the <c>TryParse</c> methods report
/// the same information through <see cref="SipParseError"/> without throwing.
/// </summary>
public sealed class SipParseException : FormatException
{
    /// <summary>Creates an exception for a parse error.</summary>
    /// <param name="error">The error.</param>
    public SipParseException(SipParseError error)
        : base(error.ToString())
    {
        Error = error;
    }

    /// <summary>Creates an exception with a message (for serialization frameworks and tests).</summary>
    public SipParseException()
        : this(new SipParseError(SipParseErrorCode.None, 0))
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">The message.</param>
    public SipParseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SipParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The parse error: reason, byte offset and detail.</summary>
    public SipParseError Error { get; }
}
