namespace UcStack.Client.Media;

/// <summary>
/// Finds which tone a signal carries with the Goertzel algorithm: the power of one DFT bin costs one multiply-add
/// per sample, so scanning a few hundred candidate frequencies over a second of 8 kHz audio is cheap, and unlike
/// counting zero crossings it is not fooled by noise or a DC offset.
/// </summary>
internal static class GoertzelDetector
{
    /// <summary>The power of <paramref name="frequencyHz"/> in <paramref name="samples"/>.</summary>
    public static double Power(ReadOnlySpan<short> samples, double frequencyHz, int sampleRate)
    {
        var coefficient = 2 * Math.Cos(2 * Math.PI * frequencyHz / sampleRate);
        double previous = 0, beforePrevious = 0;
        foreach (var sample in samples)
        {
            var current = sample + (coefficient * previous) - beforePrevious;
            beforePrevious = previous;
            previous = current;
        }

        return (previous * previous) + (beforePrevious * beforePrevious) - (coefficient * previous * beforePrevious);
    }

    /// <summary>The strongest frequency between <paramref name="lowHz"/> and <paramref name="highHz"/> in steps of
    /// <paramref name="stepHz"/>, and its share of the signal's energy (near 1 for a clean tone).</summary>
    /// <returns>(0, 0) for silence or no samples.</returns>
    public static (double FrequencyHz, double Purity) Dominant(
        ReadOnlySpan<short> samples, int sampleRate, double lowHz = 100, double highHz = 3400, double stepHz = 5)
    {
        if (samples.Length == 0) return (0, 0);
        double bestFrequency = 0, bestPower = 0;
        for (var f = lowHz; f <= highHz; f += stepHz)
        {
            var power = Power(samples, f, sampleRate);
            if (power > bestPower)
            {
                bestPower = power;
                bestFrequency = f;
            }
        }

        double energy = 0;
        foreach (var sample in samples) energy += (double)sample * sample;
        if (energy == 0) return (0, 0);
        // Parseval: a pure tone of amplitude A over N samples has bin power (A·N/2)² and energy A²·N/2, so the
        // ratio below is 1 for a tone exactly on the bin.
        var purity = 2 * bestPower / (samples.Length * energy);
        return (bestFrequency, Math.Min(purity, 1));
    }
}
