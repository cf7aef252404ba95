namespace UcStack.Ice;

/// <summary>A TURN allocation for a relayed candidate failed.</summary>
public sealed class IceRelayException : Exception
{
    /// <summary>Creates the exception.</summary>
    public IceRelayException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    public IceRelayException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public IceRelayException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
