using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace UcStack.Srtp.Crypto;

/// <summary>
/// GHASH (NIST SP 800-38D §6.4) with carry-less multiplication (PCLMULQDQ). Blocks are kept byte-reversed
/// ("reflected"), so GF(2^128) elements are plain 128-bit little-endian integers; each 256-bit product is
/// shifted left one bit and reduced modulo x^128 + x^7 + x^2 + x + 1, as in Gueron and Kounavis's
/// "Intel Carry-Less Multiplication Instruction and its Usage for Computing the GCM Mode". Up to four
/// blocks are multiplied by H^k..H^1 and summed before a single reduction, also across the AAD,
/// ciphertext and length segments, so a 160-byte SRTP payload costs three reductions, not twelve.
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

    /// <summary>GHASH(H, A, C) of SP 800-38D §7.1 in wire order, with <paramref name="powers"/> from <see cref="InitPowers"/>.</summary>
    public static Vector128<byte> Compute(ref Vector128<byte> powers, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> ciphertext)
    {
        var state = new Accumulator(ref powers);
        state.Absorb(aad);
        state.Absorb(ciphertext);
        return state.Finish(aad.Length, ciphertext.Length);
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

    /// <summary>
    /// Running GHASH over a sequence of segments: blocks wait (reflected) until four are pending, then
    /// (Y + X0)·H^4 + X1·H^3 + X2·H^2 + X3·H replaces four Horner steps with one reduction.
    /// </summary>
    private ref struct Accumulator
    {
        private readonly ref Vector128<byte> _powers;
        private Vector128<ulong> _y;
        private PendingBlocks _pending;
        private int _count;

        public Accumulator(ref Vector128<byte> powers)
        {
            _powers = ref powers;
            _y = Vector128<ulong>.Zero;
            _count = 0;
        }

        // SP 800-38D §7.1: each segment (A, then C) is zero-padded to whole blocks on its own.
        [SkipLocalsInit]
        public void Absorb(ReadOnlySpan<byte> data)
        {
            ref var p = ref MemoryMarshal.GetReference(data);
            var length = (nuint)data.Length;
            nuint offset = 0;
            for (; _count != 0 && length - offset >= 16; offset += 16)
            {
                Add(Vector128.LoadUnsafe(ref p, offset));
            }

            if (length - offset >= 64)
            {
                var h1 = _powers.AsUInt64();
                var h2 = Unsafe.Add(ref _powers, 1).AsUInt64();
                var h3 = Unsafe.Add(ref _powers, 2).AsUInt64();
                var h4 = Unsafe.Add(ref _powers, 3).AsUInt64();
                var y = _y;
                do
                {
                    Vector128<ulong> low = Vector128<ulong>.Zero, middle = Vector128<ulong>.Zero, high = Vector128<ulong>.Zero;
                    MultiplyAdd(Reflect(Vector128.LoadUnsafe(ref p, offset)).AsUInt64() ^ y, h4, ref low, ref middle, ref high);
                    MultiplyAdd(Reflect(Vector128.LoadUnsafe(ref p, offset + 16)).AsUInt64(), h3, ref low, ref middle, ref high);
                    MultiplyAdd(Reflect(Vector128.LoadUnsafe(ref p, offset + 32)).AsUInt64(), h2, ref low, ref middle, ref high);
                    MultiplyAdd(Reflect(Vector128.LoadUnsafe(ref p, offset + 48)).AsUInt64(), h1, ref low, ref middle, ref high);
                    y = Reduce(low, middle, high);
                    offset += 64;
                }
                while (length - offset >= 64);
                _y = y;
            }

            for (; length - offset >= 16; offset += 16)
            {
                Add(Vector128.LoadUnsafe(ref p, offset));
            }

            if (offset < length)
            {
                Span<byte> last = stackalloc byte[16];
                last.Clear();
                data[(int)offset..].CopyTo(last);
                Add(Vector128.Create<byte>(last));
            }
        }

        // SP 800-38D §7.1: the last block is len(A) || len(C) in bits, two big-endian 64-bit counts;
        // reflected, that is simply (C bits, A bits) as the two 64-bit lanes.
        public Vector128<byte> Finish(int aadLength, int dataLength)
        {
            AddReflected(Vector128.Create((ulong)dataLength * 8, (ulong)aadLength * 8));
            if (_count != 0)
            {
                Flush();
            }

            return Reflect(_y.AsByte());
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Add(Vector128<byte> wireBlock) => AddReflected(Reflect(wireBlock).AsUInt64());

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void AddReflected(Vector128<ulong> block)
        {
            _pending[_count++] = block;
            if (_count == PowerCount)
            {
                Flush();
            }
        }

        // With k blocks pending: (Y + X0)·H^k + X1·H^(k-1) + ... + X(k-1)·H, one reduction.
        private void Flush()
        {
            Vector128<ulong> low = Vector128<ulong>.Zero, middle = Vector128<ulong>.Zero, high = Vector128<ulong>.Zero;
            var k = _count;
            MultiplyAdd(_pending[0] ^ _y, Unsafe.Add(ref _powers, k - 1).AsUInt64(), ref low, ref middle, ref high);
            for (var i = 1; i < k; i++)
            {
                MultiplyAdd(_pending[i], Unsafe.Add(ref _powers, k - 1 - i).AsUInt64(), ref low, ref middle, ref high);
            }

            _y = Reduce(low, middle, high);
            _count = 0;
        }
    }

    [InlineArray(PowerCount)]
    private struct PendingBlocks
    {
        private Vector128<ulong> _element;
    }
}
