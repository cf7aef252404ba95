using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace UcStack.Stun.Crypto;

/// <summary>
/// The five 32-bit chaining words of SHA-1 (FIPS 180-4 §6.1) and its block function. HMAC-SHA1 is the
/// STUN MESSAGE-INTEGRITY algorithm; keeping our own block function lets a key precompute the states
/// after the ipad and opad blocks once, so each message costs only its own blocks (RFC 2104 §4 notes
/// this optimisation), with no allocation and no dependency on another UcStack assembly.
/// </summary>
internal struct Sha1State
{
    public uint H0;
    public uint H1;
    public uint H2;
    public uint H3;
    public uint H4;

    /// <summary>The FIPS 180-4 §5.3.1 initial hash value.</summary>
    public static Sha1State Initial => new()
    {
        H0 = 0x67452301u,
        H1 = 0xEFCDAB89u,
        H2 = 0x98BADCFEu,
        H3 = 0x10325476u,
        H4 = 0xC3D2E1F0u,
    };

    /// <summary>Processes whole 64-byte blocks; <paramref name="blocks"/> length must be a multiple of 64.</summary>
    public void CompressBlocks(ReadOnlySpan<byte> blocks)
    {
        while (blocks.Length >= 64)
        {
            Compress(ref this, ref Unsafe.AsRef(in blocks[0]));
            blocks = blocks[64..];
        }
    }

