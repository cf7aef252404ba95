using System.Buffers.Binary;
using System.Security.Cryptography;

namespace UcStack.Srtp.Crypto;

/// <summary>
/// AES-CM on the platform AES for CPUs without AES-NI: counter blocks are built eight at a time in an
/// owned buffer and encrypted by one reused ECB transform (<c>Aes.EncryptEcb</c> allocates on every call;
/// a reused <see cref="ICryptoTransform"/> does not).
/// </summary>
internal sealed class AesCtrPortable : IDisposable
{
    private const int BatchBlocks = 8;

    private readonly Aes _aes;
    private readonly ICryptoTransform _ecb;
    private readonly byte[] _counters = GC.AllocateArray<byte>(BatchBlocks * AesCtr.BlockLength, pinned: true);
    private readonly byte[] _keystream = GC.AllocateArray<byte>(BatchBlocks * AesCtr.BlockLength, pinned: true);

    /// <summary>Creates the cipher; the key length was checked by the caller.</summary>
    public AesCtrPortable(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        _aes.SetKey(key);
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _ecb = _aes.CreateEncryptor();
    }

    /// <summary>XORs <paramref name="data"/> with the RFC 3711 §4.1.1 keystream starting at the 16-byte <paramref name="iv"/>.</summary>
    public void Transform(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        var high = BinaryPrimitives.ReadUInt64BigEndian(iv);
        var low = BinaryPrimitives.ReadUInt64BigEndian(iv[8..]);
        var counters = _counters.AsSpan();
        while (!data.IsEmpty)
        {
            var blocks = Math.Min(BatchBlocks, (data.Length + 15) >> 4);
            for (var i = 0; i < blocks; i++)
            {
                BinaryPrimitives.WriteUInt64BigEndian(counters[(i * 16)..], high);
                BinaryPrimitives.WriteUInt64BigEndian(counters[((i * 16) + 8)..], low);

                // RFC 3711 §4.1.1: IV + i mod 2^128, so a carry out of the low half goes into the high half.
                low++;
                if (low == 0)
                {
                    high++;
                }
            }

            var bytes = blocks * AesCtr.BlockLength;
            _ecb.TransformBlock(_counters, 0, bytes, _keystream, 0);
            var n = Math.Min(bytes, data.Length);
            AesNiCounterMode.XorTail(ref data[0], n, _keystream);
            data = data[n..];
        }
    }

    /// <summary>Encrypts one block.</summary>
    public void EncryptBlock(ReadOnlySpan<byte> input16, Span<byte> output16)
    {
        input16.CopyTo(_counters);
        _ecb.TransformBlock(_counters, 0, AesCtr.BlockLength, _keystream, 0);
        _keystream.AsSpan(0, AesCtr.BlockLength).CopyTo(output16);
    }

    /// <summary>Releases the platform key (the BCL zeroes its copy) and zeroes the keystream scratch.</summary>
    public void Dispose()
    {
        _ecb.Dispose();
        _aes.Dispose();
        CryptographicOperations.ZeroMemory(_keystream);
        CryptographicOperations.ZeroMemory(_counters);
    }
}
