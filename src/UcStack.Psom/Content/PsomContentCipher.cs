using System.Security.Cryptography;

namespace UcStack.Psom;

/// <summary>
/// The per-content encryption: AES-256-GCM under a fresh random key per item, blob layout
/// <c>nonce (12) | ciphertext | tag (16)</c> (docs/psom-protocol.md §11). Participants decrypt with the
/// <c>contentKey</c> they received over Psom.
/// </summary>
public static class PsomContentCipher
{
    /// <summary>Key length in bytes (AES-256).</summary>
    public const int KeyLength = 32;

    private const int NonceLength = 12;
    private const int TagLength = 16;

    /// <summary>Encrypts <paramref name="plaintext"/> under a new random key.</summary>
    /// <param name="plaintext">The content.</param>
    /// <param name="key">Receives the new key (the caller zeroes it when done).</param>
    /// <returns>The blob.</returns>
    public static byte[] Encrypt(ReadOnlySpan<byte> plaintext, out byte[] key)
    {
        key = RandomNumberGenerator.GetBytes(KeyLength);
        var blob = new byte[NonceLength + plaintext.Length + TagLength];
        var nonce = blob.AsSpan(0, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagLength);
        aes.Encrypt(nonce, plaintext, blob.AsSpan(NonceLength, plaintext.Length), blob.AsSpan(NonceLength + plaintext.Length));
        return blob;
    }

    /// <summary>Decrypts and authenticates a blob.</summary>
    /// <param name="key">The content key.</param>
    /// <param name="blob">The blob from the content endpoint.</param>
    /// <returns>The plaintext.</returns>
    /// <exception cref="CryptographicException">Wrong key, or the blob was altered or truncated.</exception>
    public static byte[] Decrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> blob)
    {
        if (key.Length != KeyLength)
        {
            throw new CryptographicException($"A content key has {KeyLength} bytes, not {key.Length}.");
        }

        if (blob.Length < NonceLength + TagLength)
        {
            throw new CryptographicException("The content blob is truncated.");
        }

        var plaintext = new byte[blob.Length - NonceLength - TagLength];
        using var aes = new AesGcm(key, TagLength);
        aes.Decrypt(blob[..NonceLength], blob[NonceLength..^TagLength], blob[^TagLength..], plaintext);
        return plaintext;
    }
}
