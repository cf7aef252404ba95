using System.Buffers.Binary;
using System.Security.Cryptography;

namespace UcStack.Srtp.Crypto;

/// <summary>
/// AES in counter mode as SRTP uses it (RFC 3711 §4.1.1 AES-CM, RFC 6188 for AES-192/256).
/// One instance per session key; not thread-safe (it keeps scratch state); zeroes its key on dispose.
/// </summary>
internal sealed class AesCtr : IDisposable
{
    private const int BatchBlocks = 8;

    private readonly Aes _aes;
    private bool _disposed;

    /// <summary>Creates the cipher for a 16, 24 or 32 byte AES key.</summary>
    /// <exception cref="ArgumentException">The key is not 16, 24 or 32 bytes long.</exception>
    public AesCtr(ReadOnlySpan<byte> key)
    {
        AesKeyLength.ThrowIfInvalid(key, nameof(key));
        var keyCopy = key.ToArray();
        try
        {
            _aes = Aes.Create();
            _aes.Key = keyCopy;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyCopy);
        }
    }

    /// <summary>
    /// XORs <paramref name="data"/> in place with the keystream E(k, IV) || E(k, IV + 1) || ...
    /// </summary>
    /// <param name="iv">The 128-bit initial counter block.</param>
    /// <param name="data">The bytes to encrypt or decrypt in place; any length.</param>
    /// <exception cref="ArgumentException"><paramref name="iv"/> is not 16 bytes long.</exception>
    /// <exception cref="ObjectDisposedException">The instance was disposed.</exception>
    public void Transform(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        if (iv.Length != 16)
        {
            throw new ArgumentException($"The AES-CM IV must be 16 bytes, got {iv.Length}.", nameof(iv));
        }

        ObjectDisposedException.ThrowIf(_disposed, this);

        // RFC 3711 §4.1.1: the keystream is E(k, IV) || E(k, IV + 1 mod 2^128) || ...
        var high = BinaryPrimitives.ReadUInt64BigEndian(iv);
        var low = BinaryPrimitives.ReadUInt64BigEndian(iv[8..]);
        Span<byte> counters = stackalloc byte[BatchBlocks * 16];
        Span<byte> keystream = stackalloc byte[BatchBlocks * 16];
        while (!data.IsEmpty)
        {
            var blocks = Math.Min(BatchBlocks, (data.Length + 15) >> 4);
            for (var i = 0; i < blocks; i++)
            {
                BinaryPrimitives.WriteUInt64BigEndian(counters[(i * 16)..], high);
                BinaryPrimitives.WriteUInt64BigEndian(counters[((i * 16) + 8)..], low);
                low++;
                if (low == 0)
                {
                    high++;
                }
            }

            var bytes = blocks * 16;
            _aes.EncryptEcb(counters[..bytes], keystream, PaddingMode.None);
            var n = Math.Min(bytes, data.Length);
            XorInPlace(data[..n], keystream[..n]);
            data = data[n..];
        }

        CryptographicOperations.ZeroMemory(keystream);
    }

    /// <summary>Encrypts one 16-byte block with the raw AES block cipher (used by the KDF and GCM).</summary>
    /// <exception cref="ArgumentException">A buffer is not 16 bytes long.</exception>
    /// <exception cref="ObjectDisposedException">The instance was disposed.</exception>
    public void EncryptBlock(ReadOnlySpan<byte> input16, Span<byte> output16)
    {
        if (input16.Length != 16 || output16.Length != 16)
        {
            throw new ArgumentException("AES blocks are 16 bytes.", input16.Length != 16 ? nameof(input16) : nameof(output16));
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        _aes.EncryptEcb(input16, output16, PaddingMode.None);
    }

    /// <summary>Zeroes the key material.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _aes.Dispose();
    }

    private static void XorInPlace(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        for (var i = 0; i < data.Length; i++)
        {
            data[i] ^= keystream[i];
        }
    }
}
