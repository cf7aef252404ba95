namespace UcStack.Tls;

/// <summary>Why a TLS handshake did not produce an authenticated connection.</summary>
public enum TlsHandshakeFailureReason
{
    /// <summary>The peer's certificate chain does not lead to a trusted root (or pinned certificate), or is invalid (expired, wrong usage, revoked).</summary>
    CertificateUntrusted,

    /// <summary>The server's certificate does not name the host the application asked for.</summary>
    NameMismatch,

    /// <summary>The peer's certificate is trusted but none of its names is on the allow list.</summary>
    PeerNotAuthorized,

    /// <summary>The server requires a client certificate and the client presented none.</summary>
    ClientCertificateRequired,

    /// <summary>The TLS protocol failed: no common version or cipher suite, a malformed message, or a fatal alert from the peer.</summary>
    Protocol,

    /// <summary>The handshake did not complete within the configured handshake timeout.</summary>
    Timeout,

    /// <summary>The peer closed or reset the connection before the handshake completed.</summary>
    RemoteClosed,
}
