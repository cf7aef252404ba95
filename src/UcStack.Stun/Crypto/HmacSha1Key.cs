using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using UcStack.Crypto;

namespace UcStack.Stun.Crypto;

/// <summary>
/// An HMAC-SHA1 key (RFC 2104) with the SHA-1 states after the ipad and opad blocks computed once, so a MAC
/// costs only the message's own blocks plus one outer block. SHA-1 runs in libcrypto when the system has one
/// that passed <see cref="LibCryptoSha1"/>'s self-test (OpenSSL uses SHA-NI), else in managed code.
/// </summary>
/// <remarks>Immutable after construction: every MAC works on its own stack copy of a precomputed state, so one
/// key serves many threads at once (a STUN server verifies requests for one credential concurrently).
/// <see cref="Dispose"/> zeroes the states; do not dispose while another thread computes.</remarks>
internal sealed unsafe class HmacSha1Key : IDisposable
{
    /// <summary>Length of an HMAC-SHA1 value.</summary>
    public const int MacLength = Sha1Managed.DigestLength;

    private const int BlockLength = Sha1Managed.BlockLength;

    // Room for up to 63 zero bytes of MS-TURN padding plus at most 72 bytes of SHA-1 padding.
    private const int TailLength = 63 + 72;

    // Inputs up to this length (header, attributes and MS-TURN padding) are hashed from one stack buffer.
    private const int SmallInputLength = 512;

    // The small input plus at most 72 bytes of SHA-1 padding, rounded up to whole blocks.
    private const int SmallBufferLength = SmallInputLength + 128;

    // RFC 2104 §2: the outer hash covers the opad block and the 20-byte inner digest, so its one remaining
    // block is the digest followed by constant padding.
    private const ulong OuterMessageBits = (BlockLength + MacLength) * 8;

    private readonly LibCryptoSha1? _native;

    // libcrypto: two SHA_CTX slots (inner, outer). Managed: two 5-word states. Pinned so the GC never copies
    // key-dependent state around; zeroed on dispose.
    private readonly byte[] _states;
    private readonly byte* _base;
    private bool _disposed;

    /// <summary>Precomputes the key's states, on libcrypto when usable.</summary>
    /// <param name="key">The key, any length (RFC 2104 §2: longer than 64 bytes is hashed first).</param>
    public HmacSha1Key(ReadOnlySpan<byte> key)
        : this(key, LibCryptoSha1.Instance)
    {
    }

