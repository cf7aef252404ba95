using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace UcStack.Crypto;

/// <summary>
/// SHA-1 (FIPS 180-4 §6.1) in managed code, for HMAC-SHA1 when libcrypto is not available. Works on a
/// caller-held 5-word state so HMAC can start from precomputed ipad/opad states; the 80 rounds are
/// written out in full (no loop, no round-variable shuffling) because this runs once per 64 bytes of
/// every SRTP packet.
/// Shared source: compiled into each assembly that needs it (Srtp, Stun), so neither depends on the other.
/// </summary>
internal static class Sha1Managed
{
    /// <summary>Words in the SHA-1 state (h0..h4).</summary>
    public const int StateWords = 5;

    /// <summary>SHA-1 block length in bytes.</summary>
    public const int BlockLength = 64;

    /// <summary>SHA-1 digest length in bytes.</summary>
    public const int DigestLength = 20;

    /// <summary>Writes the FIPS 180-4 §5.3.1 initial hash value to <paramref name="state"/>.</summary>
    public static void Initialize(Span<uint> state)
    {
        state[0] = 0x67452301u;
        state[1] = 0xEFCDAB89u;
        state[2] = 0x98BADCFEu;
        state[3] = 0x10325476u;
        state[4] = 0xC3D2E1F0u;
    }

    /// <summary>Writes the state as the big-endian digest (FIPS 180-4 §6.1.2 step 4).</summary>
    public static void WriteDigest(ReadOnlySpan<uint> state, Span<byte> digest20)
    {
        for (var i = 0; i < StateWords; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(digest20[(i * 4)..], state[i]);
        }
    }

    /// <summary>
    /// Finishes a hash whose state already covers <paramref name="prefixLength"/> bytes (a multiple of 64,
    /// e.g. the HMAC key block): absorbs <paramref name="part1"/> || <paramref name="part2"/>, then the
    /// FIPS 180-4 §5.1.1 padding.
    /// </summary>
    [SkipLocalsInit]
    public static void HashFinal(Span<uint> state, ReadOnlySpan<byte> part1, ReadOnlySpan<byte> part2, ulong prefixLength)
    {
        var totalBits = (prefixLength + (ulong)part1.Length + (ulong)part2.Length) * 8;
        ref var h = ref MemoryMarshal.GetReference(state);
        Span<byte> buffer = stackalloc byte[2 * BlockLength];

        var whole = part1.Length & ~(BlockLength - 1);
        CompressBlocks(ref h, part1[..whole]);
        var fill = part1.Length - whole;
        part1[whole..].CopyTo(buffer);

        if (fill > 0)
        {
            var take = Math.Min(BlockLength - fill, part2.Length);
            part2[..take].CopyTo(buffer[fill..]);
            fill += take;
            part2 = part2[take..];
            if (fill == BlockLength)
            {
                CompressBlocks(ref h, buffer[..BlockLength]);
                fill = 0;
            }
        }

        if (fill == 0)
        {
            whole = part2.Length & ~(BlockLength - 1);
            CompressBlocks(ref h, part2[..whole]);
            fill = part2.Length - whole;
            part2[whole..].CopyTo(buffer);
        }

        // FIPS 180-4 §5.1.1: a 1 bit, zeros up to 56 mod 64 bytes, then the 64-bit big-endian bit length.
        var end = fill < 56 ? BlockLength : 2 * BlockLength;
        buffer[fill] = 0x80;
        buffer[(fill + 1)..(end - 8)].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(buffer[(end - 8)..], totalBits);
        CompressBlocks(ref h, buffer[..end]);
    }

    /// <summary>Bytes of FIPS 180-4 §5.1.1 padding that follow a message of <paramref name="messageLength"/>
    /// bytes (counting any prefix already hashed): 0x80, zeros to 56 mod 64, the 64-bit length; 9 to 72.</summary>
    public static int PaddingLength(long messageLength)
    {
        var used = (int)(messageLength % BlockLength);
        return (used < 56 ? 56 - used : 120 - used) + 8;
    }

    /// <summary>Writes the FIPS 180-4 §5.1.1 padding for a message of <paramref name="totalBits"/> bits into
    /// <paramref name="destination"/> and returns its length (<see cref="PaddingLength"/>).</summary>
    public static int WritePadding(Span<byte> destination, ulong totalBits)
    {
        var length = PaddingLength((long)(totalBits / 8));
        destination[0] = 0x80;
        destination[1..(length - 8)].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(destination[(length - 8)..], totalBits);
        return length;
    }

