using System.Security.Cryptography;

namespace UcStack.Srtp;

/// <summary>
/// One SRTP master key with its master salt, optional MKI and lifetime (RFC 3711 §3.2.1, RFC 4568 §6.1).
/// The key material is copied in and zeroed on <see cref="Dispose"/>; it is never exposed publicly.
/// </summary>
public sealed class SrtpMasterKey : IDisposable
{
    /// <summary>Largest MKI this library accepts, in octets.</summary>
    public const int MaxMkiLength = 4;

    /// <summary>RFC 3711 §9.2: at most 2^48 SRTP packets per master key.</summary>
    public const ulong MaxLifetime = 1UL << 48;

    private readonly byte[] _key;
    private readonly byte[] _salt;
    private readonly byte[] _mki;
    private bool _disposed;

    /// <summary>Creates a master key by copying <paramref name="key"/>, <paramref name="salt"/> and <paramref name="mki"/>.</summary>
    /// <param name="key">The master key: 16 or 32 octets depending on the suite.</param>
    /// <param name="salt">The master salt: 14 octets (AES-CM) or 12 (GCM).</param>
    /// <param name="mki">The MKI value sent with packets protected by this key, 0 to 4 octets (empty: no MKI).</param>
    /// <param name="lifetime">
    /// Number of packets (SRTP and SRTCP together) this key may protect, at most <see cref="MaxLifetime"/>;
    /// null for the transform's maximum.
    /// </param>
    /// <exception cref="ArgumentException">The key or salt is empty or the MKI is longer than <see cref="MaxMkiLength"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lifetime"/> is 0 or above <see cref="MaxLifetime"/>.</exception>
    public SrtpMasterKey(ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> mki = default, ulong? lifetime = null)
    {
        if (key.IsEmpty)
        {
            throw new ArgumentException("The master key is empty.", nameof(key));
        }

        if (salt.IsEmpty)
        {
            throw new ArgumentException("The master salt is empty.", nameof(salt));
        }

        if (mki.Length > MaxMkiLength)
        {
            throw new ArgumentException($"The MKI is {mki.Length} octets; at most {MaxMkiLength} are supported.", nameof(mki));
        }

        if (lifetime is { } packets)
        {
            ArgumentOutOfRangeException.ThrowIfZero(packets, nameof(lifetime));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(packets, MaxLifetime, nameof(lifetime));
        }

        _key = key.ToArray();
        _salt = salt.ToArray();
        _mki = mki.ToArray();
        Lifetime = lifetime ?? MaxLifetime;
    }

    /// <summary>The MKI value (empty when the key has none). Not secret: it travels in every packet.</summary>
    public ReadOnlySpan<byte> Mki => _mki;

    /// <summary>The packet count after which this key must not be used (SRTP and SRTCP packets together).</summary>
    public ulong Lifetime { get; }

    /// <summary>Length of the master key in octets.</summary>
    public int KeyLength => _key.Length;

    /// <summary>Length of the master salt in octets.</summary>
    public int SaltLength => _salt.Length;

    internal ReadOnlySpan<byte> Key
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _key;
        }
    }

    internal ReadOnlySpan<byte> Salt
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _salt;
        }
    }

    /// <summary>
    /// Parses SDES key parameters (RFC 4568 §6.1, §9.2): <c>inline:BASE64[|lifetime][|MKI:length]</c>, several
    /// separated by <c>;</c>. BASE64 decodes to the master key followed by the master salt of <paramref name="suite"/>.
    /// </summary>
    /// <param name="suite">The suite named on the same <c>a=crypto</c> line; fixes the key and salt lengths.</param>
    /// <param name="keyParams">The key-params field.</param>
    /// <returns>The master keys in the order given; the caller owns them.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="SdesKeyParamsException">The key parameters are malformed; the exception says what and where.</exception>
    public static SrtpMasterKey[] ParseSdesInline(SrtpSuite suite, string keyParams)
    {
        ArgumentNullException.ThrowIfNull(suite);
        ArgumentNullException.ThrowIfNull(keyParams);
        return SdesKeyParamsParser.Parse(suite, keyParams);
    }

    /// <summary>Zeroes the key and salt.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_key);
        CryptographicOperations.ZeroMemory(_salt);
        _disposed = true;
    }
}
