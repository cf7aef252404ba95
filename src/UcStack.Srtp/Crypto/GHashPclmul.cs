using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace UcStack.Srtp.Crypto;

/// <summary>
/// GHASH (NIST SP 800-38D §6.4) with carry-less multiplication (PCLMULQDQ). Blocks are kept byte-reversed
/// ("reflected"), so GF(2^128) elements are plain 128-bit little-endian integers; each 256-bit product is
/// shifted left one bit and reduced modulo x^128 + x^7 + x^2 + x + 1, as in Gueron and Kounavis's
/// "Intel Carry-Less Multiplication Instruction and its Usage for Computing the GCM Mode". Up to eight
/// blocks are multiplied by H^k..H^1 and summed before a single reduction; small inputs are laid out
/// contiguously first so that this also spans the AAD, ciphertext and length blocks.
/// </summary>
internal static class GHashPclmul
{
    /// <summary>Number of precomputed powers of H (H^1..H^8).</summary>
    public const int PowerCount = 8;

    // Inputs up to this size (whole GHASH input, padded) are hashed from one contiguous stack buffer.
    private const int ContiguousLimit = 512;

    /// <summary>True when the CPU has PCLMULQDQ and the SSE levels used here.</summary>
    public static bool IsSupported => Pclmulqdq.IsSupported && Ssse3.IsSupported;

    /// <summary>Turns a block as it appears on the wire into the reflected form, and back.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Reflect(Vector128<byte> block) => Ssse3.Shuffle(block, AesNiCounterMode.ReverseBytes);

    /// <summary>Writes H, H^2, ..., H^8 (reflected) to <paramref name="powers"/> for the hash subkey <paramref name="h"/> (wire order).</summary>
    public static void InitPowers(Vector128<byte> h, Span<Vector128<byte>> powers)
    {
        var h1 = Reflect(h).AsUInt64();
        var power = h1;
        powers[0] = h1.AsByte();
        for (var i = 1; i < PowerCount; i++)
        {
            power = Multiply(power, h1);
            powers[i] = power.AsByte();
        }
    }

    /// <summary>GHASH(H, A, C) of SP 800-38D §7.1 in wire order, with <paramref name="powers"/> from <see cref="InitPowers"/>.</summary>
    [SkipLocalsInit]
    public static Vector128<byte> Compute(ref Vector128<byte> powers, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> ciphertext)
    {
        // SP 800-38D §7.1: GHASH runs over A || 0^v || C || 0^u || [len(A)]64 || [len(C)]64.
        var aadPadded = PaddedLength(aad.Length);
        var dataPadded = PaddedLength(ciphertext.Length);
        var total = aadPadded + dataPadded + 16;
        if (total <= ContiguousLimit)
        {
            // Typical SRTP packets: lay the whole GHASH input out in one stack buffer, so every run of four
            // blocks shares one reduction, across the AAD/ciphertext seam too (3 reductions for 12+160 bytes).
            Span<byte> input = stackalloc byte[ContiguousLimit];
            aad.CopyTo(input);
            input[aad.Length..aadPadded].Clear();
            ciphertext.CopyTo(input[aadPadded..]);
            input[(aadPadded + ciphertext.Length)..(aadPadded + dataPadded)].Clear();
            WriteLengthBlock(input.Slice(aadPadded + dataPadded, 16), aad.Length, ciphertext.Length);
            return Reflect(HashBlocks(ref powers, Vector128<ulong>.Zero, input[..total]).AsByte());
        }

        Span<byte> block = stackalloc byte[16];
        var y = HashSegment(ref powers, Vector128<ulong>.Zero, aad, block);
        y = HashSegment(ref powers, y, ciphertext, block);
        WriteLengthBlock(block, aad.Length, ciphertext.Length);
        return Reflect(HashBlocks(ref powers, y, block).AsByte());
    }

    private static int PaddedLength(int length) => (length + 15) & ~15;

