using System.Security.Cryptography;
using UcStack.Stun.Crypto;

namespace UcStack.Stun;

/// <summary>
/// The HMAC key of a STUN credential (RFC 8489 §9), ready for MESSAGE-INTEGRITY (HMAC-SHA1) and
/// MESSAGE-INTEGRITY-SHA256. Construction precomputes the SHA-1 states after the RFC 2104 ipad and opad
/// blocks, so each message costs only its own blocks and allocates nothing; SHA-1 runs in the system's
/// libcrypto when it passes a self-test (SHA-NI), else in managed code.
/// </summary>
/// <remarks>
/// Immutable once built: one instance may be used by many threads at once. <see cref="Dispose"/> zeroes
/// the key material; do not dispose while another thread is using the key.
/// </remarks>
public sealed class StunIntegrityKey : IDisposable
{
    private readonly byte[] _key;
    private readonly HmacSha1Key _hmacSha1;
    private bool _disposed;

    /// <summary>Creates a key from raw key bytes (already derived: see <see cref="StunCredentials"/>).</summary>
    /// <param name="key">The key; it is copied.</param>
    /// <exception cref="ArgumentException"><paramref name="key"/> is empty.</exception>
    public StunIntegrityKey(ReadOnlySpan<byte> key)
    {
        if (key.IsEmpty)
        {
            throw new ArgumentException("A STUN integrity key cannot be empty.", nameof(key));
        }

        _key = key.ToArray();
        _hmacSha1 = new HmacSha1Key(key);
    }

    /// <summary>
    /// Short-term credential key (RFC 8489 §9.1.2): the password after <paramref name="profile"/>
    /// (OpaqueString by default; RFC 5389 peers use SASLprep), as UTF-8.
    /// </summary>
    /// <param name="password">The password.</param>
    /// <param name="profile">The string preparation to apply.</param>
    /// <exception cref="ArgumentNullException"><paramref name="password"/> is null.</exception>
    /// <exception cref="StunStringPreparationException">The password contains a code point the profile prohibits.</exception>
    public static StunIntegrityKey ForShortTerm(string password, StunPasswordProfile profile = StunPasswordProfile.OpaqueString)
    {
        var key = StunCredentials.DeriveShortTermKey(password, profile);
        try
        {
            return new StunIntegrityKey(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// Long-term credential key (RFC 8489 §9.2.2): MD5 or SHA-256 of
    /// <c>username ":" profile(realm) ":" profile(password)</c>.
    /// </summary>
    /// <param name="username">The username exactly as sent in USERNAME.</param>
    /// <param name="realm">The realm.</param>
    /// <param name="password">The password.</param>
    /// <param name="algorithm">MD5 (RFC 5389 and the default) or SHA-256.</param>
    /// <param name="profile">The string preparation for realm and password.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="algorithm"/> is not MD5 or SHA-256.</exception>
    /// <exception cref="StunStringPreparationException">The realm or password contains a code point the profile prohibits.</exception>
    public static StunIntegrityKey ForLongTerm(
        string username,
        string realm,
        string password,
        StunPasswordAlgorithm algorithm = StunPasswordAlgorithm.Md5,
        StunPasswordProfile profile = StunPasswordProfile.OpaqueString)
    {
        var key = StunCredentials.DeriveLongTermKey(username, realm, password, algorithm, profile);
        try
        {
            return new StunIntegrityKey(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Length of the key in bytes.</summary>
    public int Length => _key.Length;

    /// <summary>Zeroes the key material.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        CryptographicOperations.ZeroMemory(_key);
        _hmacSha1.Dispose();
    }

    /// <summary>
    /// HMAC-SHA1 over <paramref name="message"/> with its header length field replaced by
    /// <paramref name="lengthField"/>; with <paramref name="padTo64"/> the input is zero-padded to a
    /// multiple of 64 bytes first (MS-TURN, RFC 3489 style).
    /// </summary>
    internal void ComputeHmacSha1(ReadOnlySpan<byte> message, int lengthField, bool padTo64, Span<byte> mac)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Span<byte> header = stackalloc byte[StunConstants.HeaderLength];
        message[..StunConstants.HeaderLength].CopyTo(header);
        header[2] = (byte)(lengthField >> 8);
        header[3] = (byte)lengthField;

        var zeroPadding = padTo64 ? (64 - (message.Length & 63)) & 63 : 0;
        _hmacSha1.Compute(header, message[StunConstants.HeaderLength..], zeroPadding, mac);
    }

    /// <summary>HMAC-SHA256 over <paramref name="message"/> with its header length field replaced; writes 32 bytes.</summary>
    internal void ComputeHmacSha256(ReadOnlySpan<byte> message, int lengthField, Span<byte> mac)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        const int StackLimit = 512;
        byte[]? rented = null;
        var copy = message.Length <= StackLimit
            ? stackalloc byte[StackLimit]
            : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(message.Length));
        try
        {
            copy = copy[..message.Length];
            message.CopyTo(copy);
            copy[2] = (byte)(lengthField >> 8);
            copy[3] = (byte)lengthField;
            HMACSHA256.HashData(_key, copy, mac);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
