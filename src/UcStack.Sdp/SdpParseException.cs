namespace UcStack.Sdp;

/// <summary>Thrown by the throwing parse methods and typed accessors when SDP text is malformed.</summary>
public sealed class SdpParseException : FormatException
{
    /// <summary>Creates an exception for <paramref name="error"/>.</summary>
    /// <param name="error">What is wrong and where.</param>
    public SdpParseException(SdpParseError error)
        : base(error.ToString())
    {
        Error = error;
    }

    /// <summary>Creates an exception with no position information.</summary>
    public SdpParseException()
        : this(new SdpParseError(SdpParseErrorCode.MalformedLine, 0, 0, "malformed SDP"))
    {
    }

    /// <summary>Creates an exception with a message and no position information.</summary>
    /// <param name="message">What is wrong.</param>
    public SdpParseException(string message)
        : this(new SdpParseError(SdpParseErrorCode.MalformedLine, 0, 0, message))
    {
    }

    /// <summary>Creates an exception with a message and an inner exception.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public SdpParseException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = new SdpParseError(SdpParseErrorCode.MalformedLine, 0, 0, message);
    }

    /// <summary>What is wrong and where.</summary>
    public SdpParseError Error { get; }

    /// <summary>Shortcut for <see cref="SdpParseError.Code"/>.</summary>
    public SdpParseErrorCode Code => Error.Code;
}
