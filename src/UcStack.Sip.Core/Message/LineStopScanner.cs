using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace UcStack.Sip;

/// <summary>
/// Finds, moving forward only, the octets that end or break a header line: every CTL except HTAB
/// (RFC 3261 §25.1), which includes CR and LF. The head is classified 32 octets at a time into a bit mask that
/// later calls reuse, so the dozen lines of a typical message cost about as many vector compares as the head
/// has 32-octet blocks, instead of one search call per line.
/// </summary>
internal ref struct LineStopScanner
{
    private const int BlockSize = 32;

    private readonly ReadOnlySpan<byte> _input;
    private int _block;
    private uint _mask;

    /// <summary>Creates a scanner over <paramref name="input"/>.</summary>
    internal LineStopScanner(ReadOnlySpan<byte> input)
    {
        _input = input;
        _block = -1;
    }

    /// <summary>The index of the first stop octet at or after <paramref name="from"/>, or -1 when there is none.
    /// Any position works; moving forward, as lines are parsed, reuses the current block's mask.</summary>
    internal int Next(int from)
    {
        while ((uint)from < (uint)_input.Length)
        {
            var block = from & ~(BlockSize - 1);
            if (block != _block)
            {
                _block = block;
                _mask = Classify(_input, block);
            }

            var pending = _mask & (uint.MaxValue << (from & (BlockSize - 1)));
            if (pending != 0) return block + BitOperations.TrailingZeroCount(pending);
            from = block + BlockSize;
        }

        return -1;
    }

    /// <summary>Bit k set when octet <paramref name="block"/> + k is a stop octet.</summary>
    private static uint Classify(ReadOnlySpan<byte> input, int block)
    {
        if (block + BlockSize <= input.Length)
        {
            var slice = input.Slice(block, BlockSize);
            if (Vector256.IsHardwareAccelerated)
            {
                return Stops(Vector256.Create(slice)).ExtractMostSignificantBits();
            }

            if (Vector128.IsHardwareAccelerated)
            {
                var low = Stops(Vector128.Create(slice)).ExtractMostSignificantBits();
                var high = Stops(Vector128.Create(slice[16..])).ExtractMostSignificantBits();
                return low | (high << 16);
            }
        }

        var mask = 0u;
        var end = Math.Min(input.Length - block, BlockSize);
        for (var k = 0; k < end; k++)
        {
            if (IsStop(input[block + k])) mask |= 1u << k;
        }

        return mask;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> Stops(Vector256<byte> v)
        => (Vector256.LessThan(v, Vector256.Create((byte)0x20)) & ~Vector256.Equals(v, Vector256.Create((byte)'\t')))
           | Vector256.Equals(v, Vector256.Create((byte)0x7F));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Stops(Vector128<byte> v)
        => (Vector128.LessThan(v, Vector128.Create((byte)0x20)) & ~Vector128.Equals(v, Vector128.Create((byte)'\t')))
           | Vector128.Equals(v, Vector128.Create((byte)0x7F));

    /// <summary>A CTL other than HTAB: %x00-08, %x0A-1F, %x7F.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsStop(byte b) => (b < 0x20 && b != (byte)'\t') || b == 0x7F;
}
