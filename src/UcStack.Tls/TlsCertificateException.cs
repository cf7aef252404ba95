namespace UcStack.Tls;

/// <summary>A certificate could not be loaded or created as asked (missing file, no private key, not found in the store).</summary>
public sealed class TlsCertificateException : Exception
{
    /// <summary>Creates an exception with a generic message.</summary>
    public TlsCertificateException()
        : base("The certificate could not be loaded.")
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    /// <param name="message">What was asked and what went wrong.</param>
    public TlsCertificateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and cause.</summary>
    /// <param name="message">What was asked and what went wrong.</param>
    /// <param name="innerException">The underlying failure.</param>
    public TlsCertificateException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
