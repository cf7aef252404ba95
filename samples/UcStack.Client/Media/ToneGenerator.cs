namespace UcStack.Client.Media;

/// <summary>A sine tone cut into G.711 frames, continuous across frames (the phase carries over).</summary>
internal sealed class ToneGenerator(double frequencyHz, int sampleRate = 8000, short amplitude = 8000)
{
    private long _sampleIndex;

    /// <summary>The tone's frequency.</summary>
    public double FrequencyHz { get; } = frequencyHz;

    /// <summary>Fills <paramref name="frame"/> with the next μ-law samples.</summary>
    public void NextFrame(Span<byte> frame)
    {
        for (var i = 0; i < frame.Length; i++, _sampleIndex++)
        {
            var t = (double)_sampleIndex / sampleRate;
            frame[i] = G711.EncodeMuLaw((short)(amplitude * Math.Sin(2 * Math.PI * FrequencyHz * t)));
        }
    }
}
