namespace UcStack.Client.Media;

/// <summary>ITU-T G.711 μ-law (payload type 0, PCMU): 8-bit codes for 14-bit linear samples, enough for a test tone.</summary>
internal static class G711
{
    private const int Bias = 0x84;
    private const int Clip = 32635;

    /// <summary>Encodes one linear sample.</summary>
    public static byte EncodeMuLaw(short sample)
    {
        var sign = (sample >> 8) & 0x80;
        var magnitude = Math.Min(Math.Abs((int)sample), Clip) + Bias;
        var exponent = 7;
        for (var mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1) exponent--;
        var mantissa = (magnitude >> (exponent + 3)) & 0x0F;
        return (byte)~(sign | (exponent << 4) | mantissa);
    }

    /// <summary>Decodes one code to a linear sample.</summary>
    public static short DecodeMuLaw(byte code)
    {
        var u = ~code & 0xFF;
        var magnitude = ((((u & 0x0F) << 3) + Bias) << ((u & 0x70) >> 4)) - Bias;
        return (short)((u & 0x80) != 0 ? -magnitude : magnitude);
    }
}