    /// <summary>Absorbs whole 64-byte blocks into the state.</summary>
    public static void CompressBlocks(ref uint state, ReadOnlySpan<byte> blocks)
    {
        ref var p = ref MemoryMarshal.GetReference(blocks);
        for (var offset = 0; offset < blocks.Length; offset += BlockLength)
        {
            Compress(ref state, ref Unsafe.Add(ref p, offset));
        }
    }

    // FIPS 180-4 §6.1.2: one block; the message schedule lives in a 16-word ring (w[t mod 16]).
    private static void Compress(ref uint state, ref byte block)
    {
        var w0 = ReadWord(ref block, 0);
        var w1 = ReadWord(ref block, 4);
        var w2 = ReadWord(ref block, 8);
        var w3 = ReadWord(ref block, 12);
        var w4 = ReadWord(ref block, 16);
        var w5 = ReadWord(ref block, 20);
        var w6 = ReadWord(ref block, 24);
        var w7 = ReadWord(ref block, 28);
        var w8 = ReadWord(ref block, 32);
        var w9 = ReadWord(ref block, 36);
        var w10 = ReadWord(ref block, 40);
        var w11 = ReadWord(ref block, 44);
        var w12 = ReadWord(ref block, 48);
        var w13 = ReadWord(ref block, 52);
        var w14 = ReadWord(ref block, 56);
        var w15 = ReadWord(ref block, 60);
        var a = state;
        var b = Unsafe.Add(ref state, 1);
        var c = Unsafe.Add(ref state, 2);
        var d = Unsafe.Add(ref state, 3);
        var e = Unsafe.Add(ref state, 4);

        // Each round adds into the variable that would become 'a' and rotates 'b'; renaming the five
        // variables round by round replaces the shuffle a <- T, b <- a, c <- rotl30(b), d <- c, e <- d.
        e += uint.RotateLeft(a, 5) + (d ^ (b & (c ^ d))) + 0x5A827999u + w0;
        b = uint.RotateLeft(b, 30);
        d += uint.RotateLeft(e, 5) + (c ^ (a & (b ^ c))) + 0x5A827999u + w1;
        a = uint.RotateLeft(a, 30);
        c += uint.RotateLeft(d, 5) + (b ^ (e & (a ^ b))) + 0x5A827999u + w2;
        e = uint.RotateLeft(e, 30);
        b += uint.RotateLeft(c, 5) + (a ^ (d & (e ^ a))) + 0x5A827999u + w3;
        d = uint.RotateLeft(d, 30);
        a += uint.RotateLeft(b, 5) + (e ^ (c & (d ^ e))) + 0x5A827999u + w4;
        c = uint.RotateLeft(c, 30);
        e += uint.RotateLeft(a, 5) + (d ^ (b & (c ^ d))) + 0x5A827999u + w5;
        b = uint.RotateLeft(b, 30);
        d += uint.RotateLeft(e, 5) + (c ^ (a & (b ^ c))) + 0x5A827999u + w6;
        a = uint.RotateLeft(a, 30);
        c += uint.RotateLeft(d, 5) + (b ^ (e & (a ^ b))) + 0x5A827999u + w7;
        e = uint.RotateLeft(e, 30);
        b += uint.RotateLeft(c, 5) + (a ^ (d & (e ^ a))) + 0x5A827999u + w8;
        d = uint.RotateLeft(d, 30);
        a += uint.RotateLeft(b, 5) + (e ^ (c & (d ^ e))) + 0x5A827999u + w9;
        c = uint.RotateLeft(c, 30);
        e += uint.RotateLeft(a, 5) + (d ^ (b & (c ^ d))) + 0x5A827999u + w10;
        b = uint.RotateLeft(b, 30);
        d += uint.RotateLeft(e, 5) + (c ^ (a & (b ^ c))) + 0x5A827999u + w11;
        a = uint.RotateLeft(a, 30);
        c += uint.RotateLeft(d, 5) + (b ^ (e & (a ^ b))) + 0x5A827999u + w12;
        e = uint.RotateLeft(e, 30);
        b += uint.RotateLeft(c, 5) + (a ^ (d & (e ^ a))) + 0x5A827999u + w13;
        d = uint.RotateLeft(d, 30);
        a += uint.RotateLeft(b, 5) + (e ^ (c & (d ^ e))) + 0x5A827999u + w14;
        c = uint.RotateLeft(c, 30);
        e += uint.RotateLeft(a, 5) + (d ^ (b & (c ^ d))) + 0x5A827999u + w15;
        b = uint.RotateLeft(b, 30);
        w0 = uint.RotateLeft(w13 ^ w8 ^ w2 ^ w0, 1);
        d += uint.RotateLeft(e, 5) + (c ^ (a & (b ^ c))) + 0x5A827999u + w0;
        a = uint.RotateLeft(a, 30);
        w1 = uint.RotateLeft(w14 ^ w9 ^ w3 ^ w1, 1);
        c += uint.RotateLeft(d, 5) + (b ^ (e & (a ^ b))) + 0x5A827999u + w1;
        e = uint.RotateLeft(e, 30);
        w2 = uint.RotateLeft(w15 ^ w10 ^ w4 ^ w2, 1);
        b += uint.RotateLeft(c, 5) + (a ^ (d & (e ^ a))) + 0x5A827999u + w2;
        d = uint.RotateLeft(d, 30);
        w3 = uint.RotateLeft(w0 ^ w11 ^ w5 ^ w3, 1);
        a += uint.RotateLeft(b, 5) + (e ^ (c & (d ^ e))) + 0x5A827999u + w3;
        c = uint.RotateLeft(c, 30);

        w4 = uint.RotateLeft(w1 ^ w12 ^ w6 ^ w4, 1);
        e += uint.RotateLeft(a, 5) + (b ^ c ^ d) + 0x6ED9EBA1u + w4;
        b = uint.RotateLeft(b, 30);
        w5 = uint.RotateLeft(w2 ^ w13 ^ w7 ^ w5, 1);
        d += uint.RotateLeft(e, 5) + (a ^ b ^ c) + 0x6ED9EBA1u + w5;
        a = uint.RotateLeft(a, 30);
        w6 = uint.RotateLeft(w3 ^ w14 ^ w8 ^ w6, 1);
        c += uint.RotateLeft(d, 5) + (e ^ a ^ b) + 0x6ED9EBA1u + w6;
        e = uint.RotateLeft(e, 30);
        w7 = uint.RotateLeft(w4 ^ w15 ^ w9 ^ w7, 1);
        b += uint.RotateLeft(c, 5) + (d ^ e ^ a) + 0x6ED9EBA1u + w7;
        d = uint.RotateLeft(d, 30);
        w8 = uint.RotateLeft(w5 ^ w0 ^ w10 ^ w8, 1);
        a += uint.RotateLeft(b, 5) + (c ^ d ^ e) + 0x6ED9EBA1u + w8;
        c = uint.RotateLeft(c, 30);
        w9 = uint.RotateLeft(w6 ^ w1 ^ w11 ^ w9, 1);
        e += uint.RotateLeft(a, 5) + (b ^ c ^ d) + 0x6ED9EBA1u + w9;
        b = uint.RotateLeft(b, 30);
        w10 = uint.RotateLeft(w7 ^ w2 ^ w12 ^ w10, 1);
        d += uint.RotateLeft(e, 5) + (a ^ b ^ c) + 0x6ED9EBA1u + w10;
        a = uint.RotateLeft(a, 30);
        w11 = uint.RotateLeft(w8 ^ w3 ^ w13 ^ w11, 1);
        c += uint.RotateLeft(d, 5) + (e ^ a ^ b) + 0x6ED9EBA1u + w11;
        e = uint.RotateLeft(e, 30);
        w12 = uint.RotateLeft(w9 ^ w4 ^ w14 ^ w12, 1);
        b += uint.RotateLeft(c, 5) + (d ^ e ^ a) + 0x6ED9EBA1u + w12;
        d = uint.RotateLeft(d, 30);
        w13 = uint.RotateLeft(w10 ^ w5 ^ w15 ^ w13, 1);
        a += uint.RotateLeft(b, 5) + (c ^ d ^ e) + 0x6ED9EBA1u + w13;
        c = uint.RotateLeft(c, 30);
        w14 = uint.RotateLeft(w11 ^ w6 ^ w0 ^ w14, 1);
        e += uint.RotateLeft(a, 5) + (b ^ c ^ d) + 0x6ED9EBA1u + w14;
        b = uint.RotateLeft(b, 30);
        w15 = uint.RotateLeft(w12 ^ w7 ^ w1 ^ w15, 1);
        d += uint.RotateLeft(e, 5) + (a ^ b ^ c) + 0x6ED9EBA1u + w15;
        a = uint.RotateLeft(a, 30);
        w0 = uint.RotateLeft(w13 ^ w8 ^ w2 ^ w0, 1);
        c += uint.RotateLeft(d, 5) + (e ^ a ^ b) + 0x6ED9EBA1u + w0;
        e = uint.RotateLeft(e, 30);
        w1 = uint.RotateLeft(w14 ^ w9 ^ w3 ^ w1, 1);
        b += uint.RotateLeft(c, 5) + (d ^ e ^ a) + 0x6ED9EBA1u + w1;
        d = uint.RotateLeft(d, 30);
        w2 = uint.RotateLeft(w15 ^ w10 ^ w4 ^ w2, 1);
        a += uint.RotateLeft(b, 5) + (c ^ d ^ e) + 0x6ED9EBA1u + w2;
        c = uint.RotateLeft(c, 30);
        w3 = uint.RotateLeft(w0 ^ w11 ^ w5 ^ w3, 1);
        e += uint.RotateLeft(a, 5) + (b ^ c ^ d) + 0x6ED9EBA1u + w3;
        b = uint.RotateLeft(b, 30);
        w4 = uint.RotateLeft(w1 ^ w12 ^ w6 ^ w4, 1);
        d += uint.RotateLeft(e, 5) + (a ^ b ^ c) + 0x6ED9EBA1u + w4;
        a = uint.RotateLeft(a, 30);
        w5 = uint.RotateLeft(w2 ^ w13 ^ w7 ^ w5, 1);
        c += uint.RotateLeft(d, 5) + (e ^ a ^ b) + 0x6ED9EBA1u + w5;
        e = uint.RotateLeft(e, 30);
        w6 = uint.RotateLeft(w3 ^ w14 ^ w8 ^ w6, 1);
        b += uint.RotateLeft(c, 5) + (d ^ e ^ a) + 0x6ED9EBA1u + w6;
        d = uint.RotateLeft(d, 30);
        w7 = uint.RotateLeft(w4 ^ w15 ^ w9 ^ w7, 1);
        a += uint.RotateLeft(b, 5) + (c ^ d ^ e) + 0x6ED9EBA1u + w7;
        c = uint.RotateLeft(c, 30);

        w8 = uint.RotateLeft(w5 ^ w0 ^ w10 ^ w8, 1);
        e += uint.RotateLeft(a, 5) + ((b & c) | (d & (b | c))) + 0x8F1BBCDCu + w8;
        b = uint.RotateLeft(b, 30);
        w9 = uint.RotateLeft(w6 ^ w1 ^ w11 ^ w9, 1);
        d += uint.RotateLeft(e, 5) + ((a & b) | (c & (a | b))) + 0x8F1BBCDCu + w9;
        a = uint.RotateLeft(a, 30);
        w10 = uint.RotateLeft(w7 ^ w2 ^ w12 ^ w10, 1);
        c += uint.RotateLeft(d, 5) + ((e & a) | (b & (e | a))) + 0x8F1BBCDCu + w10;
        e = uint.RotateLeft(e, 30);
        w11 = uint.RotateLeft(w8 ^ w3 ^ w13 ^ w11, 1);
        b += uint.RotateLeft(c, 5) + ((d & e) | (a & (d | e))) + 0x8F1BBCDCu + w11;
        d = uint.RotateLeft(d, 30);
        w12 = uint.RotateLeft(w9 ^ w4 ^ w14 ^ w12, 1);
        a += uint.RotateLeft(b, 5) + ((c & d) | (e & (c | d))) + 0x8F1BBCDCu + w12;
        c = uint.RotateLeft(c, 30);
        w13 = uint.RotateLeft(w10 ^ w5 ^ w15 ^ w13, 1);
        e += uint.RotateLeft(a, 5) + ((b & c) | (d & (b | c))) + 0x8F1BBCDCu + w13;
        b = uint.RotateLeft(b, 30);
        w14 = uint.RotateLeft(w11 ^ w6 ^ w0 ^ w14, 1);
        d += uint.RotateLeft(e, 5) + ((a & b) | (c & (a | b))) + 0x8F1BBCDCu + w14;
        a = uint.RotateLeft(a, 30);
        w15 = uint.RotateLeft(w12 ^ w7 ^ w1 ^ w15, 1);
        c += uint.RotateLeft(d, 5) + ((e & a) | (b & (e | a))) + 0x8F1BBCDCu + w15;
        e = uint.RotateLeft(e, 30);
        w0 = uint.RotateLeft(w13 ^ w8 ^ w2 ^ w0, 1);
        b += uint.RotateLeft(c, 5) + ((d & e) | (a & (d | e))) + 0x8F1BBCDCu + w0;
        d = uint.RotateLeft(d, 30);
        w1 = uint.RotateLeft(w14 ^ w9 ^ w3 ^ w1, 1);
        a += uint.RotateLeft(b, 5) + ((c & d) | (e & (c | d))) + 0x8F1BBCDCu + w1;
        c = uint.RotateLeft(c, 30);
        w2 = uint.RotateLeft(w15 ^ w10 ^ w4 ^ w2, 1);
        e += uint.RotateLeft(a, 5) + ((b & c) | (d & (b | c))) + 0x8F1BBCDCu + w2;
        b = uint.RotateLeft(b, 30);
        w3 = uint.RotateLeft(w0 ^ w11 ^ w5 ^ w3, 1);
        d += uint.RotateLeft(e, 5) + ((a & b) | (c & (a | b))) + 0x8F1BBCDCu + w3;
        a = uint.RotateLeft(a, 30);
        w4 = uint.RotateLeft(w1 ^ w12 ^ w6 ^ w4, 1);
        c += uint.RotateLeft(d, 5) + ((e & a) | (b & (e | a))) + 0x8F1BBCDCu + w4;
        e = uint.RotateLeft(e, 30);
        w5 = uint.RotateLeft(w2 ^ w13 ^ w7 ^ w5, 1);
        b += uint.RotateLeft(c, 5) + ((d & e) | (a & (d | e))) + 0x8F1BBCDCu + w5;
        d = uint.RotateLeft(d, 30);
        w6 = uint.RotateLeft(w3 ^ w14 ^ w8 ^ w6, 1);
        a += uint.RotateLeft(b, 5) + ((c & d) | (e & (c | d))) + 0x8F1BBCDCu + w6;
        c = uint.RotateLeft(c, 30);
        w7 = uint.RotateLeft(w4 ^ w15 ^ w9 ^ w7, 1);
        e += uint.RotateLeft(a, 5) + ((b & c) | (d & (b | c))) + 0x8F1BBCDCu + w7;
        b = uint.RotateLeft(b, 30);
        w8 = uint.RotateLeft(w5 ^ w0 ^ w10 ^ w8, 1);
        d += uint.RotateLeft(e, 5) + ((a & b) | (c & (a | b))) + 0x8F1BBCDCu + w8;
        a = uint.RotateLeft(a, 30);
        w9 = uint.RotateLeft(w6 ^ w1 ^ w11 ^ w9, 1);
        c += uint.RotateLeft(d, 5) + ((e & a) | (b & (e | a))) + 0x8F1BBCDCu + w9;
        e = uint.RotateLeft(e, 30);
        w10 = uint.RotateLeft(w7 ^ w2 ^ w12 ^ w10, 1);
        b += uint.RotateLeft(c, 5) + ((d & e) | (a & (d | e))) + 0x8F1BBCDCu + w10;
        d = uint.RotateLeft(d, 30);
        w11 = uint.RotateLeft(w8 ^ w3 ^ w13 ^ w11, 1);
        a += uint.RotateLeft(b, 5) + ((c & d) | (e & (c | d))) + 0x8F1BBCDCu + w11;
        c = uint.RotateLeft(c, 30);

        w12 = uint.RotateLeft(w9 ^ w4 ^ w14 ^ w12, 1);
        e += uint.RotateLeft(a, 5) + (b ^ c ^ d) + 0xCA62C1D6u + w12;
        b = uint.RotateLeft(b, 30);
        w13 = uint.RotateLeft(w10 ^ w5 ^ w15 ^ w13, 1);
        d += uint.RotateLeft(e, 5) + (a ^ b ^ c) + 0xCA62C1D6u + w13;
        a = uint.RotateLeft(a, 30);
        w14 = uint.RotateLeft(w11 ^ w6 ^ w0 ^ w14, 1);
        c += uint.RotateLeft(d, 5) + (e ^ a ^ b) + 0xCA62C1D6u + w14;
        e = uint.RotateLeft(e, 30);
        w15 = uint.RotateLeft(w12 ^ w7 ^ w1 ^ w15, 1);
        b += uint.RotateLeft(c, 5) + (d ^ e ^ a) + 0xCA62C1D6u + w15;
        d = uint.RotateLeft(d, 30);
        w0 = uint.RotateLeft(w13 ^ w8 ^ w2 ^ w0, 1);
        a += uint.RotateLeft(b, 5) + (c ^ d ^ e) + 0xCA62C1D6u + w0;
        c = uint.RotateLeft(c, 30);
        w1 = uint.RotateLeft(w14 ^ w9 ^ w3 ^ w1, 1);
        e += uint.RotateLeft(a, 5) + (b ^ c ^ d) + 0xCA62C1D6u + w1;
        b = uint.RotateLeft(b, 30);
        w2 = uint.RotateLeft(w15 ^ w10 ^ w4 ^ w2, 1);
        d += uint.RotateLeft(e, 5) + (a ^ b ^ c) + 0xCA62C1D6u + w2;
        a = uint.RotateLeft(a, 30);
        w3 = uint.RotateLeft(w0 ^ w11 ^ w5 ^ w3, 1);
        c += uint.RotateLeft(d, 5) + (e ^ a ^ b) + 0xCA62C1D6u + w3;
        e = uint.RotateLeft(e, 30);
        w4 = uint.RotateLeft(w1 ^ w12 ^ w6 ^ w4, 1);
        b += uint.RotateLeft(c, 5) + (d ^ e ^ a) + 0xCA62C1D6u + w4;
        d = uint.RotateLeft(d, 30);
        w5 = uint.RotateLeft(w2 ^ w13 ^ w7 ^ w5, 1);
        a += uint.RotateLeft(b, 5) + (c ^ d ^ e) + 0xCA62C1D6u + w5;
        c = uint.RotateLeft(c, 30);
        w6 = uint.RotateLeft(w3 ^ w14 ^ w8 ^ w6, 1);
        e += uint.RotateLeft(a, 5) + (b ^ c ^ d) + 0xCA62C1D6u + w6;
        b = uint.RotateLeft(b, 30);
        w7 = uint.RotateLeft(w4 ^ w15 ^ w9 ^ w7, 1);
        d += uint.RotateLeft(e, 5) + (a ^ b ^ c) + 0xCA62C1D6u + w7;
        a = uint.RotateLeft(a, 30);
        w8 = uint.RotateLeft(w5 ^ w0 ^ w10 ^ w8, 1);
        c += uint.RotateLeft(d, 5) + (e ^ a ^ b) + 0xCA62C1D6u + w8;
        e = uint.RotateLeft(e, 30);
        w9 = uint.RotateLeft(w6 ^ w1 ^ w11 ^ w9, 1);
        b += uint.RotateLeft(c, 5) + (d ^ e ^ a) + 0xCA62C1D6u + w9;
        d = uint.RotateLeft(d, 30);
        w10 = uint.RotateLeft(w7 ^ w2 ^ w12 ^ w10, 1);
        a += uint.RotateLeft(b, 5) + (c ^ d ^ e) + 0xCA62C1D6u + w10;
        c = uint.RotateLeft(c, 30);
        w11 = uint.RotateLeft(w8 ^ w3 ^ w13 ^ w11, 1);
        e += uint.RotateLeft(a, 5) + (b ^ c ^ d) + 0xCA62C1D6u + w11;
        b = uint.RotateLeft(b, 30);
        w12 = uint.RotateLeft(w9 ^ w4 ^ w14 ^ w12, 1);
        d += uint.RotateLeft(e, 5) + (a ^ b ^ c) + 0xCA62C1D6u + w12;
        a = uint.RotateLeft(a, 30);
        w13 = uint.RotateLeft(w10 ^ w5 ^ w15 ^ w13, 1);
        c += uint.RotateLeft(d, 5) + (e ^ a ^ b) + 0xCA62C1D6u + w13;
        e = uint.RotateLeft(e, 30);
        w14 = uint.RotateLeft(w11 ^ w6 ^ w0 ^ w14, 1);
        b += uint.RotateLeft(c, 5) + (d ^ e ^ a) + 0xCA62C1D6u + w14;
        d = uint.RotateLeft(d, 30);
        w15 = uint.RotateLeft(w12 ^ w7 ^ w1 ^ w15, 1);
        a += uint.RotateLeft(b, 5) + (c ^ d ^ e) + 0xCA62C1D6u + w15;
        c = uint.RotateLeft(c, 30);

        state += a;
        Unsafe.Add(ref state, 1) += b;
        Unsafe.Add(ref state, 2) += c;
        Unsafe.Add(ref state, 3) += d;
        Unsafe.Add(ref state, 4) += e;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint ReadWord(ref byte block, int offset)
    {
        var word = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref block, offset));
        return BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(word) : word;
    }
}
