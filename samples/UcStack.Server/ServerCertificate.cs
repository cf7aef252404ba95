using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UcStack.Tls;

namespace UcStack.Server;

/// <summary>The server's TLS certificate, loaded once and shared by the SIP TLS and federation listeners and the
/// Psom server: the configured PKCS#12 file, or the self-signed development certificate made on first run.</summary>
internal sealed partial class ServerCertificate(IOptions<ServerOptions> options, ILogger<ServerCertificate> logger, TimeProvider timeProvider) : IDisposable
{
    private readonly Lock _gate = new();
    private X509Certificate2? _certificate;

    /// <summary>The certificate (loaded or made on first use).</summary>
    public X509Certificate2 Certificate
    {
        get
        {
            lock (_gate) return _certificate ??= Load(options.Value.Sip);
        }
    }

    /// <summary>Where the development certificate is kept.</summary>
    public static string DevelopmentPath
    {
        get
        {
            var folder = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create);
            if (string.IsNullOrEmpty(folder)) folder = Path.GetTempPath();
            return Path.Combine(Directory.CreateDirectory(Path.Combine(folder, "ucstack")).FullName, "server-development.pfx");
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _certificate?.Dispose();
            _certificate = null;
        }
    }

    private X509Certificate2 Load(SipServerOptions sip)
    {
        if (!string.IsNullOrWhiteSpace(sip.CertificateFile)) return TlsCertificates.LoadPfx(sip.CertificateFile, sip.CertificatePassword);
        var path = DevelopmentPath;
        Log.DevelopmentCertificate(logger, path);
        return TlsCertificates.GetOrCreateDevelopmentCertificate(path, [sip.Domain, "localhost"], timeProvider: timeProvider);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "TLS uses the self-signed development certificate {Path}")]
        public static partial void DevelopmentCertificate(ILogger logger, string path);
    }
}
