using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace UcStack.Tls;

public static partial class TlsCertificates
{
    /// <summary>The validity of a development certificate unless told otherwise.</summary>
    public static readonly TimeSpan DefaultDevelopmentValidity = TimeSpan.FromDays(30);

    // Short-lived on purpose: a development certificate that leaks should not stay useful for long.
    private static readonly TimeSpan MaxDevelopmentValidity = TimeSpan.FromDays(397);

    // Issued slightly in the past so a peer whose clock is a little behind still accepts it.
    private static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromMinutes(5);

    // A stored certificate this close to expiry is replaced rather than reused.
    private static readonly TimeSpan RenewalMargin = TimeSpan.FromDays(1);

    /// <summary>
    /// Makes a self-signed certificate for development and tests: subjectAltName DNS entries for
    /// <paramref name="dnsNames"/> plus IP entries for 127.0.0.1 and ::1, both serverAuth and clientAuth
    /// extended key usages (so it serves mutual TLS too), and a short validity.
    /// </summary>
    /// <param name="dnsNames">Host names to certify (at least one; the first is also the subject CN). Wildcards such as <c>*.dev.example</c> are allowed.</param>
    /// <param name="keyAlgorithm">The key pair; ECDSA P-256 by default.</param>
    /// <param name="validity">How long it is valid; <see cref="DefaultDevelopmentValidity"/> by default, at most 397 days.</param>
    /// <param name="timeProvider">The clock for the validity period; the system clock by default.</param>
    /// <returns>The certificate with its private key, usable by SslStream; the caller disposes it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="dnsNames"/> is null.</exception>
    /// <exception cref="ArgumentException">No name is given, a name is invalid, or the validity is out of range.</exception>
    public static X509Certificate2 CreateDevelopmentCertificate(
        IEnumerable<string> dnsNames,
        TlsDevelopmentKeyAlgorithm keyAlgorithm = TlsDevelopmentKeyAlgorithm.EcdsaP256,
        TimeSpan? validity = null,
        TimeProvider? timeProvider = null)
    {
        var names = NormalizeDevelopmentNames(dnsNames);
        var lifetime = validity ?? DefaultDevelopmentValidity;
        if (lifetime <= TimeSpan.Zero || lifetime > MaxDevelopmentValidity)
        {
            throw new ArgumentOutOfRangeException(nameof(validity), lifetime, $"A development certificate is valid for more than zero and at most {MaxDevelopmentValidity.TotalDays} days.");
        }

        var now = (timeProvider ?? TimeProvider.System).GetUtcNow();
        var subject = new X500DistinguishedNameBuilder();
        subject.AddOrganizationName("UcStack development");
        subject.AddCommonName(names[0]);
        var distinguishedName = subject.Build();

        using var ecdsa = keyAlgorithm == TlsDevelopmentKeyAlgorithm.EcdsaP256 ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : null;
        using var rsa = keyAlgorithm == TlsDevelopmentKeyAlgorithm.Rsa2048 ? RSA.Create(2048) : null;
        var request = keyAlgorithm switch
        {
            TlsDevelopmentKeyAlgorithm.EcdsaP256 => new CertificateRequest(distinguishedName, ecdsa!, HashAlgorithmName.SHA256),
            TlsDevelopmentKeyAlgorithm.Rsa2048 => new CertificateRequest(distinguishedName, rsa!, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            _ => throw new ArgumentOutOfRangeException(nameof(keyAlgorithm), keyAlgorithm, "Unknown key algorithm."),
        };

        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            san.AddDnsName(name);
        }

        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(san.Build(critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));

        // RFC 5280 §4.2.1.3: ECDHE suites need only digitalSignature; RSA key transport (TLS 1.2) also keyEncipherment.
        var usage = keyAlgorithm == TlsDevelopmentKeyAlgorithm.Rsa2048
            ? X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment
            : X509KeyUsageFlags.DigitalSignature;
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(TlsTrust.ServerAuthOid), new Oid(TlsTrust.ClientAuthOid)],
            critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));

        using var created = request.CreateSelfSigned(now - ClockSkewAllowance, now + lifetime);
        return ReimportWithKey(created);
    }

    /// <summary>
    /// Returns the development certificate stored at <paramref name="path"/> if it still covers
    /// <paramref name="dnsNames"/> and is valid for at least another day; otherwise creates one with
    /// <see cref="CreateDevelopmentCertificate"/> and stores it there as PKCS#12 (readable by the owner only on Unix).
    /// </summary>
    /// <param name="path">The PFX file; its directory is created if needed.</param>
    /// <param name="dnsNames">Host names the certificate must cover.</param>
    /// <param name="password">The PFX password; null for none (it is a development certificate).</param>
    /// <param name="timeProvider">The clock for validity checks; the system clock by default.</param>
    /// <returns>The certificate with its private key; the caller disposes it.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">No name is given or a name is invalid.</exception>
    /// <exception cref="TlsCertificateException">The file exists but cannot be read as PKCS#12 with this password (it is left untouched), or the new file cannot be written.</exception>
    public static X509Certificate2 GetOrCreateDevelopmentCertificate(
        string path,
        IEnumerable<string> dnsNames,
        string? password = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var names = NormalizeDevelopmentNames(dnsNames);
        var clock = timeProvider ?? TimeProvider.System;
        if (File.Exists(path))
        {
            var existing = LoadPfx(path, password);
            if (IsReusable(existing, names, clock.GetUtcNow()))
            {
                return existing;
            }

            existing.Dispose();
        }

        var certificate = CreateDevelopmentCertificate(names, timeProvider: clock);
        try
        {
            WritePfx(path, certificate, password);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            certificate.Dispose();
            throw new TlsCertificateException($"Could not store the development certificate at '{path}': {ex.Message}", ex);
        }

        return certificate;
    }

    private static bool IsReusable(X509Certificate2 certificate, List<string> names, DateTimeOffset now)
    {
        if (now < certificate.NotBefore.ToUniversalTime() || now + RenewalMargin > certificate.NotAfter.ToUniversalTime())
        {
            return false;
        }

        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in TlsCertificateNames.GetDnsNames(certificate))
        {
            if (TlsDnsName.TryNormalize(name, allowWildcard: true, out var normalized, out _))
            {
                present.Add(normalized);
            }
        }

        return names.TrueForAll(present.Contains);
    }

    private static void WritePfx(string path, X509Certificate2 certificate, string? password)
    {
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);
        var pfx = certificate.Export(X509ContentType.Pkcs12, password);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                // The file holds a private key: owner read/write only.
                fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temporary, fileOptions))
            {
                stream.Write(pfx);
            }

            // Readers see the old file or the complete new one, never a half-written one.
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pfx);
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    private static List<string> NormalizeDevelopmentNames(IEnumerable<string> dnsNames)
    {
        ArgumentNullException.ThrowIfNull(dnsNames);
        var names = new List<string>();
        foreach (var name in dnsNames)
        {
            if (!TlsDnsName.TryNormalize(name, allowWildcard: true, out var normalized, out var problem))
            {
                throw new ArgumentException($"Development certificate name '{name}' is refused: {problem}.", nameof(dnsNames));
            }

            if (!names.Contains(normalized))
            {
                names.Add(normalized);
            }
        }

        if (names.Count == 0)
        {
            throw new ArgumentException("A development certificate needs at least one DNS name.", nameof(dnsNames));
        }

        return names;
    }

    /// <summary>
    /// Returns a copy of <paramref name="certificate"/> whose private key went through a PKCS#12 export and
    /// import: keys created in memory (CertificateRequest, PEM) are then persisted the way SslStream
    /// expects on every platform (SChannel on Windows refuses ephemeral keys).
    /// </summary>
    private static X509Certificate2 ReimportWithKey(X509Certificate2 certificate)
    {
        var pfx = certificate.Export(X509ContentType.Pkcs12);
        try
        {
            return X509CertificateLoader.LoadPkcs12(pfx, password: null, X509KeyStorageFlags.Exportable);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pfx);
        }
    }
}
