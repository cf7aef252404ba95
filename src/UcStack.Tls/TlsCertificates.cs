using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace UcStack.Tls;

/// <summary>Loads certificates with their private keys from PEM files, PKCS#12 files and the certificate store.</summary>
/// <remarks>
/// Every method returns a new certificate that the caller owns and disposes. Certificates with keys are
/// re-imported through PKCS#12 so that their keys are usable by SslStream on every platform (keys that only
/// exist in memory are refused by some TLS providers). The methods are thread-safe.
/// </remarks>
public static partial class TlsCertificates
{
    /// <summary>Loads a certificate and its private key from PEM files.</summary>
    /// <param name="certificatePath">A PEM file whose first CERTIFICATE block is the certificate (further blocks are ignored: load them with <see cref="LoadPemCollection"/>).</param>
    /// <param name="keyPath">A PEM file with the PRIVATE KEY, RSA PRIVATE KEY, EC PRIVATE KEY or ENCRYPTED PRIVATE KEY; may be the same file.</param>
    /// <param name="keyPassword">The password of an ENCRYPTED PRIVATE KEY; null for a plain key.</param>
    /// <returns>The certificate with its private key.</returns>
    /// <exception cref="ArgumentNullException">A path is null.</exception>
    /// <exception cref="TlsCertificateException">A file is missing or unreadable, the PEM is malformed, or the key does not match the certificate.</exception>
    public static X509Certificate2 LoadPem(string certificatePath, string keyPath, string? keyPassword = null)
    {
        ArgumentNullException.ThrowIfNull(certificatePath);
        ArgumentNullException.ThrowIfNull(keyPath);
        RequireFile(certificatePath);
        RequireFile(keyPath);
        try
        {
            using var loaded = keyPassword is null
                ? X509Certificate2.CreateFromPemFile(certificatePath, keyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(certificatePath, keyPassword, keyPath);
            return ReimportWithKey(loaded);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            throw new TlsCertificateException(
                $"Could not load a certificate from '{certificatePath}' with its key from '{keyPath}': {ex.Message}",
                ex);
        }
    }

    /// <summary>Loads every CERTIFICATE block of a PEM file (a chain, or trusted roots).</summary>
    /// <param name="path">The PEM file.</param>
    /// <returns>The certificates, in file order, without private keys.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="TlsCertificateException">The file is missing, unreadable, malformed or holds no certificate.</exception>
    public static X509Certificate2Collection LoadPemCollection(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        RequireFile(path);
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPemFile(path);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new TlsCertificateException($"Could not load certificates from '{path}': {ex.Message}", ex);
        }

        if (collection.Count == 0)
        {
            throw new TlsCertificateException($"'{path}' holds no CERTIFICATE block.");
        }

        return collection;
    }

    /// <summary>Loads the certificate with a private key from a PKCS#12 (PFX) file.</summary>
    /// <param name="path">The PFX file.</param>
    /// <param name="password">Its password; null or empty for none.</param>
    /// <returns>The certificate with its private key.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    /// <exception cref="TlsCertificateException">The file is missing or unreadable, the password is wrong, or it holds no private key.</exception>
    public static X509Certificate2 LoadPfx(string path, string? password = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        RequireFile(path);
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.Exportable);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new TlsCertificateException($"Could not load '{path}' as PKCS#12 (wrong password, or not a PFX file): {ex.Message}", ex);
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new TlsCertificateException($"'{path}' holds no certificate with a private key.");
        }

        return certificate;
    }

    /// <summary>Finds a certificate with a private key in an X.509 store by its SHA-1 thumbprint.</summary>
    /// <param name="thumbprint">The thumbprint in hex; spaces and colons are ignored, case does not matter.</param>
    /// <param name="storeName">The store; the personal store by default.</param>
    /// <param name="storeLocation">The store location; the current user by default.</param>
    /// <returns>A copy of the certificate; dispose it.</returns>
    /// <exception cref="ArgumentException">The thumbprint is not 40 hex digits.</exception>
    /// <exception cref="TlsCertificateException">The store cannot be opened, or holds no such certificate with a private key.</exception>
    public static X509Certificate2 LoadFromStoreByThumbprint(
        string thumbprint,
        StoreName storeName = StoreName.My,
        StoreLocation storeLocation = StoreLocation.CurrentUser)
    {
        ArgumentNullException.ThrowIfNull(thumbprint);
        var compact = thumbprint.Replace(" ", string.Empty, StringComparison.Ordinal).Replace(":", string.Empty, StringComparison.Ordinal);
        if (compact.Length != 40 || !compact.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException($"'{thumbprint}' is not a SHA-1 thumbprint (40 hex digits).", nameof(thumbprint));
        }

        return FindInStore(X509FindType.FindByThumbprint, compact, storeName, storeLocation, $"thumbprint {compact}");
    }

    /// <summary>
    /// Finds a certificate with a private key in an X.509 store whose subject contains <paramref name="subjectName"/>;
    /// of several, the one currently valid with the latest expiry.
    /// </summary>
    /// <param name="subjectName">Text the subject distinguished name contains (for example a host name).</param>
    /// <param name="storeName">The store; the personal store by default.</param>
    /// <param name="storeLocation">The store location; the current user by default.</param>
    /// <returns>A copy of the certificate; dispose it.</returns>
    /// <exception cref="ArgumentException"><paramref name="subjectName"/> is empty.</exception>
    /// <exception cref="TlsCertificateException">The store cannot be opened, or holds no such certificate with a private key.</exception>
    public static X509Certificate2 LoadFromStoreBySubject(
        string subjectName,
        StoreName storeName = StoreName.My,
        StoreLocation storeLocation = StoreLocation.CurrentUser)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subjectName);
        return FindInStore(X509FindType.FindBySubjectName, subjectName, storeName, storeLocation, $"subject '{subjectName}'");
    }

    private static X509Certificate2 FindInStore(X509FindType findType, string value, StoreName storeName, StoreLocation storeLocation, string what)
    {
        X509Certificate2Collection all;
        try
        {
            using var store = new X509Store(storeName, storeLocation);
            store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
            all = store.Certificates;
        }
        catch (CryptographicException ex)
        {
            throw new TlsCertificateException($"Could not open the {storeLocation}/{storeName} certificate store: {ex.Message}", ex);
        }

        X509Certificate2? best = null;
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        try
        {
            foreach (var candidate in all.Find(findType, value, validOnly: false))
            {
                if (candidate.HasPrivateKey && (best is null || IsBetter(candidate, best, now)))
                {
                    best = candidate;
                }
            }
        }
        finally
        {
            // The caller owns the one returned; every other handle the store gave us is released here.
            foreach (var certificate in all)
            {
                if (!ReferenceEquals(certificate, best))
                {
                    certificate.Dispose();
                }
            }
        }

        return best ?? throw new TlsCertificateException($"No certificate with a private key and {what} in the {storeLocation}/{storeName} store.");

        // Currently valid first, then the latest expiry.
        static bool IsBetter(X509Certificate2 candidate, X509Certificate2 incumbent, DateTime now)
        {
            var candidateValid = candidate.NotBefore.ToUniversalTime() <= now && now <= candidate.NotAfter.ToUniversalTime();
            var incumbentValid = incumbent.NotBefore.ToUniversalTime() <= now && now <= incumbent.NotAfter.ToUniversalTime();
            return candidateValid != incumbentValid ? candidateValid : candidate.NotAfter > incumbent.NotAfter;
        }
    }

    private static void RequireFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new TlsCertificateException($"Certificate file '{path}' does not exist.");
        }
    }
}
