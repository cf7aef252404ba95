using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace UcStack.Tls;

/// <summary>How a TLS client connects: which host it means, how it trusts the server, what it presents.</summary>
/// <remarks>
/// Set the properties once, then share the instance freely between threads and connections; do not
/// change the certificates it refers to while it is in use. The certificates remain the caller's to dispose.
/// </remarks>
public sealed class TlsClientOptions
{
    private readonly Lazy<SslStreamCertificateContextHolder?> _clientContext;

    /// <summary>Creates options with the defaults: TLS 1.2 and 1.3, system trust, a 10-second handshake timeout.</summary>
    public TlsClientOptions()
    {
        _clientContext = new(() => ClientCertificate is null
            ? null
            : new SslStreamCertificateContextHolder(ClientCertificate, ClientCertificateChain));
    }

    /// <summary>
    /// The host name the application asked for (or an IP literal). It is sent as SNI and the server's
    /// certificate must name it: the resolved IP address the socket connected to is never used instead.
    /// </summary>
    public required string TargetHost { get; init; }

    /// <summary>The certificate (with private key) to present when the server asks for one; none by default.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>Intermediate certificates sent with <see cref="ClientCertificate"/>.</summary>
    public IReadOnlyList<X509Certificate2> ClientCertificateChain { get; init; } = [];

    /// <summary>The TLS versions offered; TLS 1.2 and TLS 1.3 by default.</summary>
    public SslProtocols EnabledProtocols { get; init; } = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>Whether the operating system's root store is trusted; true by default.</summary>
    public bool UseSystemTrustStore { get; init; } = true;

    /// <summary>Extra trust anchors (a private PKI's roots): a chain ending at one of these is trusted too.</summary>
    public IReadOnlyList<X509Certificate2> TrustedRoots { get; init; } = [];

    /// <summary>
    /// Server certificates trusted as they are, whatever their chain: a pinned certificate that is
    /// presented is accepted if it also names <see cref="TargetHost"/> and is within its validity period.
    /// </summary>
    public IReadOnlyList<X509Certificate2> PinnedCertificates { get; init; } = [];

    /// <summary>
    /// Turns server certificate validation off entirely (trust, name and dates). For experiments only:
    /// every handshake made with it logs a warning, and the connection reports
    /// <see cref="TlsConnection.CertificateValidationBypassed"/>.
    /// </summary>
    public bool DangerousAcceptAnyServerCertificate { get; init; }

    /// <summary>How long the handshake may take before it fails with <see cref="TlsHandshakeFailureReason.Timeout"/>; 10 seconds by default, <see cref="Timeout.InfiniteTimeSpan"/> for none.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Whether the inner stream stays open when the connection is disposed or the handshake fails; false by default.</summary>
    public bool LeaveInnerStreamOpen { get; init; }

    internal SslStreamCertificateContextHolder? ClientCertificateContext => _clientContext.Value;
}
