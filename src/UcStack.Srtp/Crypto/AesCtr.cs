using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;

namespace UcStack.Srtp.Crypto;

/// <summary>
/// AES in counter mode as SRTP uses it (RFC 3711 §4.1.1 AES-CM; AES-192/256 per RFC 6188).
/// Uses AES-NI when the CPU has it, else the platform AES (still allocation-free per call).
/// One instance per session key; not thread-safe; zeroes its key schedule on dispose.
/// </summary>
internal sealed class AesCtr : IDisposable
{
    /// <summary>AES block length in bytes.</summary>
    public const int BlockLength = 16;

    private readonly Vector128<byte>[]? _roundKeys;
    private readonly int _rounds;
    private readonly AesCtrPortable? _portable;
    private bool _disposed;

    /// <summary>Creates the cipher for a 16, 24 or 32 byte AES key.</summary>
    /// <exception cref="ArgumentException">The key is not 16, 24 or 32 bytes long.</exception>
    public AesCtr(ReadOnlySpan<byte> key)
        : this(key, AesNi.IsSupported)
    {
    }

    /// <summary>Creates the cipher and chooses the implementation (tests force the portable one).</summary>
    /// <exception cref="ArgumentException">The key is not 16, 24 or 32 bytes long.</exception>
    /// <exception cref="PlatformNotSupportedException">AES-NI was requested on a CPU without it.</exception>
    internal AesCtr(ReadOnlySpan<byte> key, bool useAesNi)
    {
        AesKeyLength.ThrowIfInvalid(key, nameof(key));
        if (useAesNi)
        {
            if (!AesNi.IsSupported)
            {
                throw new PlatformNotSupportedException("This CPU has no AES-NI.");
            }

            _roundKeys = AesNi.AllocateRoundKeys();
            _rounds = AesNi.ExpandKey(key, _roundKeys);
        }
        else
        {
            _portable = new AesCtrPortable(key);
        }
    }

    /// <summary>True when this instance runs on AES-NI.</summary>
    public bool UsesAesNi => _roundKeys is not null;

    /// <summary>
    /// XORs <paramref name="data"/> in place with the keystream E(k, IV) || E(k, IV + 1 mod 2^128) || ...
    /// </summary>
    /// <param name="iv">The 128-bit initial counter block.</param>
    /// <param name="data">The bytes to encrypt or decrypt in place; any length.</param>
    /// <exception cref="ArgumentException"><paramref name="iv"/> is not 16 bytes long.</exception>
    /// <exception cref="ObjectDisposedException">The instance was disposed.</exception>
    /// <remarks>
    /// RFC 3711 §4.1.1 adds the block number to the whole 128-bit IV (mod 2^128), which is what this does;
    /// SRTP IVs end in 16 zero bits and a packet needs fewer than 2^16 blocks, so in SRTP no carry ever
    /// leaves the low 16 bits and the result equals libsrtp's 16-bit counter. Enforcing the 2^16-block
    /// limit is the caller's job (SRTP packets are far smaller).
    /// </remarks>
    public void Transform(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        if (iv.Length != BlockLength)
        {
            throw new ArgumentException($"The AES-CM IV must be 16 bytes, got {iv.Length}.", nameof(iv));
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_roundKeys is not null)
        {
            AesNiCounterMode.Transform(ref MemoryMarshal.GetArrayDataReference(_roundKeys), _rounds, new BigEndian128Counter(iv), data);
        }
        else
        {
            _portable!.Transform(iv, data);
        }
    }

    /// <summary>
    /// As <see cref="Transform(ReadOnlySpan{byte}, Span{byte})"/>, with the 128-bit IV given as its big-endian high
    /// and low halves (SRTP forms it in registers; see <see cref="GcmNonce"/> for why).
    /// </summary>
    /// <param name="ivHigh">IV octets 0-7 as a big-endian number.</param>
    /// <param name="ivLow">IV octets 8-15 as a big-endian number.</param>
    /// <param name="data">The data, transformed in place.</param>
    [SkipLocalsInit]
    public void Transform(ulong ivHigh, ulong ivLow, Span<byte> data)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_roundKeys is not null)
        {
            AesNiCounterMode.Transform(ref MemoryMarshal.GetArrayDataReference(_roundKeys), _rounds, new BigEndian128Counter(ivHigh, ivLow), data);
            return;
        }

        Span<byte> iv = stackalloc byte[BlockLength];
        BinaryPrimitives.WriteUInt64BigEndian(iv, ivHigh);
        BinaryPrimitives.WriteUInt64BigEndian(iv[8..], ivLow);
        _portable!.Transform(iv, data);
    }

    /// <summary>Encrypts one 16-byte block with the raw AES block cipher (used by the KDF and tests).</summary>
    /// <exception cref="ArgumentException">A buffer is not 16 bytes long.</exception>
    /// <exception cref="ObjectDisposedException">The instance was disposed.</exception>
    public void EncryptBlock(ReadOnlySpan<byte> input16, Span<byte> output16)
    {
        if (input16.Length != BlockLength)
        {
            throw new ArgumentException($"An AES block is 16 bytes, got {input16.Length}.", nameof(input16));
        }

        if (output16.Length != BlockLength)
        {
            throw new ArgumentException($"An AES block is 16 bytes, got {output16.Length}.", nameof(output16));
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_roundKeys is not null)
        {
            var block = AesNi.Encrypt(Vector128.Create(input16), ref MemoryMarshal.GetArrayDataReference(_roundKeys), _rounds);
            block.CopyTo(output16);
        }
        else
        {
            _portable!.EncryptBlock(input16, output16);
        }
    }

    /// <summary>Zeroes the key schedule.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_roundKeys is not null)
        {
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_roundKeys.AsSpan()));
        }

        _portable?.Dispose();
    }
}
