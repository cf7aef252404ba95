namespace UcStack.Srtp;

/// <summary>SDES key parameters could not be parsed: <see cref="Error"/> says what, <see cref="Offset"/> says where.</summary>
public sealed class SdesKeyParamsException : FormatException
{
    /// <summary>Creates an exception with a generic message.</summary>
    public SdesKeyParamsException()
        : this("Invalid SDES key parameters.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">The message.</param>
    public SdesKeyParamsException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SdesKeyParamsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a specific error at a character offset.</summary>
    /// <param name="error">What is wrong.</param>
    /// <param name="offset">Zero-based character offset in the key-params string where the bad field starts.</param>
    /// <param name="detail">A short description; it never contains key material.</param>
    public SdesKeyParamsException(SdesKeyParamsError error, int offset, string detail)
        : base($"{error} at offset {offset}: {detail}")
    {
        Error = error;
        Offset = offset;
    }

    /// <summary>What is wrong.</summary>
    public SdesKeyParamsError Error { get; }

    /// <summary>Zero-based character offset in the key-params string where the bad field starts.</summary>
    public int Offset { get; }
}
