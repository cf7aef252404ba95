namespace UcStack.Sip.Transport;

/// <summary>A message could not be sent: no route, connection refused or lost, the message is too large for
/// the transport, or the transport is closed. The transaction layer reports it to the TU as a transport error
/// (RFC 3261 §17.1.4, §17.2.4).</summary>
public sealed class SipTransportException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SipTransportException() { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed.</param>
    public SipTransportException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause (a socket or TLS error).</param>
    public SipTransportException(string message, Exception innerException) : base(message, innerException) { }
}
