using System.Security.Cryptography;

namespace UcStack.Srtp.Crypto;

/// <summary>
/// AES-GCM with a 12-byte IV and a 16-byte tag, as SRTP AEAD uses it (RFC 7714: AEAD_AES_128_GCM and
/// AEAD_AES_256_GCM). One instance per session key; not thread-safe; zeroes its key on dispose.
/// </summary>
internal sealed class AesGcmCipher : IDisposable
{
    /// <summary>Length of the GCM nonce (IV) RFC 7714 uses.</summary>
    public const int NonceLength = 12;

    /// <summary>Length of the authentication tag RFC 7714 requires.</summary>
    public const int TagLength = 16;

    private readonly AesGcm _gcm;
    private bool _disposed;

    /// <summary>Creates the cipher for a 16 or 32 byte key.</summary>
    /// <exception cref="ArgumentException">The key is not 16 or 32 bytes long.</exception>
    public AesGcmCipher(ReadOnlySpan<byte> key)
    {
        AesKeyLength.ThrowIfInvalidForGcm(key, nameof(key));
        _gcm = new AesGcm(key, TagLength);
    }

    /// <summary>Encrypts <paramref name="data"/> in place and writes the 16-byte tag over <paramref name="aad"/> and the ciphertext.</summary>
    /// <exception cref="ArgumentException">The nonce is not 12 bytes or the tag buffer not 16 bytes.</exception>
    /// <exception cref="ObjectDisposedException">The instance was disposed.</exception>
    public void Encrypt(ReadOnlySpan<byte> nonce12, ReadOnlySpan<byte> aad, Span<byte> data, Span<byte> tag16)
    {
        CheckLengths(nonce12, tag16.Length);
        ObjectDisposedException.ThrowIf(_disposed, this);
        _gcm.Encrypt(nonce12, data, data, tag16, aad);
    }

    /// <summary>
    /// Verifies the tag and decrypts <paramref name="data"/> in place. Returns false when the tag does not
    /// match; <paramref name="data"/> is then zeroed, so no unauthenticated bytes are ever handed on.
    /// </summary>
    /// <exception cref="ArgumentException">The nonce is not 12 bytes or the tag not 16 bytes.</exception>
    /// <exception cref="ObjectDisposedException">The instance was disposed.</exception>
    public bool Decrypt(ReadOnlySpan<byte> nonce12, ReadOnlySpan<byte> aad, Span<byte> data, ReadOnlySpan<byte> tag16)
    {
        CheckLengths(nonce12, tag16.Length);
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            _gcm.Decrypt(nonce12, data, tag16, data, aad);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(data);
            return false;
        }
    }

    /// <summary>Zeroes the key material.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _gcm.Dispose();
    }

    private static void CheckLengths(ReadOnlySpan<byte> nonce12, int tag16)
    {
        if (nonce12.Length != NonceLength)
        {
            throw new ArgumentException($"The GCM nonce must be 12 bytes, got {nonce12.Length}.", nameof(nonce12));
        }

        if (tag16 != TagLength)
        {
            throw new ArgumentException($"The GCM tag must be 16 bytes, got {tag16}.", nameof(tag16));
        }
    }
}
