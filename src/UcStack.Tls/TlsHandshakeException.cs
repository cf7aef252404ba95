namespace UcStack.Tls;

/// <summary>A TLS handshake failed; <see cref="Reason"/> says why.</summary>
/// <remarks>
/// Thrown by <see cref="TlsConnector.ConnectAsync"/> and <see cref="TlsAcceptor.AcceptAsync"/>. The
/// exception the TLS implementation raised, if any, is the <see cref="Exception.InnerException"/>.
/// Cancellation requested by the caller is not wrapped: it surfaces as <see cref="OperationCanceledException"/>.
/// </remarks>
public sealed class TlsHandshakeException : Exception
{
    /// <summary>Creates an exception for the given reason.</summary>
    /// <param name="reason">Why the handshake failed.</param>
    /// <param name="message">A description of the failure for humans.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public TlsHandshakeException(TlsHandshakeFailureReason reason, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
    }

    /// <summary>Creates an exception with reason <see cref="TlsHandshakeFailureReason.Protocol"/>.</summary>
    public TlsHandshakeException()
        : this(TlsHandshakeFailureReason.Protocol, "The TLS handshake failed.")
    {
    }

    /// <summary>Creates an exception with reason <see cref="TlsHandshakeFailureReason.Protocol"/>.</summary>
    /// <param name="message">A description of the failure for humans.</param>
    public TlsHandshakeException(string message)
        : this(TlsHandshakeFailureReason.Protocol, message)
    {
    }

    /// <summary>Creates an exception with reason <see cref="TlsHandshakeFailureReason.Protocol"/>.</summary>
    /// <param name="message">A description of the failure for humans.</param>
    /// <param name="innerException">The underlying failure.</param>
    public TlsHandshakeException(string message, Exception? innerException)
        : this(TlsHandshakeFailureReason.Protocol, message, innerException)
    {
    }

    /// <summary>Why the handshake failed.</summary>
    public TlsHandshakeFailureReason Reason { get; }
}
