using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace UcStack.Tls;

/// <summary>Runs the server side of a TLS handshake over an accepted stream, with optional mutual TLS.</summary>
/// <remarks>Holds no per-connection state: one instance may run any number of handshakes concurrently.</remarks>
public sealed partial class TlsAcceptor
{
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates an acceptor.</summary>
    /// <param name="logger">Receives handshake events (EventIds 3010-3019); none by default.</param>
    /// <param name="timeProvider">Drives the handshake timeout and certificate validity checks; the system clock by default.</param>
    public TlsAcceptor(ILogger<TlsAcceptor>? logger = null, TimeProvider? timeProvider = null)
    {
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Authenticates this server to the client on <paramref name="innerStream"/>, and the client if the options ask for it.</summary>
    /// <param name="innerStream">An accepted, readable and writable stream (a TCP connection, usually).</param>
    /// <param name="options">Server certificate, client certificate mode, trust and allow list.</param>
    /// <param name="cancellationToken">Abandons the handshake; the exception is then <see cref="OperationCanceledException"/>.</param>
    /// <returns>The authenticated connection; the caller owns it.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The server certificate has no private key, the timeout is not positive, or an allow list is set without requiring client certificates.</exception>
    /// <exception cref="TlsHandshakeException">The handshake failed; <see cref="TlsHandshakeException.Reason"/> says why. The inner stream has been disposed unless <see cref="TlsServerOptions.LeaveInnerStreamOpen"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask<TlsConnection> AcceptAsync(Stream innerStream, TlsServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(innerStream);
        ArgumentNullException.ThrowIfNull(options);
        TlsHandshakeTimeout.Validate(options.HandshakeTimeout);
        if (options.PeerAuthorization is not null && options.ClientCertificateMode != TlsClientCertificateMode.Required)
        {
            throw new ArgumentException(
                "A peer allow list needs ClientCertificateMode = Required: a client without a certificate cannot be authorized.",
                nameof(options));
        }

        if (!Enum.IsDefined(options.ClientCertificateMode))
        {
            throw new ArgumentException($"Unknown client certificate mode {options.ClientCertificateMode}.", nameof(options));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var rejection = new TlsHandshakeRejection();
        var sslOptions = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = options.ServerCertificateContext.Context,
            EnabledSslProtocols = options.EnabledProtocols,
            ClientCertificateRequired = options.ClientCertificateMode != TlsClientCertificateMode.None,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                ValidateClientCertificate(options, certificate, chain, errors, rejection),
        };

        var sslStream = new SslStream(innerStream, options.LeaveInnerStreamOpen);
        var succeeded = false;
        using var timeout = TlsHandshakeTimeout.Start(options.HandshakeTimeout, _timeProvider, cancellationToken);
        try
        {
            try
            {
                await sslStream.AuthenticateAsServerAsync(sslOptions, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (TlsHandshakeRejection.IsHandshakeFailure(ex))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var failure = rejection.Classify(ex, timeout.TimedOut, "server");
                Log.ServerHandshakeFailed(_logger, failure.Reason, failure.Message);
                throw failure;
            }

            var connection = new TlsConnection(sslStream, isServer: true, targetHost: null, rejection.AuthorizedPeerName, certificateValidationBypassed: false);
            Log.ServerHandshakeCompleted(_logger, connection.Protocol, connection.CipherSuite, connection.RemoteCertificate?.Subject ?? "(none)");
            succeeded = true;
            return connection;
        }
        finally
        {
            if (!succeeded)
            {
                await sslStream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private bool ValidateClientCertificate(
        TlsServerOptions options,
        X509Certificate? certificate,
        X509Chain? chain,
        SslPolicyErrors errors,
        TlsHandshakeRejection rejection)
    {
        if (options.ClientCertificateMode == TlsClientCertificateMode.None)
        {
            return true;
        }

        if (certificate is not X509Certificate2 clientCertificate)
        {
            if (options.ClientCertificateMode == TlsClientCertificateMode.Optional)
            {
                return true;
            }

            rejection.Reject(TlsHandshakeFailureReason.ClientCertificateRequired, "the client presented no certificate and one is required");
            return false;
        }

        // A client has no reference identity to check (RFC 5246 §7.4.6 / RFC 8446 §4.4.2): only trust here,
        // then the allow list below.
        if (!TlsTrust.IsTrusted(
                clientCertificate,
                chain,
                errors & ~SslPolicyErrors.RemoteCertificateNameMismatch,
                options.UseSystemTrustStore,
                options.TrustedClientRoots,
                pinned: [],
                TlsTrust.ClientAuthOid,
                _timeProvider.GetUtcNow(),
                out var detail))
        {
            rejection.Reject(TlsHandshakeFailureReason.CertificateUntrusted, $"the client certificate '{clientCertificate.Subject}' is not trusted: {detail}");
            return false;
        }

        if (options.PeerAuthorization is { } allowList)
        {
            if (!allowList.TryAuthorize(clientCertificate, out var peerName))
            {
                var names = string.Join(", ", TlsCertificateNames.GetDnsNames(clientCertificate));
                Log.PeerNotAuthorized(_logger, clientCertificate.Subject, names);
                rejection.Reject(
                    TlsHandshakeFailureReason.PeerNotAuthorized,
                    $"no name of the client certificate '{clientCertificate.Subject}' ({names}) is on the allow list");
                return false;
            }

            rejection.AuthorizedPeerName = peerName;
            Log.PeerAuthorized(_logger, peerName);
        }

        return true;
    }
}
