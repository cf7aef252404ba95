using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace UcStack.Tls;

/// <summary>A certificate with its chain, prepared once for SslStream.</summary>
internal sealed class SslStreamCertificateContextHolder
{
    internal SslStreamCertificateContextHolder(X509Certificate2? certificate, IReadOnlyList<X509Certificate2> chain)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException(
                $"Certificate '{certificate.Subject}' ({certificate.Thumbprint}) has no private key, so it cannot authenticate this end.",
                nameof(certificate));
        }

        var additional = new X509Certificate2Collection();
        foreach (var intermediate in chain)
        {
            additional.Add(intermediate);
        }

        // offline: the chain is completed from what we were given and the local stores, never fetched
        // over the network while a peer waits.
        Context = SslStreamCertificateContext.Create(certificate, additional, offline: true);
    }

    internal SslStreamCertificateContext Context { get; }
}
