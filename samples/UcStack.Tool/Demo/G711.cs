namespace UcStack.Tool.Demo;

/// <summary>ITU-T G.711 μ-law, enough for the demo's test tone, and a zero-crossing frequency estimate.</summary>
internal static class G711
{
    private const int Bias = 0x84;
    private const int Clip = 32635;

    public static byte EncodeMuLaw(short sample)
    {
        var sign = (sample >> 8) & 0x80;
        var magnitude = Math.Min(Math.Abs((int)sample), Clip) + Bias;
        var exponent = 7;
        for (var mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1) exponent--;
        var mantissa = (magnitude >> (exponent + 3)) & 0x0F;
        return (byte)~(sign | (exponent << 4) | mantissa);
    }

    public static short DecodeMuLaw(byte code)
    {
        var u = ~code & 0xFF;
        var magnitude = ((((u & 0x0F) << 3) + Bias) << ((u & 0x70) >> 4)) - Bias;
        return (short)((u & 0x80) != 0 ? -magnitude : magnitude);
    }

    /// <summary>Frequency from the number of sign changes: a sine crosses zero twice per period.</summary>
    public static double EstimateFrequency(IReadOnlyList<short> samples, int sampleRate)
    {
        if (samples.Count < 2) return 0;
        var crossings = 0;
        for (var i = 1; i < samples.Count; i++)
        {
            if ((samples[i - 1] < 0) != (samples[i] < 0)) crossings++;
        }

        return crossings / 2.0 * sampleRate / samples.Count;
    }
}
