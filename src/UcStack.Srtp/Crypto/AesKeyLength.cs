namespace UcStack.Srtp.Crypto;

/// <summary>Key-length checks shared by the AES-based primitives, so errors say expected vs actual.</summary>
internal static class AesKeyLength
{
    /// <summary>Throws unless <paramref name="key"/> is an AES-128, AES-192 or AES-256 key.</summary>
    /// <exception cref="ArgumentException">The key is not 16, 24 or 32 bytes long.</exception>
    public static void ThrowIfInvalid(ReadOnlySpan<byte> key, string paramName)
    {
        if (key.Length is not (16 or 24 or 32))
        {
            throw new ArgumentException($"An AES key must be 16, 24 or 32 bytes, got {key.Length}.", paramName);
        }
    }

    /// <summary>Throws unless <paramref name="key"/> is an AES-128 or AES-256 key (RFC 7714 defines GCM for SRTP with these two only).</summary>
    /// <exception cref="ArgumentException">The key is not 16 or 32 bytes long.</exception>
    public static void ThrowIfInvalidForGcm(ReadOnlySpan<byte> key, string paramName)
    {
        if (key.Length is not (16 or 32))
        {
            throw new ArgumentException($"An AEAD_AES_GCM key must be 16 or 32 bytes (RFC 7714), got {key.Length}.", paramName);
        }
    }
}
