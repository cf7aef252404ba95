using System.Net;
using System.Security.Cryptography.X509Certificates;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;
using UcStack.Tls;

namespace UcStack.Server;

/// <summary>
/// The mutual-TLS listen point for server-to-server links: a peer must present a certificate that chains to a
/// trusted root (the system store or <see cref="FederationOptions.TrustedRootFiles"/>) and names an FQDN on
/// <see cref="FederationOptions.AllowedPeers"/> (UcStack.Tls <see cref="TlsPeerAuthorization"/>); others fail the
/// handshake. Requests from admitted peers go to the proxy like any other.
/// </summary>
internal sealed class FederationListener : IDisposable
{
    private readonly List<X509Certificate2> _roots;

    private FederationListener(SipListenPoint point, List<X509Certificate2> roots)
    {
        Point = point;
        _roots = roots;
    }

    /// <summary>The listen point to add to the transport (with its own TLS options).</summary>
    public SipListenPoint Point { get; }

    /// <summary>Where it listens once bound (the port chosen by the OS included).</summary>
    public IPEndPoint? BoundEndPoint { get; set; }

    /// <summary>Builds the listen point from the <c>Server:Federation</c> section.</summary>
    /// <exception cref="InvalidOperationException">An allow-list entry or a trusted-root file is unusable.</exception>
    public static FederationListener Create(FederationOptions federation, X509Certificate2 certificate)
    {
        if (federation.Port > IPEndPoint.MaxPort)
        {
            throw new InvalidOperationException($"Server:Federation:Port: {federation.Port} is not a port (0-65535, or -1 for off).");
        }

        TlsPeerAuthorization peers;
        try
        {
            peers = new TlsPeerAuthorization(federation.AllowedPeers);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException("Server:Federation:AllowedPeers: " + e.Message, e);
        }

        var roots = federation.TrustedRootFiles.SelectMany(LoadRoots).ToList();
        var tls = new TlsServerOptions
        {
            ServerCertificate = certificate,
            ClientCertificateMode = TlsClientCertificateMode.Required,
            PeerAuthorization = peers,
            TrustedClientRoots = roots,
        };
        var point = new SipListenPoint(SipTransportProtocol.Tls, new IPEndPoint(IPAddress.Parse(federation.Address), federation.Port)) { Tls = tls };
        return new FederationListener(point, roots);
    }

    /// <summary>Whether a request arrived over this listener (from an admitted peer).</summary>
    public bool IsFederated(SipIncomingRequest incoming) =>
        BoundEndPoint is { } bound && incoming.Flow.Protocol == SipTransportProtocol.Tls && incoming.Flow.Local.Equals(bound);

    public void Dispose()
    {
        foreach (var root in _roots) root.Dispose();
    }

    private static IEnumerable<X509Certificate2> LoadRoots(string path)
    {
        try
        {
            var text = File.ReadAllText(path);
            return text.Contains("-----BEGIN", StringComparison.Ordinal)
                ? [.. TlsCertificates.LoadPemCollection(path)]
                : [X509CertificateLoader.LoadCertificateFromFile(path)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or TlsCertificateException)
        {
            throw new InvalidOperationException($"Server:Federation:TrustedRootFiles: cannot load '{path}': {e.Message}", e);
        }
    }
}
