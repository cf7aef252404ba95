namespace UcStack.Tool.Demo;

/// <summary>A zero-crossing frequency estimate, enough to tell the demo's test tone from noise.</summary>
internal static class ToneFrequency
{
    /// <summary>Frequency from the number of sign changes: a sine crosses zero twice per period.</summary>
    public static double Estimate(IReadOnlyList<short> samples, int sampleRate)
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
