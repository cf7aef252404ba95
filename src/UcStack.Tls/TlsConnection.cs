using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace UcStack.Tls;

/// <summary>An authenticated TLS link: the encrypted stream and what the handshake established.</summary>
/// <remarks>
/// Created by <see cref="TlsConnector.ConnectAsync"/> or <see cref="TlsAcceptor.AcceptAsync"/>. Like any
/// <see cref="SslStream"/>, <see cref="Stream"/> supports one reader and one writer at a time (a read and a
/// write may run concurrently); the properties are fixed after the handshake and safe to read from any thread.
/// Disposing the connection disposes the stream and, unless the options said otherwise, the inner stream.
/// </remarks>
public sealed class TlsConnection : IAsyncDisposable
{
    private readonly SslStream _sslStream;
    private readonly X509Certificate2? _ownedRemoteCertificate;

    internal TlsConnection(SslStream sslStream, bool isServer, string? targetHost, string? authorizedPeerName, bool certificateValidationBypassed)
    {
        _sslStream = sslStream;
        IsServer = isServer;
        TargetHost = targetHost;
        AuthorizedPeerName = authorizedPeerName;
        CertificateValidationBypassed = certificateValidationBypassed;
        var remote = sslStream.RemoteCertificate;
        if (remote is X509Certificate2 remote2)
        {
            RemoteCertificate = remote2;
        }
        else if (remote is not null)
        {
            _ownedRemoteCertificate = X509CertificateLoader.LoadCertificate(remote.GetRawCertData());
            RemoteCertificate = _ownedRemoteCertificate;
        }
    }

    /// <summary>The stream that carries application data, encrypted on the wire.</summary>
    public Stream Stream => _sslStream;

    /// <summary>The TLS version negotiated.</summary>
    public SslProtocols Protocol => _sslStream.SslProtocol;

    /// <summary>The cipher suite negotiated.</summary>
    public TlsCipherSuite CipherSuite => _sslStream.NegotiatedCipherSuite;

    /// <summary>Whether this end accepted the connection (server) rather than initiated it (client).</summary>
    public bool IsServer { get; }

    /// <summary>On the client, the host name the server's certificate was checked against (A-label form); null on the server.</summary>
    public string? TargetHost { get; }

    /// <summary>
    /// The peer's certificate: the server's on a client, the client's on a server (null when the client
    /// presented none). Valid until the connection is disposed.
    /// </summary>
    public X509Certificate2? RemoteCertificate { get; }

    /// <summary>
    /// On a server with <see cref="TlsServerOptions.PeerAuthorization"/>, the client certificate's DNS name
    /// that the allow list matched (normalised); otherwise null.
    /// </summary>
    public string? AuthorizedPeerName { get; }

    /// <summary>True when the client connected with <see cref="TlsClientOptions.DangerousAcceptAnyServerCertificate"/>: the server is not authenticated.</summary>
    public bool CertificateValidationBypassed { get; }

    /// <summary>Sends a TLS close_notify alert, telling the peer no more data follows; the connection still needs disposing.</summary>
    /// <param name="cancellationToken">Stops waiting for the alert to be written.</param>
    /// <exception cref="IOException">The alert could not be written.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask ShutdownAsync(CancellationToken cancellationToken = default)
    {
        await _sslStream.ShutdownAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the stream (and the inner stream unless it was to be left open).</summary>
    /// <returns>A task that completes when the streams are closed.</returns>
    public async ValueTask DisposeAsync()
    {
        await _sslStream.DisposeAsync().ConfigureAwait(false);
        _ownedRemoteCertificate?.Dispose();
    }
}
