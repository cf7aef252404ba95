using System.Buffers.Binary;

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
        var t = Tables.AsSpan();
        crc = ~crc;
        while (data.Length >= 8)
        {
            var one = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ crc;
            var two = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            crc = t[(7 * 256) + (int)(one & 0xFF)]
                ^ t[(6 * 256) + (int)((one >> 8) & 0xFF)]
                ^ t[(5 * 256) + (int)((one >> 16) & 0xFF)]
                ^ t[(4 * 256) + (int)(one >> 24)]
                ^ t[(3 * 256) + (int)(two & 0xFF)]
                ^ t[(2 * 256) + (int)((two >> 8) & 0xFF)]
                ^ t[256 + (int)((two >> 16) & 0xFF)]
                ^ t[(int)(two >> 24)];
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = t[(int)((crc ^ b) & 0xFF)] ^ (crc >> 8);
        }

        return ~crc;
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
