using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace UcStack.Srtp.Crypto;

/// <summary>Produces the counter block for keystream block number <c>index</c> of one packet.</summary>
internal interface ICounterBlocks
{
    /// <summary>The counter block for keystream block <paramref name="index"/> (0 = the first).</summary>
    Vector128<byte> Block(ulong index);
}

/// <summary>
/// RFC 3711 §4.1.1 counter: the whole 128-bit IV is one big-endian integer, block i uses IV + i mod 2^128.
/// </summary>
internal readonly struct BigEndian128Counter : ICounterBlocks
{
    private readonly ulong _high;
    private readonly ulong _low;

    /// <summary>Starts the counter at the 16-byte <paramref name="iv"/>.</summary>
    public BigEndian128Counter(ReadOnlySpan<byte> iv)
        : this(BinaryPrimitives.ReadUInt64BigEndian(iv), BinaryPrimitives.ReadUInt64BigEndian(iv[8..]))
    {
    }

    /// <summary>Starts the counter at the IV whose big-endian halves are <paramref name="high"/> and <paramref name="low"/>.</summary>
    public BigEndian128Counter(ulong high, ulong low)
    {
        _high = high;
        _low = low;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<byte> Block(ulong index)
    {
        var low = _low + index;
        var high = low < _low ? _high + 1 : _high;

        // Lane 0 holds the low half; reversing all 16 bytes gives the big-endian counter block.
        return Ssse3.Shuffle(Vector128.Create(low, high).AsByte(), AesNiCounterMode.ReverseBytes);
    }
}

/// <summary>
/// GCM counter (NIST SP 800-38D §6.2 inc32): a 96-bit nonce followed by a 32-bit big-endian counter that
/// wraps on its own; the payload starts at counter 2 (SP 800-38D §7.1: J0 = nonce || 1 for a 96-bit IV).
/// </summary>
internal readonly struct Gcm32Counter : ICounterBlocks
{
    private readonly Vector128<uint> _nonce;
    private readonly uint _first;

    /// <summary>Starts at <paramref name="first"/> after the 12-byte <paramref name="nonce"/>.</summary>
    public Gcm32Counter(Vector128<byte> nonce, uint first)
    {
        _nonce = nonce.AsUInt32();
        _first = first;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector128<byte> Block(ulong index) =>
        Sse41.Insert(_nonce, BinaryPrimitives.ReverseEndianness(unchecked(_first + (uint)index)), 3).AsByte();
}

/// <summary>Counter-mode keystream XOR with AES-NI, eight blocks in flight.</summary>
internal static class AesNiCounterMode
{
    /// <summary>Shuffle control that reverses the 16 bytes of a vector.</summary>
    public static Vector128<byte> ReverseBytes => Vector128.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);

    /// <summary>XORs <paramref name="data"/> in place with the keystream of <paramref name="counter"/>.</summary>
    [SkipLocalsInit]
    public static void Transform<TCounter>(ref Vector128<byte> roundKeys, int rounds, TCounter counter, Span<byte> data)
        where TCounter : struct, ICounterBlocks
    {
        ref var p = ref MemoryMarshal.GetReference(data);
        var length = (nuint)data.Length;
        nuint offset = 0;
        ulong block = 0;
        while (length - offset >= 128)
        {
            Vector128<byte> c0 = counter.Block(block), c1 = counter.Block(block + 1), c2 = counter.Block(block + 2), c3 = counter.Block(block + 3);
            Vector128<byte> c4 = counter.Block(block + 4), c5 = counter.Block(block + 5), c6 = counter.Block(block + 6), c7 = counter.Block(block + 7);
            Encrypt8(ref roundKeys, rounds, ref c0, ref c1, ref c2, ref c3, ref c4, ref c5, ref c6, ref c7);
            XorStore(ref p, offset, c0);
            XorStore(ref p, offset + 16, c1);
            XorStore(ref p, offset + 32, c2);
            XorStore(ref p, offset + 48, c3);
            XorStore(ref p, offset + 64, c4);
            XorStore(ref p, offset + 80, c5);
            XorStore(ref p, offset + 96, c6);
            XorStore(ref p, offset + 112, c7);
            offset += 128;
            block += 8;
        }

        while (length - offset >= 64)
        {
            Vector128<byte> c0 = counter.Block(block), c1 = counter.Block(block + 1), c2 = counter.Block(block + 2), c3 = counter.Block(block + 3);
            AesNi.Encrypt4(ref roundKeys, rounds, ref c0, ref c1, ref c2, ref c3);
            XorStore(ref p, offset, c0);
            XorStore(ref p, offset + 16, c1);
            XorStore(ref p, offset + 32, c2);
            XorStore(ref p, offset + 48, c3);
            offset += 64;
            block += 4;
        }

        if (offset < length)
        {
            // Fewer than four blocks remain: run four anyway (the spare blocks cost less than running the
            // survivors one after another), then XOR only the bytes that exist.
            Vector128<byte> c0 = counter.Block(block), c1 = counter.Block(block + 1), c2 = counter.Block(block + 2), c3 = counter.Block(block + 3);
            AesNi.Encrypt4(ref roundKeys, rounds, ref c0, ref c1, ref c2, ref c3);
            Span<Vector128<byte>> keystream = stackalloc Vector128<byte>[4];
            keystream[0] = c0;
            keystream[1] = c1;
            keystream[2] = c2;
            keystream[3] = c3;
            XorTail(ref Unsafe.Add(ref p, offset), (int)(length - offset), MemoryMarshal.AsBytes(keystream));
        }
    }

    /// <summary>
    /// GCM encryption's counter work in one pass (SP 800-38D §7.1): encrypts J0 and the counter blocks that follow
    /// it, XORs the latter into <paramref name="data"/>, and returns E(K, J0) for the tag. J0 rides in the first
    /// batch of eight instead of a batch of its own, so a short packet pays for one AES latency chain fewer.
    /// </summary>
    /// <param name="roundKeys">The expanded key.</param>
    /// <param name="rounds">10, 12 or 14.</param>
    /// <param name="j0">The pre-counter block (96-bit IV || 0^31 || 1).</param>
    /// <param name="data">Plaintext in, ciphertext out.</param>
    [SkipLocalsInit]
    public static Vector128<byte> TransformGcm(ref Vector128<byte> roundKeys, int rounds, Vector128<byte> j0, Span<byte> data)
    {
        // Counter value 1 is J0 itself; data block k uses counter value 2 + k (inc32).
        var counter = new Gcm32Counter(j0, 1);
        Vector128<byte> c0 = counter.Block(0), c1 = counter.Block(1), c2 = counter.Block(2), c3 = counter.Block(3);
        ref var p = ref MemoryMarshal.GetReference(data);
        const int FirstBatchBytes = 7 * 16;
        if (data.Length <= 3 * 16)
        {
            AesNi.Encrypt4(ref roundKeys, rounds, ref c0, ref c1, ref c2, ref c3);
            Span<Vector128<byte>> short3 = stackalloc Vector128<byte>[3];
            short3[0] = c1;
            short3[1] = c2;
            short3[2] = c3;
            XorTail(ref p, data.Length, MemoryMarshal.AsBytes(short3));
            return c0;
        }

        Vector128<byte> c4 = counter.Block(4), c5 = counter.Block(5), c6 = counter.Block(6), c7 = counter.Block(7);
        Encrypt8(ref roundKeys, rounds, ref c0, ref c1, ref c2, ref c3, ref c4, ref c5, ref c6, ref c7);
        if (data.Length >= FirstBatchBytes)
        {
            XorStore(ref p, 0, c1);
            XorStore(ref p, 16, c2);
            XorStore(ref p, 32, c3);
            XorStore(ref p, 48, c4);
            XorStore(ref p, 64, c5);
            XorStore(ref p, 80, c6);
            XorStore(ref p, 96, c7);
            if (data.Length > FirstBatchBytes)
            {
                Transform(ref roundKeys, rounds, new Gcm32Counter(j0, 9), data[FirstBatchBytes..]);
            }

            return c0;
        }

        Span<Vector128<byte>> keystream = stackalloc Vector128<byte>[7];
        keystream[0] = c1;
        keystream[1] = c2;
        keystream[2] = c3;
        keystream[3] = c4;
        keystream[4] = c5;
        keystream[5] = c6;
        keystream[6] = c7;
        XorTail(ref p, data.Length, MemoryMarshal.AsBytes(keystream));
        return c0;
    }

    /// <summary>XORs <paramref name="count"/> bytes at <paramref name="p"/> with the start of <paramref name="keystream"/> (plain Vector128, no ISA needed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void XorTail(ref byte p, int count, ReadOnlySpan<byte> keystream)
    {
        ref var k = ref MemoryMarshal.GetReference(keystream);
        var i = 0;
        for (; i + 16 <= count; i += 16)
        {
            (Vector128.LoadUnsafe(ref p, (nuint)i) ^ Vector128.LoadUnsafe(ref k, (nuint)i)).StoreUnsafe(ref p, (nuint)i);
        }

        for (; i < count; i++)
        {
            Unsafe.Add(ref p, i) ^= Unsafe.Add(ref k, i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void XorStore(ref byte p, nuint offset, Vector128<byte> keystream) =>
        (Vector128.LoadUnsafe(ref p, offset) ^ keystream).StoreUnsafe(ref p, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Encrypt8(
        ref Vector128<byte> roundKeys,
        int rounds,
        ref Vector128<byte> b0,
        ref Vector128<byte> b1,
        ref Vector128<byte> b2,
        ref Vector128<byte> b3,
        ref Vector128<byte> b4,
        ref Vector128<byte> b5,
        ref Vector128<byte> b6,
        ref Vector128<byte> b7)
    {
        var k = roundKeys;
        Vector128<byte> s0 = b0 ^ k, s1 = b1 ^ k, s2 = b2 ^ k, s3 = b3 ^ k, s4 = b4 ^ k, s5 = b5 ^ k, s6 = b6 ^ k, s7 = b7 ^ k;
        for (var r = 1; r < rounds; r++)
        {
            k = Unsafe.Add(ref roundKeys, r);
            s0 = X86Aes.Encrypt(s0, k);
            s1 = X86Aes.Encrypt(s1, k);
            s2 = X86Aes.Encrypt(s2, k);
            s3 = X86Aes.Encrypt(s3, k);
            s4 = X86Aes.Encrypt(s4, k);
            s5 = X86Aes.Encrypt(s5, k);
            s6 = X86Aes.Encrypt(s6, k);
            s7 = X86Aes.Encrypt(s7, k);
        }

        k = Unsafe.Add(ref roundKeys, rounds);
        b0 = X86Aes.EncryptLast(s0, k);
        b1 = X86Aes.EncryptLast(s1, k);
        b2 = X86Aes.EncryptLast(s2, k);
        b3 = X86Aes.EncryptLast(s3, k);
        b4 = X86Aes.EncryptLast(s4, k);
        b5 = X86Aes.EncryptLast(s5, k);
        b6 = X86Aes.EncryptLast(s6, k);
        b7 = X86Aes.EncryptLast(s7, k);
    }
}
