using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UcStack.Tls;

namespace UcStack.Server.Web;

/// <summary>
/// The HTTPS certificate: <c>Server:Https:CertificateFile</c> when set, otherwise the server's shared
/// <see cref="ServerCertificate"/> (the SIP TLS certificate, or the self-signed development certificate), so a
/// client trusts one certificate for SIP, Psom and HTTPS.
/// </summary>
internal sealed class HttpsCertificate : IDisposable
{
    private readonly X509Certificate2? _own;
    private readonly ServerCertificate? _ownShared;

    /// <summary>Loads the certificate.</summary>
    /// <param name="https">The HTTPS options.</param>
    /// <param name="services">The host's services: the <see cref="ServerCertificate"/> registered there is used (and
    /// left to its owner); without one, a private instance is made from the same options.</param>
    /// <param name="loggerFactory">Logs the development certificate's path for a private instance.</param>
    /// <exception cref="TlsCertificateException">A file cannot be read or the development certificate cannot be stored.</exception>
    public HttpsCertificate(HttpsServiceOptions https, IServiceProvider services, ILoggerFactory loggerFactory)
    {
        if (!string.IsNullOrWhiteSpace(https.CertificateFile))
        {
            Certificate = _own = TlsCertificates.LoadPfx(https.CertificateFile, https.CertificatePassword);
            return;
        }

        var shared = services.GetService<ServerCertificate>();
        if (shared is null)
        {
            shared = _ownShared = new ServerCertificate(services.GetRequiredService<IOptions<ServerOptions>>(), loggerFactory.CreateLogger<ServerCertificate>(),
                services.GetService<TimeProvider>() ?? TimeProvider.System);
        }

        Certificate = shared.Certificate;
    }

    /// <summary>The certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Disposes what this object loaded; the host's shared certificate stays with the host.</summary>
    public void Dispose()
    {
        _own?.Dispose();
        _ownShared?.Dispose();
    }
}
