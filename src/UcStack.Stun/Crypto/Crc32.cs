using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace UcStack.Stun.Crypto;

/// <summary>
/// CRC-32 as used by ISO/IEC 3309, ITU-T V.42 and Ethernet (reflected polynomial 0xEDB88320, initial
/// value and final XOR 0xFFFFFFFF), which RFC 8489 §14.7 names for FINGERPRINT. Slice-by-8: eight
/// 256-entry tables let the loop consume 8 bytes per step.
/// </summary>
internal static class Crc32
{
    // Immutable after the type initializer; no mutable static state.
    private static readonly uint[] Tables = BuildTables();

    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>Continues a CRC (<paramref name="crc"/> is a previous result, or 0 to start).</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        // Every table index below is masked to 0-255 plus a slice base under 8 × 256, so the table reads need
        // no bounds checks; the data reads stay inside data.Length by the loop conditions.
        ref var t = ref MemoryMarshal.GetArrayDataReference(Tables);
        ref var p = ref MemoryMarshal.GetReference(data);
        var length = data.Length;
        var i = 0;
        crc = ~crc;
        for (; i <= length - 8; i += 8)
        {
            var one = ReadLittleEndian(ref Unsafe.Add(ref p, i)) ^ crc;
            var two = ReadLittleEndian(ref Unsafe.Add(ref p, i + 4));
            crc = Unsafe.Add(ref t, (7 * 256) + (int)(one & 0xFF))
                ^ Unsafe.Add(ref t, (6 * 256) + (int)((one >> 8) & 0xFF))
                ^ Unsafe.Add(ref t, (5 * 256) + (int)((one >> 16) & 0xFF))
                ^ Unsafe.Add(ref t, (4 * 256) + (int)(one >> 24))
                ^ Unsafe.Add(ref t, (3 * 256) + (int)(two & 0xFF))
                ^ Unsafe.Add(ref t, (2 * 256) + (int)((two >> 8) & 0xFF))
                ^ Unsafe.Add(ref t, 256 + (int)((two >> 16) & 0xFF))
                ^ Unsafe.Add(ref t, (int)(two >> 24));
        }

        for (; i < length; i++)
        {
            crc = Unsafe.Add(ref t, (int)((crc ^ Unsafe.Add(ref p, i)) & 0xFF)) ^ (crc >> 8);
        }

        return ~crc;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint ReadLittleEndian(ref byte source)
    {
        var value = Unsafe.ReadUnaligned<uint>(ref source);
        return BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);
    }

    private static uint[] BuildTables()
    {
        var tables = new uint[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            tables[i] = c;
        }

        for (var slice = 1; slice < 8; slice++)
        {
            for (var i = 0; i < 256; i++)
            {
                var previous = tables[((slice - 1) * 256) + i];
                tables[(slice * 256) + i] = (previous >> 8) ^ tables[(int)(previous & 0xFF)];
            }
        }

        return tables;
    }
}
