using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace UcStack.Srtp.Crypto;

/// <summary>
/// GHASH (NIST SP 800-38D §6.4) with carry-less multiplication (PCLMULQDQ). Blocks are kept byte-reversed
/// ("reflected"), so GF(2^128) elements are plain 128-bit little-endian integers; each 256-bit product is
/// shifted left one bit and reduced modulo x^128 + x^7 + x^2 + x + 1, as in Gueron and Kounavis's
/// "Intel Carry-Less Multiplication Instruction and its Usage for Computing the GCM Mode". Four blocks
/// are multiplied by H^4..H^1 and summed before a single reduction.
/// </summary>
internal static class GHashPclmul
{
    /// <summary>Number of precomputed powers of H (H^1..H^4).</summary>
    public const int PowerCount = 4;

    /// <summary>True when the CPU has PCLMULQDQ and the SSE levels used here.</summary>
    public static bool IsSupported => Pclmulqdq.IsSupported && Ssse3.IsSupported;

    /// <summary>Turns a block as it appears on the wire into the reflected form, and back.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Reflect(Vector128<byte> block) => Ssse3.Shuffle(block, AesNiCounterMode.ReverseBytes);

    /// <summary>Writes H, H^2, H^3, H^4 (reflected) to <paramref name="powers"/> for the hash subkey <paramref name="h"/> (wire order).</summary>
    public static void InitPowers(Vector128<byte> h, Span<Vector128<byte>> powers)
    {
        var h1 = Reflect(h).AsUInt64();
        var h2 = Multiply(h1, h1);
        var h3 = Multiply(h2, h1);
        var h4 = Multiply(h3, h1);
        powers[0] = h1.AsByte();
        powers[1] = h2.AsByte();
        powers[2] = h3.AsByte();
        powers[3] = h4.AsByte();
    }

    /// <summary>
    /// Absorbs <paramref name="data"/> into the reflected hash state <paramref name="y"/>, zero-padding a
    /// final partial block (SP 800-38D §7.1 pads A and C separately to whole blocks).
    /// </summary>
    [SkipLocalsInit]
    public static Vector128<byte> Update(ref Vector128<byte> powers, Vector128<byte> y, ReadOnlySpan<byte> data)
    {
        ref var p = ref MemoryMarshal.GetReference(data);
        var length = (nuint)data.Length;
        nuint offset = 0;
        var h1 = powers.AsUInt64();
        var acc = y.AsUInt64();
        if (length >= 64)
        {
            var h2 = Unsafe.Add(ref powers, 1).AsUInt64();
            var h3 = Unsafe.Add(ref powers, 2).AsUInt64();
            var h4 = Unsafe.Add(ref powers, 3).AsUInt64();
            do
            {
                // (Y + X0)·H^4 + X1·H^3 + X2·H^2 + X3·H equals four Horner steps, with one reduction.
                var x0 = Reflect(Vector128.LoadUnsafe(ref p, offset)).AsUInt64() ^ acc;
                var x1 = Reflect(Vector128.LoadUnsafe(ref p, offset + 16)).AsUInt64();
                var x2 = Reflect(Vector128.LoadUnsafe(ref p, offset + 32)).AsUInt64();
                var x3 = Reflect(Vector128.LoadUnsafe(ref p, offset + 48)).AsUInt64();
                var low = Pclmulqdq.CarrylessMultiply(x0, h4, 0x00) ^ Pclmulqdq.CarrylessMultiply(x1, h3, 0x00)
                    ^ Pclmulqdq.CarrylessMultiply(x2, h2, 0x00) ^ Pclmulqdq.CarrylessMultiply(x3, h1, 0x00);
                var high = Pclmulqdq.CarrylessMultiply(x0, h4, 0x11) ^ Pclmulqdq.CarrylessMultiply(x1, h3, 0x11)
                    ^ Pclmulqdq.CarrylessMultiply(x2, h2, 0x11) ^ Pclmulqdq.CarrylessMultiply(x3, h1, 0x11);
                var middle = Pclmulqdq.CarrylessMultiply(x0, h4, 0x01) ^ Pclmulqdq.CarrylessMultiply(x0, h4, 0x10)
                    ^ Pclmulqdq.CarrylessMultiply(x1, h3, 0x01) ^ Pclmulqdq.CarrylessMultiply(x1, h3, 0x10)
                    ^ Pclmulqdq.CarrylessMultiply(x2, h2, 0x01) ^ Pclmulqdq.CarrylessMultiply(x2, h2, 0x10)
                    ^ Pclmulqdq.CarrylessMultiply(x3, h1, 0x01) ^ Pclmulqdq.CarrylessMultiply(x3, h1, 0x10);
                acc = Reduce(low, middle, high);
                offset += 64;
            }
            while (length - offset >= 64);
        }

        for (; length - offset >= 16; offset += 16)
        {
            acc = Multiply(Reflect(Vector128.LoadUnsafe(ref p, offset)).AsUInt64() ^ acc, h1);
        }

        if (offset < length)
        {
            Span<byte> last = stackalloc byte[16];
            last.Clear();
            data[(int)offset..].CopyTo(last);
            acc = Multiply(Reflect(Vector128.Create<byte>(last)).AsUInt64() ^ acc, h1);
        }

        return acc.AsByte();
    }

    /// <summary>
    /// Absorbs the final length block len(A) || len(C) in bits (SP 800-38D §7.1) and returns GHASH in wire order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Finish(ref Vector128<byte> powers, Vector128<byte> y, int aadLength, int dataLength)
    {
        // The wire block is two big-endian 64-bit bit counts; reflected, that is (C bits, A bits) as lanes.
        var lengths = Vector128.Create((ulong)dataLength * 8, (ulong)aadLength * 8);
        return Reflect(Multiply(y.AsUInt64() ^ lengths, powers.AsUInt64()).AsByte());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Multiply(Vector128<ulong> a, Vector128<ulong> b)
    {
        var low = Pclmulqdq.CarrylessMultiply(a, b, 0x00);
        var high = Pclmulqdq.CarrylessMultiply(a, b, 0x11);
        var middle = Pclmulqdq.CarrylessMultiply(a, b, 0x01) ^ Pclmulqdq.CarrylessMultiply(a, b, 0x10);
        return Reduce(low, middle, high);
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
