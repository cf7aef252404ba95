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
/// blocks are multiplied by H^k..H^1 and summed before a single reduction, across the AAD, ciphertext and
/// length blocks alike.
/// </summary>
internal static class GHashPclmul
{
    /// <summary>Number of precomputed powers of H (H^1..H^8).</summary>
    public const int PowerCount = 8;

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
    public static Vector128<byte> Compute(ref Vector128<byte> powers, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> ciphertext)
    {
        // SP 800-38D §7.1: GHASH runs over A || 0^v || C || 0^u || [len(A)]64 || [len(C)]64. The padded blocks are
        // assembled in registers straight from the caller's buffers instead of being copied into a scratch buffer:
        // no extra pass over the packet, and no 16-byte loads waiting on the narrower stores that filled the
        // scratch (store-to-load forwarding fails there).
        var aadBlocks = (aad.Length + 15) >> 4;
        var total = aadBlocks + ((ciphertext.Length + 15) >> 4) + 1;
        var y = Vector128<ulong>.Zero;
        for (var index = 0; index < total;)
        {
            // Up to eight blocks share one reduction: (Y + X0)·H^m + X1·H^(m-1) + ... + X(m-1)·H.
            var m = Math.Min(8, total - index);
            Vector128<ulong> low = Vector128<ulong>.Zero, middle = Vector128<ulong>.Zero, high = Vector128<ulong>.Zero;
            MultiplyAdd(BlockAt(aad, ciphertext, aadBlocks, total, index) ^ y, Unsafe.Add(ref powers, m - 1).AsUInt64(), ref low, ref middle, ref high);
            for (var k = 1; k < m; k++)
            {
                MultiplyAdd(BlockAt(aad, ciphertext, aadBlocks, total, index + k), Unsafe.Add(ref powers, m - 1 - k).AsUInt64(), ref low, ref middle, ref high);
            }

            y = Reduce(low, middle, high);
            index += m;
        }

        return Reflect(y.AsByte());
    }

    // Block i of A || 0^v || C || 0^u || lengths, reflected: whole blocks load directly, a short last block of A
    // or C is zero-padded in registers, and the length block is built from the two lengths.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> BlockAt(ReadOnlySpan<byte> aad, ReadOnlySpan<byte> ciphertext, int aadBlocks, int total, int index)
    {
        if (index == total - 1)
        {
            var lengths = Vector128.Create((ulong)ciphertext.Length * 8, (ulong)aad.Length * 8);
            return lengths; // already in reflected order: the reflection of [len(A)]64 || [len(C)]64
        }

        var segment = index < aadBlocks ? aad : ciphertext;
        var offset = (index < aadBlocks ? index : index - aadBlocks) << 4;
        var rest = segment.Length - offset;
        var block = rest >= 16 ? Vector128.Create(segment.Slice(offset, 16)) : LoadPartial(segment.Slice(offset, rest));
        return Reflect(block).AsUInt64();
    }

    // 1 to 15 bytes, zero-padded to a block, read with overlapping scalar loads so nothing goes through memory.
    private static Vector128<byte> LoadPartial(ReadOnlySpan<byte> s)
    {
        var r = s.Length;
        ulong lo, hi = 0;
        if (r >= 8)
        {
            lo = BinaryPrimitives.ReadUInt64LittleEndian(s);
            if (r > 8) hi = BinaryPrimitives.ReadUInt64LittleEndian(s[(r - 8)..]) >> ((16 - r) * 8);
        }
        else if (r >= 4)
        {
            lo = BinaryPrimitives.ReadUInt32LittleEndian(s);
            if (r > 4) lo |= (ulong)(BinaryPrimitives.ReadUInt32LittleEndian(s[(r - 4)..]) >> ((8 - r) * 8)) << 32;
        }
        else
        {
            lo = s[0];
            if (r > 1) lo |= (ulong)s[1] << 8;
            if (r > 2) lo |= (ulong)s[2] << 16;
        }

        return Vector128.Create(lo, hi).AsByte();
    }

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
