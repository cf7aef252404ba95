using System.Security.Cryptography.X509Certificates;
using UcStack.Tls;

namespace UcStack.Server.Web;

/// <summary>Picks the HTTPS certificate: its own file, else the SIP TLS listener's file, else the same self-signed
/// development certificate the SIP TLS listener makes (same file, same names), so a client trusts one certificate.</summary>
internal static class HttpsCertificate
{
    /// <summary>Loads (or makes) the certificate.</summary>
    /// <param name="https">The HTTPS options.</param>
    /// <param name="sip">The SIP options (certificate file, domain).</param>
    /// <param name="timeProvider">The clock for the development certificate's validity.</param>
    /// <param name="developmentPath">The development certificate's path, when that is what was used.</param>
    /// <returns>The certificate with its key; the caller disposes it.</returns>
    /// <exception cref="TlsCertificateException">A file cannot be read or the development certificate cannot be stored.</exception>
    public static X509Certificate2 Load(HttpsServiceOptions https, SipServerOptions sip, TimeProvider timeProvider, out string? developmentPath)
    {
        developmentPath = null;
        if (!string.IsNullOrWhiteSpace(https.CertificateFile)) return TlsCertificates.LoadPfx(https.CertificateFile, https.CertificatePassword);
        if (!string.IsNullOrWhiteSpace(sip.CertificateFile)) return TlsCertificates.LoadPfx(sip.CertificateFile, sip.CertificatePassword);
        developmentPath = DevelopmentCertificatePath();
        return TlsCertificates.GetOrCreateDevelopmentCertificate(developmentPath, [sip.Domain, "localhost"], timeProvider: timeProvider);
    }

    // Must name the file SipServerService.LoadCertificate uses (docs/server.md), so both listeners share one certificate.
    private static string DevelopmentCertificatePath()
    {
        var folder = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create);
        if (string.IsNullOrEmpty(folder)) folder = Path.GetTempPath();
        return Path.Combine(Directory.CreateDirectory(Path.Combine(folder, "ucstack")).FullName, "server-development.pfx");
    }
}