    /// <summary>Precomputes the key's states on libcrypto (<paramref name="native"/>) or, when null, managed SHA-1.</summary>
    /// <param name="key">The key.</param>
    /// <param name="native">The libcrypto table, or null for the managed path.</param>
    public HmacSha1Key(ReadOnlySpan<byte> key, LibCryptoSha1? native)
    {
        _native = native;
        _states = GC.AllocateArray<byte>(2 * LibCryptoSha1.ContextSlotLength, pinned: true);
        _base = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_states));

        Span<byte> keyBlock = stackalloc byte[BlockLength];
        Span<byte> padded = stackalloc byte[BlockLength];
        try
        {
            keyBlock.Clear();
            if (key.Length > BlockLength)
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

            Precompute(keyBlock, 0x36, padded, Slot(0));
            Precompute(keyBlock, 0x5C, padded, Slot(1));
        }
        catch
        {
            CryptographicOperations.ZeroMemory(_states);
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keyBlock);
            CryptographicOperations.ZeroMemory(padded);
        }
    }

    /// <summary>Whether SHA-1 runs in libcrypto (true) or managed code (false).</summary>
    public bool UsesLibCrypto => _native is not null;

    /// <summary>HMAC-SHA1 over <paramref name="part1"/> || <paramref name="part2"/> || <paramref name="zeroPadding"/>
    /// zero bytes; writes 20 bytes to <paramref name="mac"/>.</summary>
    /// <param name="part1">The first part (STUN: the header with its length field patched).</param>
    /// <param name="part2">The second part (STUN: the attributes before the MAC).</param>
    /// <param name="zeroPadding">Zero bytes to append (MS-TURN pads the input to a multiple of 64; under 64).</param>
    /// <param name="mac">Receives the 20-byte MAC.</param>
    [SkipLocalsInit]
    public void Compute(ReadOnlySpan<byte> part1, ReadOnlySpan<byte> part2, int zeroPadding, Span<byte> mac)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if ((uint)zeroPadding >= BlockLength)
        {
            throw new ArgumentOutOfRangeException(nameof(zeroPadding), zeroPadding, "At most 63 bytes of zero padding.");
        }

        if (mac.Length < MacLength)
        {
            throw new ArgumentException($"An HMAC-SHA1 needs 20 bytes, got {mac.Length}.", nameof(mac));
        }

        if (_native is null)
        {
            ComputeManaged(part1, part2, zeroPadding, mac);
        }
        else
        {
            ComputeNative(part1, part2, zeroPadding, mac);
        }
    }

    /// <summary>Zeroes the precomputed states.</summary>
    public void Dispose()
    {
        _disposed = true;
        CryptographicOperations.ZeroMemory(_states);
    }

    private byte* Slot(int index) => _base + (index * LibCryptoSha1.ContextSlotLength);

    private void Precompute(ReadOnlySpan<byte> keyBlock, byte pad, Span<byte> padded, byte* slot)
    {
        for (var i = 0; i < BlockLength; i++)
        {
            padded[i] = (byte)(keyBlock[i] ^ pad);
        }

        if (_native is null)
        {
            var state = new Span<uint>(slot, Sha1Managed.StateWords);
            Sha1Managed.Initialize(state);
            Sha1Managed.CompressBlocks(ref state[0], padded);
            return;
        }

        Check(_native.Init(slot));
        fixed (byte* p = padded)
        {
            Check(_native.Update(slot, p, BlockLength));
        }
    }

    [SkipLocalsInit]
    private void ComputeNative(ReadOnlySpan<byte> part1, ReadOnlySpan<byte> part2, int zeroPadding, Span<byte> mac)
    {
        var inputLength = part1.Length + part2.Length + zeroPadding;
        if (inputLength <= SmallInputLength)
        {
            ComputeNativeSmall(part1, part2, zeroPadding, inputLength, mac);
        }
        else
        {
            ComputeNativeStreamed(part1, part2, zeroPadding, mac);
        }
    }

    /// <summary>
    /// Small inputs (every usual STUN message): the parts, the zero padding and the SHA-1 padding are laid out in
    /// one stack buffer of whole blocks, so the inner hash is one SHA1_Update and the outer hash another. Fewer
    /// native calls, no partial-block buffering inside libcrypto, and the padding and digest words written with
    /// plain stores: this is the hot path of a STUN server.
    /// </summary>
    [SkipLocalsInit]
    private void ComputeNativeSmall(ReadOnlySpan<byte> part1, ReadOnlySpan<byte> part2, int zeroPadding, int inputLength, Span<byte> mac)
    {
        var native = _native!;
        var work = stackalloc byte[LibCryptoSha1.ContextSlotLength];
        var buffer = stackalloc byte[SmallBufferLength];
        try
        {
            part1.CopyTo(new Span<byte>(buffer, part1.Length));
            part2.CopyTo(new Span<byte>(buffer + part1.Length, part2.Length));

            // FIPS 180-4 §5.1.1 padding after the ipad block and the input: 0x80, zeros, the bit length. The MS-TURN
            // zero padding is part of the input and simply joins the zeros.
            var used = (BlockLength + inputLength) & (BlockLength - 1);
            var blocksLength = inputLength + (used < 56 ? 56 - used : 120 - used) + 8;
            var dataEnd = part1.Length + part2.Length;
            new Span<byte>(buffer + dataEnd, blocksLength - 8 - dataEnd).Clear();
            buffer[inputLength] = 0x80;
            Unsafe.WriteUnaligned(buffer + blocksLength - 8, BigEndian((ulong)(BlockLength + inputLength) * 8));

            LibCryptoSha1.CopyState(work, Slot(0));
            Check(native.Update(work, buffer, (nuint)blocksLength));

            // Outer hash: one block, the inner digest (h0..h4 at the start of SHA_CTX) then constant padding; the
            // padding's tail goes in first, the digest words as whole 16-byte stores (see WriteDigestBlockStart).
            OuterPadding[(24 - MacLength)..].CopyTo(new Span<byte>(buffer + 24, BlockLength - 24));
            LibCryptoSha1.WriteDigestBlockStart(work, buffer);
            LibCryptoSha1.CopyState(work, Slot(1));
            Check(native.Update(work, buffer, BlockLength));
            fixed (byte* output = mac)
            {
                WriteDigestWords(work, output);
            }
        }
        finally
        {
            // The inner digest and the working state are key-dependent; the copied input is not secret.
            new Span<byte>(work, LibCryptoSha1.ContextLength).Clear();
            new Span<byte>(buffer, MacLength).Clear();
        }
    }

    // RFC 2104's outer hash input after the 20-byte inner digest: 0x80, zeros, and the bit length of
    // opad block + digest (84 bytes = 672 bits = 0x2A0), FIPS 180-4 §5.1.1. A constant, in the data section.
    private static ReadOnlySpan<byte> OuterPadding =>
    [
        0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0x02, 0xA0,
    ];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong BigEndian(ulong value) => BitConverter.IsLittleEndian ? System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(value) : value;

    // h0..h4 are the first five 32-bit words of SHA_CTX in host order; the digest is them big-endian.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteDigestWords(byte* state, byte* destination)
    {
        var words = (uint*)state;
        for (var i = 0; i < Sha1Managed.StateWords; i++)
        {
            var word = words[i];
            Unsafe.WriteUnaligned(destination + (i * 4), BitConverter.IsLittleEndian ? System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(word) : word);
        }
    }

    [SkipLocalsInit]
    private void ComputeNativeStreamed(ReadOnlySpan<byte> part1, ReadOnlySpan<byte> part2, int zeroPadding, Span<byte> mac)
    {
        var native = _native!;
        var work = stackalloc byte[LibCryptoSha1.ContextSlotLength];
        var tail = stackalloc byte[TailLength];
        try
        {
            // Inner hash, resumed after the ipad block. libcrypto buffers partial blocks itself; we append the
            // padding so the context ends empty and its first five words are the digest (no SHA1_Final).
            Unsafe.CopyBlock(work, Slot(0), LibCryptoSha1.ContextLength);
            fixed (byte* p1 = part1)
            fixed (byte* p2 = part2)
            {
                Check(native.Update(work, p1, (nuint)part1.Length));
                Check(native.Update(work, p2, (nuint)part2.Length));
            }

            var tailSpan = new Span<byte>(tail, TailLength);
            tailSpan[..zeroPadding].Clear();
            var messageLength = (long)BlockLength + part1.Length + part2.Length + zeroPadding;
            var tailLength = zeroPadding + Sha1Managed.WritePadding(tailSpan[zeroPadding..], (ulong)messageLength * 8);
            Check(native.Update(work, tail, (nuint)tailLength));

            // Outer hash: one block, the inner digest then constant padding.
            var outerBlock = tailSpan[..BlockLength];
            Sha1Managed.WriteDigest(new ReadOnlySpan<uint>(work, Sha1Managed.StateWords), outerBlock);
            Sha1Managed.WritePadding(outerBlock[MacLength..], OuterMessageBits);
            Unsafe.CopyBlock(work, Slot(1), LibCryptoSha1.ContextLength);
            Check(native.Update(work, tail, BlockLength));
            Sha1Managed.WriteDigest(new ReadOnlySpan<uint>(work, Sha1Managed.StateWords), mac);
        }
        finally
        {
            new Span<byte>(work, LibCryptoSha1.ContextSlotLength).Clear();
            new Span<byte>(tail, TailLength).Clear();
        }
    }

    [SkipLocalsInit]
    private void ComputeManaged(ReadOnlySpan<byte> part1, ReadOnlySpan<byte> part2, int zeroPadding, Span<byte> mac)
    {
        Span<uint> state = stackalloc uint[Sha1Managed.StateWords];
        Span<byte> block = stackalloc byte[BlockLength];
        new ReadOnlySpan<uint>(Slot(0), Sha1Managed.StateWords).CopyTo(state);
        if (zeroPadding == 0)
        {
            Sha1Managed.HashFinal(state, part1, part2, BlockLength);
        }
        else
        {
            HashWithCopy(state, part1, part2, zeroPadding);
        }

        Sha1Managed.WriteDigest(state, block);
        new ReadOnlySpan<uint>(Slot(1), Sha1Managed.StateWords).CopyTo(state);
        Sha1Managed.HashFinal(state, block[..MacLength], default, BlockLength);
        Sha1Managed.WriteDigest(state, mac);
        state.Clear();
        block.Clear();
    }

    // Zero padding makes a third part: copy the three together (MS-TURN only, off the common path).
    private static void HashWithCopy(Span<uint> state, ReadOnlySpan<byte> part1, ReadOnlySpan<byte> part2, int zeroPadding)
    {
        var length = part1.Length + part2.Length + zeroPadding;
        var joined = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        try
        {
            part1.CopyTo(joined);
            part2.CopyTo(joined.AsSpan(part1.Length));
            joined.AsSpan(part1.Length + part2.Length, zeroPadding).Clear();
            Sha1Managed.HashFinal(state, joined.AsSpan(0, length), default, BlockLength);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(joined, clearArray: true);
        }
    }

    private static void Check(int result)
    {
        if (result != 1)
        {
            throw new CryptographicException("libcrypto SHA1_Init/SHA1_Update failed.");
        }
    }
}
