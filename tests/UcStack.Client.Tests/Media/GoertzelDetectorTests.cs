using FsCheck;
using FsCheck.Fluent;
using UcStack.Client.Media;

namespace UcStack.Client.Tests.Media;

[TestFixture]
public sealed class GoertzelDetectorTests
{
    private const int Rate = 8000;

    private static short[] Tone(double hz, int samples, double amplitude = 8000, double noise = 0, int seed = 1)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, samples).Select(i =>
            (short)Math.Clamp((amplitude * Math.Sin(2 * Math.PI * hz * i / Rate)) + (noise * ((random.NextDouble() * 2) - 1)), short.MinValue, short.MaxValue))];
    }

    [TestCase(440)]
    [TestCase(660)]
    [TestCase(1000)]
    [TestCase(2600)]
    public void Dominant_PureTone_FindsItsFrequency(double hz)
    {
        var (found, purity) = GoertzelDetector.Dominant(Tone(hz, Rate), Rate);

        Assert.That(found, Is.EqualTo(hz).Within(5));
        Assert.That(purity, Is.GreaterThan(0.9));
    }

    [Test]
    public void Dominant_ToneInLoudNoise_StillFindsTheTone()
    {
        var (found, purity) = GoertzelDetector.Dominant(Tone(660, Rate, amplitude: 4000, noise: 8000), Rate);

        Assert.That(found, Is.EqualTo(660).Within(5));
        Assert.That(purity, Is.LessThan(0.9), "noise takes a share of the energy");
    }

    [Test]
    public void Dominant_ToneWithDcOffset_IsNotFooledByTheOffset()
    {
        var samples = Tone(440, Rate, amplitude: 3000).Select(s => (short)(s + 5000)).ToArray();

        Assert.That(GoertzelDetector.Dominant(samples, Rate).FrequencyHz, Is.EqualTo(440).Within(5));
    }

    [Test]
    public void Dominant_SilenceOrNothing_ReportsZero()
    {
        Assert.That(GoertzelDetector.Dominant(new short[800], Rate), Is.EqualTo((0.0, 0.0)));
        Assert.That(GoertzelDetector.Dominant([], Rate), Is.EqualTo((0.0, 0.0)));
    }

    [Test]
    public void Power_OnAndOffTheTone_DiffersByOrdersOfMagnitude()
    {
        var samples = Tone(440, Rate);

        Assert.That(GoertzelDetector.Power(samples, 440, Rate), Is.GreaterThan(1000 * GoertzelDetector.Power(samples, 1200, Rate)));
    }

    [Test]
    public void Dominant_AnyToneInTheVoiceBand_IsFoundThroughG711()
    {
        // Through μ-law and back, every tone the scan covers is found to within one scan step.
        Prop.ForAll(Gen.Choose(30, 680).Select(k => k * 5.0).ToArbitrary(), hz =>
        {
            var generator = new ToneGenerator(hz);
            var frame = new byte[4000];
            generator.NextFrame(frame);
            var decoded = frame.Select(G711.DecodeMuLaw).ToArray();
            return Math.Abs(GoertzelDetector.Dominant(decoded, Rate).FrequencyHz - hz) <= 5;
        }).QuickCheckThrowOnFailure();
    }
}
