using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace UcStack.Tls;

/// <summary>Runs the client side of a TLS handshake over a connected stream.</summary>
/// <remarks>Holds no per-connection state: one instance may run any number of handshakes concurrently.</remarks>
public sealed partial class TlsConnector
{
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a connector.</summary>
    /// <param name="logger">Receives handshake events (EventIds 3000-3009); none by default.</param>
    /// <param name="timeProvider">Drives the handshake timeout and certificate validity checks; the system clock by default.</param>
    public TlsConnector(ILogger<TlsConnector>? logger = null, TimeProvider? timeProvider = null)
    {
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Authenticates the server on <paramref name="innerStream"/> as <see cref="TlsClientOptions.TargetHost"/>.</summary>
    /// <param name="innerStream">A connected, readable and writable stream (a TCP connection, usually).</param>
    /// <param name="options">Target host, trust and client certificate.</param>
    /// <param name="cancellationToken">Abandons the handshake; the exception is then <see cref="OperationCanceledException"/>.</param>
    /// <returns>The authenticated connection; the caller owns it.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The target host is not a host name or IP literal, the timeout is not positive, or the client certificate has no private key.</exception>
    /// <exception cref="TlsHandshakeException">The handshake failed; <see cref="TlsHandshakeException.Reason"/> says why. The inner stream has been disposed unless <see cref="TlsClientOptions.LeaveInnerStreamOpen"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask<TlsConnection> ConnectAsync(Stream innerStream, TlsClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(innerStream);
        ArgumentNullException.ThrowIfNull(options);
        var targetHost = NormalizeTargetHost(options.TargetHost);
        TlsHandshakeTimeout.Validate(options.HandshakeTimeout);
        cancellationToken.ThrowIfCancellationRequested();

        var rejection = new TlsHandshakeRejection();
        var bypass = options.DangerousAcceptAnyServerCertificate;
        if (bypass)
        {
            Log.ServerCertificateValidationDisabled(_logger, targetHost);
        }

        var sslOptions = new SslClientAuthenticationOptions
        {
            // RFC 6125 §6: the reference identity is the name the application asked for, never the IP
            // address it resolved to; it is also the SNI (RFC 6066 §3), which takes A-labels.
            TargetHost = targetHost,
            EnabledSslProtocols = options.EnabledProtocols,
            ClientCertificateContext = options.ClientCertificateContext?.Context,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,

            // A session whose server was never authenticated is not kept for later resumption.
            AllowTlsResume = !bypass,
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                ValidateServerCertificate(options, targetHost, certificate, chain, errors, rejection),
        };

        var sslStream = new SslStream(innerStream, options.LeaveInnerStreamOpen);
        var succeeded = false;
        using var timeout = TlsHandshakeTimeout.Start(options.HandshakeTimeout, _timeProvider, cancellationToken);
        try
        {
            Log.ClientHandshakeStarting(_logger, targetHost);
            try
            {
                await sslStream.AuthenticateAsClientAsync(sslOptions, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (TlsHandshakeRejection.IsHandshakeFailure(ex))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var failure = rejection.Classify(ex, timeout.TimedOut, "client");
                Log.ClientHandshakeFailed(_logger, targetHost, failure.Reason, failure.Message);
                throw failure;
            }

            var connection = new TlsConnection(sslStream, isServer: false, targetHost, authorizedPeerName: null, bypass);
            Log.ClientHandshakeCompleted(_logger, targetHost, connection.Protocol, connection.CipherSuite);
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

    private bool ValidateServerCertificate(
        TlsClientOptions options,
        string targetHost,
        X509Certificate? certificate,
        X509Chain? chain,
        SslPolicyErrors errors,
        TlsHandshakeRejection rejection)
    {
        if (options.DangerousAcceptAnyServerCertificate)
        {
            if (errors != SslPolicyErrors.None)
            {
                Log.ServerCertificateErrorsIgnored(_logger, targetHost, errors);
            }

            return true;
        }

        if (certificate is not X509Certificate2 serverCertificate)
        {
            rejection.Reject(TlsHandshakeFailureReason.CertificateUntrusted, "the server presented no certificate");
            return false;
        }

        // RFC 6125 §6.4: the presented identifiers must match the reference identity (SslStream checks
        // subjectAltName dNSName/iPAddress, and the CN only without them).
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            rejection.Reject(
                TlsHandshakeFailureReason.NameMismatch,
                $"the server certificate '{serverCertificate.Subject}' does not name '{targetHost}'");
            return false;
        }

        if (!TlsTrust.IsTrusted(
                serverCertificate,
                chain,
                errors,
                options.UseSystemTrustStore,
                options.TrustedRoots,
                options.PinnedCertificates,
                TlsTrust.ServerAuthOid,
                _timeProvider.GetUtcNow(),
                out var detail))
        {
            rejection.Reject(TlsHandshakeFailureReason.CertificateUntrusted, $"the server certificate '{serverCertificate.Subject}' is not trusted: {detail}");
            return false;
        }

        return true;
    }

    private static string NormalizeTargetHost(string targetHost)
    {
        if (IPAddress.TryParse(targetHost, out var address))
        {
            // An IP literal is checked against iPAddress subjectAltName entries, and is never sent as SNI.
            return address.ToString();
        }

        if (!TlsDnsName.TryNormalize(targetHost, allowWildcard: false, out var normalized, out var problem))
        {
            throw new ArgumentException($"Target host '{targetHost}' is refused: {problem}.", nameof(targetHost));
        }

        return normalized;
    }
}
