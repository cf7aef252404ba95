using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace UcStack.Tls;

/// <summary>Decides whether a peer's certificate chain is trusted under our trust settings.</summary>
internal static class TlsTrust
{
    internal const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    internal const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>Whether <paramref name="certificate"/> is trusted.</summary>
    /// <param name="certificate">The peer's end-entity certificate.</param>
    /// <param name="presentedChain">The chain SslStream built (carries the intermediates the peer sent).</param>
    /// <param name="errors">SslStream's verdict under the system trust store.</param>
    /// <param name="useSystemTrustStore">Whether a chain to a system root is enough.</param>
    /// <param name="extraRoots">Additional trust anchors.</param>
    /// <param name="pinned">Certificates trusted as they are.</param>
    /// <param name="extendedKeyUsageOid">The usage the peer's certificate must allow.</param>
    /// <param name="now">The validation time.</param>
    /// <param name="detail">Why the chain is not trusted (chain status flags), or empty.</param>
    internal static bool IsTrusted(
        X509Certificate2 certificate,
        X509Chain? presentedChain,
        SslPolicyErrors errors,
        bool useSystemTrustStore,
        IReadOnlyList<X509Certificate2> extraRoots,
        IReadOnlyList<X509Certificate2> pinned,
        string extendedKeyUsageOid,
        DateTimeOffset now,
        out string detail)
    {
        detail = string.Empty;
        foreach (var pin in pinned)
        {
            // Not secret, but the comparison cost should not depend on where the certificates differ either.
            if (CryptographicOperations.FixedTimeEquals(pin.RawDataMemory.Span, certificate.RawDataMemory.Span))
            {
                // A pin replaces the chain, not the validity period (RFC 5280 §6.1.3 (a)(2)).
                if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
                {
                    detail = $"the pinned certificate is valid only from {certificate.NotBefore.ToUniversalTime():u} to {certificate.NotAfter.ToUniversalTime():u}";
                    return false;
                }

                return true;
            }
        }

        if (useSystemTrustStore && (errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0)
        {
            return true;
        }

        if (extraRoots.Count == 0)
        {
            detail = useSystemTrustStore
                ? DescribeChain(presentedChain)
                : "the system trust store is disabled and no other trust anchor or pinned certificate is configured";
            return false;
        }

        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        foreach (var root in extraRoots)
        {
            policy.CustomTrustStore.Add(root);
        }

        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.VerificationTime = now.UtcDateTime;
        policy.VerificationTimeIgnored = false;
        policy.ApplicationPolicy.Add(new Oid(extendedKeyUsageOid));
        if (presentedChain is not null)
        {
            // The intermediates the peer sent are candidates for path building, never anchors.
            policy.ExtraStore.AddRange(presentedChain.ChainPolicy.ExtraStore);
            foreach (var element in presentedChain.ChainElements)
            {
                policy.ExtraStore.Add(element.Certificate);
            }
        }

        try
        {
            if (chain.Build(certificate))
            {
                return true;
            }

            detail = DescribeChain(chain);
            return false;
        }
        catch (CryptographicException ex)
        {
            detail = $"the chain could not be built ({ex.Message})";
            return false;
        }
    }

    private static string DescribeChain(X509Chain? chain)
    {
        if (chain is null || chain.ChainStatus.Length == 0)
        {
            return "the certificate chain is not trusted";
        }

        var flags = X509ChainStatusFlags.NoError;
        foreach (var status in chain.ChainStatus)
        {
            flags |= status.Status;
        }

        return $"the certificate chain is not trusted ({flags})";
    }
}