    private static void WriteLengthBlock(Span<byte> block, int aadLength, int dataLength)
    {
        BinaryPrimitives.WriteUInt64BigEndian(block, (ulong)aadLength * 8);
        BinaryPrimitives.WriteUInt64BigEndian(block[8..], (ulong)dataLength * 8);
    }

    // One segment (A or C), zero-padded to whole blocks on its own; the last partial block goes via scratch.
    private static Vector128<ulong> HashSegment(ref Vector128<byte> powers, Vector128<ulong> y, ReadOnlySpan<byte> segment, Span<byte> scratch)
    {
        var whole = segment.Length & ~15;
        y = HashBlocks(ref powers, y, segment[..whole]);
        if (whole < segment.Length)
        {
            scratch.Clear();
            segment[whole..].CopyTo(scratch);
            y = HashBlocks(ref powers, y, scratch);
        }

        return y;
    }

    // Whole blocks: eight, then four at a time as (Y + X0)·H^4 + X1·H^3 + X2·H^2 + X3·H with one
    // reduction, then the last k = 1..3 blocks the same way with H^k..H^1.
    private static Vector128<ulong> HashBlocks(ref Vector128<byte> powers, Vector128<ulong> y, ReadOnlySpan<byte> blocks)
    {
        ref var p = ref MemoryMarshal.GetReference(blocks);
        var remaining = (nuint)blocks.Length / 16;
        nuint offset = 0;
        var h1 = powers.AsUInt64();
        var h2 = Unsafe.Add(ref powers, 1).AsUInt64();
        var h3 = Unsafe.Add(ref powers, 2).AsUInt64();
        var h4 = Unsafe.Add(ref powers, 3).AsUInt64();
        // Long inputs: eight blocks per reduction halves the length of the dependent reduction chain.
        for (; remaining >= 8; remaining -= 8, offset += 128)
        {
            Vector128<ulong> low = Vector128<ulong>.Zero, middle = Vector128<ulong>.Zero, high = Vector128<ulong>.Zero;
            MultiplyAdd(Load(ref p, offset) ^ y, Unsafe.Add(ref powers, 7).AsUInt64(), ref low, ref middle, ref high);
            MultiplyAdd(Load(ref p, offset + 16), Unsafe.Add(ref powers, 6).AsUInt64(), ref low, ref middle, ref high);
            MultiplyAdd(Load(ref p, offset + 32), Unsafe.Add(ref powers, 5).AsUInt64(), ref low, ref middle, ref high);
            MultiplyAdd(Load(ref p, offset + 48), Unsafe.Add(ref powers, 4).AsUInt64(), ref low, ref middle, ref high);
            MultiplyAdd(Load(ref p, offset + 64), h4, ref low, ref middle, ref high);
            MultiplyAdd(Load(ref p, offset + 80), h3, ref low, ref middle, ref high);
            MultiplyAdd(Load(ref p, offset + 96), h2, ref low, ref middle, ref high);
            MultiplyAdd(Load(ref p, offset + 112), h1, ref low, ref middle, ref high);
            y = Reduce(low, middle, high);
        }

        for (; remaining >= 4; remaining -= 4, offset += 64)
        {
            Vector128<ulong> low = Vector128<ulong>.Zero, middle = Vector128<ulong>.Zero, high = Vector128<ulong>.Zero;
            MultiplyAdd(Load(ref p, offset) ^ y, h4, ref low, ref middle, ref high);
            MultiplyAdd(Load(ref p, offset + 16), h3, ref low, ref middle, ref high);
            MultiplyAdd(Load(ref p, offset + 32), h2, ref low, ref middle, ref high);
            MultiplyAdd(Load(ref p, offset + 48), h1, ref low, ref middle, ref high);
            y = Reduce(low, middle, high);
        }

        if (remaining != 0)
        {
            Vector128<ulong> low = Vector128<ulong>.Zero, middle = Vector128<ulong>.Zero, high = Vector128<ulong>.Zero;
            var first = Load(ref p, offset) ^ y;
            if (remaining == 3)
            {
                MultiplyAdd(first, h3, ref low, ref middle, ref high);
                MultiplyAdd(Load(ref p, offset + 16), h2, ref low, ref middle, ref high);
                MultiplyAdd(Load(ref p, offset + 32), h1, ref low, ref middle, ref high);
            }
            else if (remaining == 2)
            {
                MultiplyAdd(first, h2, ref low, ref middle, ref high);
                MultiplyAdd(Load(ref p, offset + 16), h1, ref low, ref middle, ref high);
            }
            else
            {
                MultiplyAdd(first, h1, ref low, ref middle, ref high);
            }

            y = Reduce(low, middle, high);
        }

        return y;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Load(ref byte p, nuint offset) => Reflect(Vector128.LoadUnsafe(ref p, offset)).AsUInt64();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Multiply(Vector128<ulong> a, Vector128<ulong> b)
    {
        var low = Pclmulqdq.CarrylessMultiply(a, b, 0x00);
        var high = Pclmulqdq.CarrylessMultiply(a, b, 0x11);
        var middle = Pclmulqdq.CarrylessMultiply(a, b, 0x01) ^ Pclmulqdq.CarrylessMultiply(a, b, 0x10);
        return Reduce(low, middle, high);
    }

    // Adds the unreduced product a·b to the running low/middle/high partial sums.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MultiplyAdd(Vector128<ulong> a, Vector128<ulong> b, ref Vector128<ulong> low, ref Vector128<ulong> middle, ref Vector128<ulong> high)
    {
        low ^= Pclmulqdq.CarrylessMultiply(a, b, 0x00);
        high ^= Pclmulqdq.CarrylessMultiply(a, b, 0x11);
        middle ^= Pclmulqdq.CarrylessMultiply(a, b, 0x01) ^ Pclmulqdq.CarrylessMultiply(a, b, 0x10);
    }

    // Folds the middle partial products into the 256-bit product high:low, shifts it left by one bit (the
    // reflected representation leaves products one bit short), then reduces modulo the GCM polynomial.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Reduce(Vector128<ulong> low, Vector128<ulong> middle, Vector128<ulong> high)
    {
        var lo = (low ^ Sse2.ShiftLeftLogical128BitLane(middle, 8)).AsUInt32();
        var hi = (high ^ Sse2.ShiftRightLogical128BitLane(middle, 8)).AsUInt32();

        // 256-bit shift left by one: each 32-bit lane shifts, its top bit moves into the next lane up.
        var carryLo = Sse2.ShiftRightLogical(lo, 31);
        var carryHi = Sse2.ShiftRightLogical(hi, 31);
        lo = Sse2.ShiftLeftLogical(lo, 1) | Sse2.ShiftLeftLogical128BitLane(carryLo, 4);
        hi = Sse2.ShiftLeftLogical(hi, 1) | Sse2.ShiftLeftLogical128BitLane(carryHi, 4) | Sse2.ShiftRightLogical128BitLane(carryLo, 12);

        // Reduction, first phase: lane shifts by 32-1, 32-2 and 32-7 stand for the x, x^2 and x^7 terms.
        var t = Sse2.ShiftLeftLogical(lo, 31) ^ Sse2.ShiftLeftLogical(lo, 30) ^ Sse2.ShiftLeftLogical(lo, 25);
        var spill = Sse2.ShiftRightLogical128BitLane(t, 4);
        lo ^= Sse2.ShiftLeftLogical128BitLane(t, 12);

        // Second phase: the matching right shifts by 1, 2 and 7, then fold into the high half.
        var u = Sse2.ShiftRightLogical(lo, 1) ^ Sse2.ShiftRightLogical(lo, 2) ^ Sse2.ShiftRightLogical(lo, 7) ^ spill;
        return (hi ^ lo ^ u).AsUInt64();
    }
}