    /// <summary>Writes the state big-endian into 20 bytes.</summary>
    public readonly void WriteDigest(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, H0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], H1);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], H2);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], H3);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], H4);
    }

    // FIPS 180-4 §6.1.2, the 80 rounds unrolled with a 16-word rolling schedule; the five working
    // variables change roles every round instead of being shuffled.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Compress(ref Sha1State state, ref byte block)
    {
        uint a = state.H0, b = state.H1, c = state.H2, d = state.H3, e = state.H4;
        uint w0 = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref block, 0)));
        uint w1 = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref block, 4)));
        uint w2 = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref block, 8)));
        uint w3 = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref block, 12)));
        uint w4 = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref block, 16)));
        uint w5 = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref block, 20)));
        uint w6 = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref block, 24)));
        uint w7 = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref block, 28)));
        uint w8 = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref block, 32)));
        uint w9 = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref block, 36)));
        uint w10 = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref block, 40)));
        uint w11 = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref block, 44)));
        uint w12 = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref block, 48)));
        uint w13 = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref block, 52)));
        uint w14 = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref block, 56)));
        uint w15 = BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref block, 60)));
        e += BitOperations.RotateLeft(a, 5) + ((d ^ (b & (c ^ d)))) + 0x5A827999u + w0;
        b = BitOperations.RotateLeft(b, 30);
        d += BitOperations.RotateLeft(e, 5) + ((c ^ (a & (b ^ c)))) + 0x5A827999u + w1;
        a = BitOperations.RotateLeft(a, 30);
        c += BitOperations.RotateLeft(d, 5) + ((b ^ (e & (a ^ b)))) + 0x5A827999u + w2;
        e = BitOperations.RotateLeft(e, 30);
        b += BitOperations.RotateLeft(c, 5) + ((a ^ (d & (e ^ a)))) + 0x5A827999u + w3;
        d = BitOperations.RotateLeft(d, 30);
        a += BitOperations.RotateLeft(b, 5) + ((e ^ (c & (d ^ e)))) + 0x5A827999u + w4;
        c = BitOperations.RotateLeft(c, 30);
        e += BitOperations.RotateLeft(a, 5) + ((d ^ (b & (c ^ d)))) + 0x5A827999u + w5;
        b = BitOperations.RotateLeft(b, 30);
        d += BitOperations.RotateLeft(e, 5) + ((c ^ (a & (b ^ c)))) + 0x5A827999u + w6;
        a = BitOperations.RotateLeft(a, 30);
        c += BitOperations.RotateLeft(d, 5) + ((b ^ (e & (a ^ b)))) + 0x5A827999u + w7;
        e = BitOperations.RotateLeft(e, 30);
        b += BitOperations.RotateLeft(c, 5) + ((a ^ (d & (e ^ a)))) + 0x5A827999u + w8;
        d = BitOperations.RotateLeft(d, 30);
        a += BitOperations.RotateLeft(b, 5) + ((e ^ (c & (d ^ e)))) + 0x5A827999u + w9;
        c = BitOperations.RotateLeft(c, 30);
        e += BitOperations.RotateLeft(a, 5) + ((d ^ (b & (c ^ d)))) + 0x5A827999u + w10;
        b = BitOperations.RotateLeft(b, 30);
        d += BitOperations.RotateLeft(e, 5) + ((c ^ (a & (b ^ c)))) + 0x5A827999u + w11;
        a = BitOperations.RotateLeft(a, 30);
        c += BitOperations.RotateLeft(d, 5) + ((b ^ (e & (a ^ b)))) + 0x5A827999u + w12;
        e = BitOperations.RotateLeft(e, 30);
        b += BitOperations.RotateLeft(c, 5) + ((a ^ (d & (e ^ a)))) + 0x5A827999u + w13;
        d = BitOperations.RotateLeft(d, 30);
        a += BitOperations.RotateLeft(b, 5) + ((e ^ (c & (d ^ e)))) + 0x5A827999u + w14;
        c = BitOperations.RotateLeft(c, 30);
        e += BitOperations.RotateLeft(a, 5) + ((d ^ (b & (c ^ d)))) + 0x5A827999u + w15;
        b = BitOperations.RotateLeft(b, 30);
        w0 = BitOperations.RotateLeft(w13 ^ w8 ^ w2 ^ w0, 1);
        d += BitOperations.RotateLeft(e, 5) + ((c ^ (a & (b ^ c)))) + 0x5A827999u + w0;
        a = BitOperations.RotateLeft(a, 30);
        w1 = BitOperations.RotateLeft(w14 ^ w9 ^ w3 ^ w1, 1);
        c += BitOperations.RotateLeft(d, 5) + ((b ^ (e & (a ^ b)))) + 0x5A827999u + w1;
        e = BitOperations.RotateLeft(e, 30);
        w2 = BitOperations.RotateLeft(w15 ^ w10 ^ w4 ^ w2, 1);
        b += BitOperations.RotateLeft(c, 5) + ((a ^ (d & (e ^ a)))) + 0x5A827999u + w2;
        d = BitOperations.RotateLeft(d, 30);
        w3 = BitOperations.RotateLeft(w0 ^ w11 ^ w5 ^ w3, 1);
        a += BitOperations.RotateLeft(b, 5) + ((e ^ (c & (d ^ e)))) + 0x5A827999u + w3;
        c = BitOperations.RotateLeft(c, 30);
        w4 = BitOperations.RotateLeft(w1 ^ w12 ^ w6 ^ w4, 1);
        e += BitOperations.RotateLeft(a, 5) + ((b ^ c ^ d)) + 0x6ED9EBA1u + w4;
        b = BitOperations.RotateLeft(b, 30);
        w5 = BitOperations.RotateLeft(w2 ^ w13 ^ w7 ^ w5, 1);
        d += BitOperations.RotateLeft(e, 5) + ((a ^ b ^ c)) + 0x6ED9EBA1u + w5;
        a = BitOperations.RotateLeft(a, 30);
        w6 = BitOperations.RotateLeft(w3 ^ w14 ^ w8 ^ w6, 1);
        c += BitOperations.RotateLeft(d, 5) + ((e ^ a ^ b)) + 0x6ED9EBA1u + w6;
        e = BitOperations.RotateLeft(e, 30);
        w7 = BitOperations.RotateLeft(w4 ^ w15 ^ w9 ^ w7, 1);
        b += BitOperations.RotateLeft(c, 5) + ((d ^ e ^ a)) + 0x6ED9EBA1u + w7;
        d = BitOperations.RotateLeft(d, 30);
        w8 = BitOperations.RotateLeft(w5 ^ w0 ^ w10 ^ w8, 1);
        a += BitOperations.RotateLeft(b, 5) + ((c ^ d ^ e)) + 0x6ED9EBA1u + w8;
        c = BitOperations.RotateLeft(c, 30);
        w9 = BitOperations.RotateLeft(w6 ^ w1 ^ w11 ^ w9, 1);
        e += BitOperations.RotateLeft(a, 5) + ((b ^ c ^ d)) + 0x6ED9EBA1u + w9;
        b = BitOperations.RotateLeft(b, 30);
        w10 = BitOperations.RotateLeft(w7 ^ w2 ^ w12 ^ w10, 1);
        d += BitOperations.RotateLeft(e, 5) + ((a ^ b ^ c)) + 0x6ED9EBA1u + w10;
        a = BitOperations.RotateLeft(a, 30);
        w11 = BitOperations.RotateLeft(w8 ^ w3 ^ w13 ^ w11, 1);
        c += BitOperations.RotateLeft(d, 5) + ((e ^ a ^ b)) + 0x6ED9EBA1u + w11;
        e = BitOperations.RotateLeft(e, 30);
        w12 = BitOperations.RotateLeft(w9 ^ w4 ^ w14 ^ w12, 1);
        b += BitOperations.RotateLeft(c, 5) + ((d ^ e ^ a)) + 0x6ED9EBA1u + w12;
        d = BitOperations.RotateLeft(d, 30);
        w13 = BitOperations.RotateLeft(w10 ^ w5 ^ w15 ^ w13, 1);
        a += BitOperations.RotateLeft(b, 5) + ((c ^ d ^ e)) + 0x6ED9EBA1u + w13;
        c = BitOperations.RotateLeft(c, 30);
        w14 = BitOperations.RotateLeft(w11 ^ w6 ^ w0 ^ w14, 1);
        e += BitOperations.RotateLeft(a, 5) + ((b ^ c ^ d)) + 0x6ED9EBA1u + w14;
        b = BitOperations.RotateLeft(b, 30);
        w15 = BitOperations.RotateLeft(w12 ^ w7 ^ w1 ^ w15, 1);
        d += BitOperations.RotateLeft(e, 5) + ((a ^ b ^ c)) + 0x6ED9EBA1u + w15;
        a = BitOperations.RotateLeft(a, 30);
        w0 = BitOperations.RotateLeft(w13 ^ w8 ^ w2 ^ w0, 1);
        c += BitOperations.RotateLeft(d, 5) + ((e ^ a ^ b)) + 0x6ED9EBA1u + w0;
        e = BitOperations.RotateLeft(e, 30);
        w1 = BitOperations.RotateLeft(w14 ^ w9 ^ w3 ^ w1, 1);
        b += BitOperations.RotateLeft(c, 5) + ((d ^ e ^ a)) + 0x6ED9EBA1u + w1;
        d = BitOperations.RotateLeft(d, 30);
        w2 = BitOperations.RotateLeft(w15 ^ w10 ^ w4 ^ w2, 1);
        a += BitOperations.RotateLeft(b, 5) + ((c ^ d ^ e)) + 0x6ED9EBA1u + w2;
        c = BitOperations.RotateLeft(c, 30);
        w3 = BitOperations.RotateLeft(w0 ^ w11 ^ w5 ^ w3, 1);
        e += BitOperations.RotateLeft(a, 5) + ((b ^ c ^ d)) + 0x6ED9EBA1u + w3;
        b = BitOperations.RotateLeft(b, 30);
        w4 = BitOperations.RotateLeft(w1 ^ w12 ^ w6 ^ w4, 1);
        d += BitOperations.RotateLeft(e, 5) + ((a ^ b ^ c)) + 0x6ED9EBA1u + w4;
        a = BitOperations.RotateLeft(a, 30);
        w5 = BitOperations.RotateLeft(w2 ^ w13 ^ w7 ^ w5, 1);
        c += BitOperations.RotateLeft(d, 5) + ((e ^ a ^ b)) + 0x6ED9EBA1u + w5;
        e = BitOperations.RotateLeft(e, 30);
        w6 = BitOperations.RotateLeft(w3 ^ w14 ^ w8 ^ w6, 1);
        b += BitOperations.RotateLeft(c, 5) + ((d ^ e ^ a)) + 0x6ED9EBA1u + w6;
        d = BitOperations.RotateLeft(d, 30);
        w7 = BitOperations.RotateLeft(w4 ^ w15 ^ w9 ^ w7, 1);
        a += BitOperations.RotateLeft(b, 5) + ((c ^ d ^ e)) + 0x6ED9EBA1u + w7;
        c = BitOperations.RotateLeft(c, 30);
        w8 = BitOperations.RotateLeft(w5 ^ w0 ^ w10 ^ w8, 1);
        e += BitOperations.RotateLeft(a, 5) + (((b & c) | (d & (b | c)))) + 0x8F1BBCDCu + w8;
        b = BitOperations.RotateLeft(b, 30);
        w9 = BitOperations.RotateLeft(w6 ^ w1 ^ w11 ^ w9, 1);
        d += BitOperations.RotateLeft(e, 5) + (((a & b) | (c & (a | b)))) + 0x8F1BBCDCu + w9;
        a = BitOperations.RotateLeft(a, 30);
        w10 = BitOperations.RotateLeft(w7 ^ w2 ^ w12 ^ w10, 1);
        c += BitOperations.RotateLeft(d, 5) + (((e & a) | (b & (e | a)))) + 0x8F1BBCDCu + w10;
        e = BitOperations.RotateLeft(e, 30);
        w11 = BitOperations.RotateLeft(w8 ^ w3 ^ w13 ^ w11, 1);
        b += BitOperations.RotateLeft(c, 5) + (((d & e) | (a & (d | e)))) + 0x8F1BBCDCu + w11;
        d = BitOperations.RotateLeft(d, 30);
        w12 = BitOperations.RotateLeft(w9 ^ w4 ^ w14 ^ w12, 1);
        a += BitOperations.RotateLeft(b, 5) + (((c & d) | (e & (c | d)))) + 0x8F1BBCDCu + w12;
        c = BitOperations.RotateLeft(c, 30);
        w13 = BitOperations.RotateLeft(w10 ^ w5 ^ w15 ^ w13, 1);
        e += BitOperations.RotateLeft(a, 5) + (((b & c) | (d & (b | c)))) + 0x8F1BBCDCu + w13;
        b = BitOperations.RotateLeft(b, 30);
        w14 = BitOperations.RotateLeft(w11 ^ w6 ^ w0 ^ w14, 1);
        d += BitOperations.RotateLeft(e, 5) + (((a & b) | (c & (a | b)))) + 0x8F1BBCDCu + w14;
        a = BitOperations.RotateLeft(a, 30);
        w15 = BitOperations.RotateLeft(w12 ^ w7 ^ w1 ^ w15, 1);
        c += BitOperations.RotateLeft(d, 5) + (((e & a) | (b & (e | a)))) + 0x8F1BBCDCu + w15;
        e = BitOperations.RotateLeft(e, 30);
        w0 = BitOperations.RotateLeft(w13 ^ w8 ^ w2 ^ w0, 1);
        b += BitOperations.RotateLeft(c, 5) + (((d & e) | (a & (d | e)))) + 0x8F1BBCDCu + w0;
        d = BitOperations.RotateLeft(d, 30);
        w1 = BitOperations.RotateLeft(w14 ^ w9 ^ w3 ^ w1, 1);
        a += BitOperations.RotateLeft(b, 5) + (((c & d) | (e & (c | d)))) + 0x8F1BBCDCu + w1;
        c = BitOperations.RotateLeft(c, 30);
        w2 = BitOperations.RotateLeft(w15 ^ w10 ^ w4 ^ w2, 1);
        e += BitOperations.RotateLeft(a, 5) + (((b & c) | (d & (b | c)))) + 0x8F1BBCDCu + w2;
        b = BitOperations.RotateLeft(b, 30);
        w3 = BitOperations.RotateLeft(w0 ^ w11 ^ w5 ^ w3, 1);
        d += BitOperations.RotateLeft(e, 5) + (((a & b) | (c & (a | b)))) + 0x8F1BBCDCu + w3;
        a = BitOperations.RotateLeft(a, 30);
        w4 = BitOperations.RotateLeft(w1 ^ w12 ^ w6 ^ w4, 1);
        c += BitOperations.RotateLeft(d, 5) + (((e & a) | (b & (e | a)))) + 0x8F1BBCDCu + w4;
        e = BitOperations.RotateLeft(e, 30);
        w5 = BitOperations.RotateLeft(w2 ^ w13 ^ w7 ^ w5, 1);
        b += BitOperations.RotateLeft(c, 5) + (((d & e) | (a & (d | e)))) + 0x8F1BBCDCu + w5;
        d = BitOperations.RotateLeft(d, 30);
        w6 = BitOperations.RotateLeft(w3 ^ w14 ^ w8 ^ w6, 1);
        a += BitOperations.RotateLeft(b, 5) + (((c & d) | (e & (c | d)))) + 0x8F1BBCDCu + w6;
        c = BitOperations.RotateLeft(c, 30);
        w7 = BitOperations.RotateLeft(w4 ^ w15 ^ w9 ^ w7, 1);
        e += BitOperations.RotateLeft(a, 5) + (((b & c) | (d & (b | c)))) + 0x8F1BBCDCu + w7;
        b = BitOperations.RotateLeft(b, 30);
        w8 = BitOperations.RotateLeft(w5 ^ w0 ^ w10 ^ w8, 1);
        d += BitOperations.RotateLeft(e, 5) + (((a & b) | (c & (a | b)))) + 0x8F1BBCDCu + w8;
        a = BitOperations.RotateLeft(a, 30);
        w9 = BitOperations.RotateLeft(w6 ^ w1 ^ w11 ^ w9, 1);
        c += BitOperations.RotateLeft(d, 5) + (((e & a) | (b & (e | a)))) + 0x8F1BBCDCu + w9;
        e = BitOperations.RotateLeft(e, 30);
        w10 = BitOperations.RotateLeft(w7 ^ w2 ^ w12 ^ w10, 1);
        b += BitOperations.RotateLeft(c, 5) + (((d & e) | (a & (d | e)))) + 0x8F1BBCDCu + w10;
        d = BitOperations.RotateLeft(d, 30);
        w11 = BitOperations.RotateLeft(w8 ^ w3 ^ w13 ^ w11, 1);
        a += BitOperations.RotateLeft(b, 5) + (((c & d) | (e & (c | d)))) + 0x8F1BBCDCu + w11;
        c = BitOperations.RotateLeft(c, 30);
        w12 = BitOperations.RotateLeft(w9 ^ w4 ^ w14 ^ w12, 1);
        e += BitOperations.RotateLeft(a, 5) + ((b ^ c ^ d)) + 0xCA62C1D6u + w12;
        b = BitOperations.RotateLeft(b, 30);
        w13 = BitOperations.RotateLeft(w10 ^ w5 ^ w15 ^ w13, 1);
        d += BitOperations.RotateLeft(e, 5) + ((a ^ b ^ c)) + 0xCA62C1D6u + w13;
        a = BitOperations.RotateLeft(a, 30);
        w14 = BitOperations.RotateLeft(w11 ^ w6 ^ w0 ^ w14, 1);
        c += BitOperations.RotateLeft(d, 5) + ((e ^ a ^ b)) + 0xCA62C1D6u + w14;
        e = BitOperations.RotateLeft(e, 30);
        w15 = BitOperations.RotateLeft(w12 ^ w7 ^ w1 ^ w15, 1);
        b += BitOperations.RotateLeft(c, 5) + ((d ^ e ^ a)) + 0xCA62C1D6u + w15;
        d = BitOperations.RotateLeft(d, 30);
        w0 = BitOperations.RotateLeft(w13 ^ w8 ^ w2 ^ w0, 1);
        a += BitOperations.RotateLeft(b, 5) + ((c ^ d ^ e)) + 0xCA62C1D6u + w0;
        c = BitOperations.RotateLeft(c, 30);
        w1 = BitOperations.RotateLeft(w14 ^ w9 ^ w3 ^ w1, 1);
        e += BitOperations.RotateLeft(a, 5) + ((b ^ c ^ d)) + 0xCA62C1D6u + w1;
        b = BitOperations.RotateLeft(b, 30);
        w2 = BitOperations.RotateLeft(w15 ^ w10 ^ w4 ^ w2, 1);
        d += BitOperations.RotateLeft(e, 5) + ((a ^ b ^ c)) + 0xCA62C1D6u + w2;
        a = BitOperations.RotateLeft(a, 30);
        w3 = BitOperations.RotateLeft(w0 ^ w11 ^ w5 ^ w3, 1);
        c += BitOperations.RotateLeft(d, 5) + ((e ^ a ^ b)) + 0xCA62C1D6u + w3;
        e = BitOperations.RotateLeft(e, 30);
        w4 = BitOperations.RotateLeft(w1 ^ w12 ^ w6 ^ w4, 1);
        b += BitOperations.RotateLeft(c, 5) + ((d ^ e ^ a)) + 0xCA62C1D6u + w4;
        d = BitOperations.RotateLeft(d, 30);
        w5 = BitOperations.RotateLeft(w2 ^ w13 ^ w7 ^ w5, 1);
        a += BitOperations.RotateLeft(b, 5) + ((c ^ d ^ e)) + 0xCA62C1D6u + w5;
        c = BitOperations.RotateLeft(c, 30);
        w6 = BitOperations.RotateLeft(w3 ^ w14 ^ w8 ^ w6, 1);
        e += BitOperations.RotateLeft(a, 5) + ((b ^ c ^ d)) + 0xCA62C1D6u + w6;
        b = BitOperations.RotateLeft(b, 30);
        w7 = BitOperations.RotateLeft(w4 ^ w15 ^ w9 ^ w7, 1);
        d += BitOperations.RotateLeft(e, 5) + ((a ^ b ^ c)) + 0xCA62C1D6u + w7;
        a = BitOperations.RotateLeft(a, 30);
        w8 = BitOperations.RotateLeft(w5 ^ w0 ^ w10 ^ w8, 1);
        c += BitOperations.RotateLeft(d, 5) + ((e ^ a ^ b)) + 0xCA62C1D6u + w8;
        e = BitOperations.RotateLeft(e, 30);
        w9 = BitOperations.RotateLeft(w6 ^ w1 ^ w11 ^ w9, 1);
        b += BitOperations.RotateLeft(c, 5) + ((d ^ e ^ a)) + 0xCA62C1D6u + w9;
        d = BitOperations.RotateLeft(d, 30);
        w10 = BitOperations.RotateLeft(w7 ^ w2 ^ w12 ^ w10, 1);
        a += BitOperations.RotateLeft(b, 5) + ((c ^ d ^ e)) + 0xCA62C1D6u + w10;
        c = BitOperations.RotateLeft(c, 30);
        w11 = BitOperations.RotateLeft(w8 ^ w3 ^ w13 ^ w11, 1);
        e += BitOperations.RotateLeft(a, 5) + ((b ^ c ^ d)) + 0xCA62C1D6u + w11;
        b = BitOperations.RotateLeft(b, 30);
        w12 = BitOperations.RotateLeft(w9 ^ w4 ^ w14 ^ w12, 1);
        d += BitOperations.RotateLeft(e, 5) + ((a ^ b ^ c)) + 0xCA62C1D6u + w12;
        a = BitOperations.RotateLeft(a, 30);
        w13 = BitOperations.RotateLeft(w10 ^ w5 ^ w15 ^ w13, 1);
        c += BitOperations.RotateLeft(d, 5) + ((e ^ a ^ b)) + 0xCA62C1D6u + w13;
        e = BitOperations.RotateLeft(e, 30);
        w14 = BitOperations.RotateLeft(w11 ^ w6 ^ w0 ^ w14, 1);
        b += BitOperations.RotateLeft(c, 5) + ((d ^ e ^ a)) + 0xCA62C1D6u + w14;
        d = BitOperations.RotateLeft(d, 30);
        w15 = BitOperations.RotateLeft(w12 ^ w7 ^ w1 ^ w15, 1);
        a += BitOperations.RotateLeft(b, 5) + ((c ^ d ^ e)) + 0xCA62C1D6u + w15;
        c = BitOperations.RotateLeft(c, 30);
        state.H0 += a;
        state.H1 += b;
        state.H2 += c;
        state.H3 += d;
        state.H4 += e;
    }
}
