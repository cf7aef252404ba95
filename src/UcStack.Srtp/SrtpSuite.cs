using System.Diagnostics.CodeAnalysis;

namespace UcStack.Srtp;

/// <summary>
/// An SRTP crypto suite, named as registered for SDES (RFC 4568 §6.2, RFC 6188, RFC 7714), with the key, salt and
/// tag lengths it implies. Instances are immutable singletons; compare them by reference.
/// </summary>
public sealed class SrtpSuite
{
    /// <summary>AES-128 counter mode with an 80-bit HMAC-SHA1 tag (RFC 3711 §5, the default transform).</summary>
    public static SrtpSuite AesCm128HmacSha1Tag80 { get; } =
        new("AES_CM_128_HMAC_SHA1_80", SrtpCipherKind.AesCounterMode, masterKeyLength: 16, masterSaltLength: 14, srtpTagLength: 10, srtcpTagLength: 10);

    /// <summary>AES-128 counter mode with a 32-bit HMAC-SHA1 tag on SRTP; SRTCP keeps the 80-bit tag (RFC 4568 §6.2.2).</summary>
    public static SrtpSuite AesCm128HmacSha1Tag32 { get; } =
        new("AES_CM_128_HMAC_SHA1_32", SrtpCipherKind.AesCounterMode, 16, 14, 4, 10);

    /// <summary>AES-256 counter mode with an 80-bit HMAC-SHA1 tag (RFC 6188).</summary>
    public static SrtpSuite Aes256CmHmacSha1Tag80 { get; } =
        new("AES_256_CM_HMAC_SHA1_80", SrtpCipherKind.AesCounterMode, 32, 14, 10, 10);

    /// <summary>AES-256 counter mode with a 32-bit HMAC-SHA1 tag on SRTP; SRTCP keeps the 80-bit tag (RFC 6188).</summary>
    public static SrtpSuite Aes256CmHmacSha1Tag32 { get; } =
        new("AES_256_CM_HMAC_SHA1_32", SrtpCipherKind.AesCounterMode, 32, 14, 4, 10);

    /// <summary>AES-128 GCM with a 16-octet tag (RFC 7714).</summary>
    public static SrtpSuite AeadAes128Gcm { get; } =
        new("AEAD_AES_128_GCM", SrtpCipherKind.AesGcm, 16, 12, 16, 16);

    /// <summary>AES-256 GCM with a 16-octet tag (RFC 7714).</summary>
    public static SrtpSuite AeadAes256Gcm { get; } =
        new("AEAD_AES_256_GCM", SrtpCipherKind.AesGcm, 32, 12, 16, 16);

    /// <summary>
    /// NULL cipher with an 80-bit HMAC-SHA1 tag (RFC 3711 §4.1.3): packets are authenticated but sent in the clear.
    /// For debugging only; never chosen by default. Keys are derived with the AES-128 PRF from a 16-octet master key
    /// and 14-octet master salt, like libsrtp does.
    /// </summary>
    public static SrtpSuite NullHmacSha1Tag80 { get; } =
        new("NULL_HMAC_SHA1_80", SrtpCipherKind.Null, 16, 14, 10, 10);

    /// <summary>Every suite this library implements.</summary>
    public static IReadOnlyList<SrtpSuite> All { get; } =
    [
        AesCm128HmacSha1Tag80, AesCm128HmacSha1Tag32, Aes256CmHmacSha1Tag80, Aes256CmHmacSha1Tag32,
        AeadAes128Gcm, AeadAes256Gcm, NullHmacSha1Tag80,
    ];

    private SrtpSuite(string name, SrtpCipherKind cipher, int masterKeyLength, int masterSaltLength, int srtpTagLength, int srtcpTagLength)
    {
        Name = name;
        Cipher = cipher;
        MasterKeyLength = masterKeyLength;
        MasterSaltLength = masterSaltLength;
        SrtpTagLength = srtpTagLength;
        SrtcpTagLength = srtcpTagLength;
    }

    /// <summary>The SDES name, e.g. <c>AES_CM_128_HMAC_SHA1_80</c>.</summary>
    public string Name { get; }

    /// <summary>Length in octets of the master key (also the session encryption key length).</summary>
    public int MasterKeyLength { get; }

    /// <summary>Length in octets of the master salt (also the session salt length): 14 for AES-CM, 12 for GCM.</summary>
    public int MasterSaltLength { get; }

    /// <summary>Length in octets of the SRTP authentication tag.</summary>
    public int SrtpTagLength { get; }

    /// <summary>Length in octets of the SRTCP authentication tag.</summary>
    public int SrtcpTagLength { get; }

    /// <summary>True for the AEAD (AES-GCM) suites of RFC 7714.</summary>
    public bool IsAead => Cipher == SrtpCipherKind.AesGcm;

    /// <summary>Length in octets of SDES key material: master key followed by master salt.</summary>
    public int KeyMaterialLength => MasterKeyLength + MasterSaltLength;

    internal SrtpCipherKind Cipher { get; }

    /// <summary>Session authentication key length: 160 bits for HMAC-SHA1 (RFC 3711 §5.2), none for AEAD.</summary>
    internal int AuthKeyLength => IsAead ? 0 : 20;

    /// <summary>Finds a suite by its SDES name (ASCII, case-sensitive as RFC 4568 registers them).</summary>
    /// <param name="name">The suite name, e.g. <c>AEAD_AES_128_GCM</c>.</param>
    /// <param name="suite">The suite, when found.</param>
    /// <returns>True when <paramref name="name"/> names a supported suite.</returns>
    public static bool TryParse([NotNullWhen(true)] string? name, [NotNullWhen(true)] out SrtpSuite? suite)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name, name, StringComparison.Ordinal))
            {
                suite = candidate;
                return true;
            }
        }

        suite = null;
        return false;
    }

    /// <summary>Returns the SDES name.</summary>
    /// <returns>The suite name.</returns>
    public override string ToString() => Name;
}
