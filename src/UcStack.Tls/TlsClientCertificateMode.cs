namespace UcStack.Tls;

/// <summary>Whether a TLS server asks the client for a certificate.</summary>
public enum TlsClientCertificateMode
{
    /// <summary>No certificate is requested (ordinary TLS).</summary>
    None,

    /// <summary>A certificate is requested; a client without one is accepted, a client whose certificate fails validation is refused.</summary>
    Optional,

    /// <summary>A valid certificate is required (mutual TLS); a client without one is refused.</summary>
    Required,
}
