using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using UcStack.Crypto;

namespace UcStack.Srtp.Crypto;

/// <summary>
/// HMAC-SHA1 (RFC 2104) with a fixed key, as SRTP's default authentication transform uses it
/// (RFC 3711 §4.2.1). The SHA-1 states after the ipad and opad key blocks are computed once, so each MAC
/// costs only the message blocks plus one outer block. SHA-1 itself runs on libcrypto's SHA1_Update when
/// the system has a libcrypto that passes the self-test, else on <see cref="Sha1Managed"/>.
/// One instance per session key; not thread-safe (it keeps a working state); zeroes all key state on dispose.
/// </summary>
internal sealed unsafe partial class HmacSha1 : IDisposable
{
    /// <summary>Length of the full HMAC-SHA1 output.</summary>
    public const int MacLength = 20;

    // RFC 2104 §2: the inner and outer pads.
    private const byte InnerPad = 0x36;
    private const byte OuterPad = 0x5C;

    // The outer hash always covers 64 (key block) + 20 (inner digest) bytes, so its final block is the
    // inner digest followed by constant padding; only its first 20 bytes change per call.
    private const ulong OuterMessageBits = (Sha1Managed.BlockLength + Sha1Managed.DigestLength) * 8;

    private readonly LibCryptoSha1? _native;

    // Pinned so the GC never copies key-dependent state around; zeroed on dispose. Layout per backend below.
    private readonly byte[] _state;
    private readonly byte* _base;
    private bool _disposed;

    /// <summary>Creates the MAC for a key of any length (SRTP uses 20 bytes).</summary>
    public HmacSha1(ReadOnlySpan<byte> key)
        : this(key, LibCryptoSha1.Instance)
    {
    }

    /// <summary>Creates the MAC on libcrypto's SHA-1 (<paramref name="native"/>) or, when null, on managed SHA-1.</summary>
    internal HmacSha1(ReadOnlySpan<byte> key, LibCryptoSha1? native)
    {
        _native = native;
        _state = GC.AllocateArray<byte>(native is null ? ManagedLayout.Length : NativeLayout.Length, pinned: true);
        _base = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_state));

        Span<byte> keyBlock = stackalloc byte[Sha1Managed.BlockLength];
        try
        {
            PrepareKeyBlock(key, keyBlock);
            var outerBlock = new Span<byte>(_base + (native is null ? ManagedLayout.OuterBlock : NativeLayout.OuterBlock), Sha1Managed.BlockLength);
            outerBlock[Sha1Managed.DigestLength] = 0x80;
            BinaryPrimitives.WriteUInt64BigEndian(outerBlock[56..], OuterMessageBits);
            if (native is null)
            {
                InitializeManaged(keyBlock);
            }
            else
            {
                InitializeNative(keyBlock);
            }
        }
        catch
        {
            // A failed construction must not leave key-derived state behind in the pinned buffer.
            CryptographicOperations.ZeroMemory(_state);
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyBlock);
        }
    }

    /// <summary>Creates the MAC on libcrypto's SHA-1 or fails with the probe's reason (benchmarks and tests
    /// that must measure that path and nothing else).</summary>
    /// <exception cref="InvalidOperationException">libcrypto is missing or failed its self-test.</exception>
    internal static HmacSha1 CreateOnLibCrypto(ReadOnlySpan<byte> key) =>
        new(key, LibCryptoSha1.Instance ?? throw new InvalidOperationException(LibCryptoSha1.Status));

    /// <summary>True when SHA-1 runs in libcrypto, false when it runs in managed code.</summary>
    public bool UsesLibCrypto => _native is not null;

    /// <summary>
    /// Computes HMAC-SHA1 over <paramref name="part1"/> || <paramref name="part2"/> (SRTP authenticates
    /// packet || ROC without copying them together) and writes the full 20-byte MAC.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="mac20"/> is shorter than 20 bytes.</exception>
    /// <exception cref="ObjectDisposedException">The instance was disposed.</exception>
    /// <exception cref="CryptographicException">libcrypto reported a failure.</exception>
    public void Compute(ReadOnlySpan<byte> part1, ReadOnlySpan<byte> part2, Span<byte> mac20)
    {
        if (mac20.Length < MacLength)
        {
            throw new ArgumentException($"The HMAC-SHA1 output needs 20 bytes, got {mac20.Length}.", nameof(mac20));
        }

        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_native is null)
        {
            ComputeManaged(part1, part2, mac20);
        }
        else
        {
            ComputeNative(part1, part2, mac20);
        }
    }

    /// <summary>Zeroes every key-derived state.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        CryptographicOperations.ZeroMemory(_state);
    }

    // RFC 2104 §2: keys longer than the block are hashed first; the key is then zero-padded to 64 bytes.
    private static void PrepareKeyBlock(ReadOnlySpan<byte> key, Span<byte> keyBlock)
    {
        keyBlock.Clear();
        if (key.Length > Sha1Managed.BlockLength)
        {
            Span<uint> state = stackalloc uint[Sha1Managed.StateWords];
            Sha1Managed.Initialize(state);
            Sha1Managed.HashFinal(state, key, default, 0);
            Sha1Managed.WriteDigest(state, keyBlock);
            state.Clear();
        }
        else
        {
            key.CopyTo(keyBlock);
        }
    }

    private static void XorInto(Span<byte> destination, ReadOnlySpan<byte> keyBlock, byte pad)
    {
        for (var i = 0; i < Sha1Managed.BlockLength; i++)
        {
            destination[i] = (byte)(keyBlock[i] ^ pad);
        }
    }
}
