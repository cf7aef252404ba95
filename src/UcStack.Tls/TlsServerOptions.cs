using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace UcStack.Tls;

/// <summary>How a TLS server accepts: its certificate, whether it asks clients for one, and whom it lets in.</summary>
/// <remarks>
/// Set the properties once, then share the instance between threads and connections; the server
/// certificate context is built on first use and reused. The certificates remain the caller's to dispose.
/// </remarks>
public sealed class TlsServerOptions
{
    private readonly Lazy<SslStreamCertificateContextHolder> _serverContext;

    /// <summary>Creates options with the defaults: TLS 1.2 and 1.3, no client certificate, a 10-second handshake timeout.</summary>
    public TlsServerOptions()
    {
        _serverContext = new(() => new SslStreamCertificateContextHolder(ServerCertificate, ServerCertificateChain));
    }

    /// <summary>The server's certificate, with its private key.</summary>
    public required X509Certificate2 ServerCertificate { get; init; }

    /// <summary>Intermediate certificates sent with <see cref="ServerCertificate"/>.</summary>
    public IReadOnlyList<X509Certificate2> ServerCertificateChain { get; init; } = [];

    /// <summary>Whether clients are asked for a certificate; <see cref="TlsClientCertificateMode.None"/> by default.</summary>
    public TlsClientCertificateMode ClientCertificateMode { get; init; }

    /// <summary>
    /// For server-to-server links: the FQDNs a client certificate must name. Requires
    /// <see cref="ClientCertificateMode"/> = <see cref="TlsClientCertificateMode.Required"/>.
    /// Null (the default) accepts any client with a trusted certificate.
    /// </summary>
    public TlsPeerAuthorization? PeerAuthorization { get; init; }

    /// <summary>Whether the operating system's root store is trusted for client certificates; true by default.</summary>
    public bool UseSystemTrustStore { get; init; } = true;

    /// <summary>Extra trust anchors for client certificates (a private PKI's roots).</summary>
    public IReadOnlyList<X509Certificate2> TrustedClientRoots { get; init; } = [];

    /// <summary>The TLS versions accepted; TLS 1.2 and TLS 1.3 by default.</summary>
    public SslProtocols EnabledProtocols { get; init; } = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>How long the handshake may take before it fails with <see cref="TlsHandshakeFailureReason.Timeout"/>; 10 seconds by default, <see cref="Timeout.InfiniteTimeSpan"/> for none.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether the inner stream stays open when the connection is disposed or the handshake fails; false by default.</summary>
    public bool LeaveInnerStreamOpen { get; init; }

    internal SslStreamCertificateContextHolder ServerCertificateContext => _serverContext.Value;
}
