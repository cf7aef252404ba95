using FsCheck;
using FsCheck.Fluent;
using UcStack.Client.Media;

namespace UcStack.Client.Tests.Media;

[TestFixture]
public sealed class G711Tests
{
    [TestCase((short)0, (byte)0xFF)]
    [TestCase((short)-1, (byte)0x7F)]
    [TestCase((short)32767, (byte)0x80)]
    [TestCase((short)-32768, (byte)0x00)]
    public void EncodeMuLaw_KnownSamples_GiveG711Codes(short sample, byte code)
    {
        Assert.That(G711.EncodeMuLaw(sample), Is.EqualTo(code));
    }

    [Test]
    public void EncodeDecode_EveryCode_RoundTripsThroughItsSample()
    {
        // μ-law has two codes for zero (0x7F and 0xFF); every other code comes back as itself.
        for (var code = 0; code < 256; code++)
        {
            var again = G711.EncodeMuLaw(G711.DecodeMuLaw((byte)code));
            Assert.That(again == code || (code == 0x7F && again == 0xFF), $"code 0x{code:X2} came back as 0x{again:X2}");
        }
    }

    [Test]
    public void EncodeDecode_AnySample_StaysWithinTheSegmentStep()
    {
        // The quantisation error of μ-law grows with the segment: at most 1/16 of the magnitude plus the bias.
        Prop.ForAll(ArbMap.Default.ArbFor<short>(), sample =>
        {
            var back = G711.DecodeMuLaw(G711.EncodeMuLaw(sample));
            var magnitude = Math.Min(Math.Abs((int)sample), 32635);
            return Math.Abs(Math.Clamp((int)sample, -32635, 32635) - back) <= (magnitude / 16) + 8;
        }).QuickCheckThrowOnFailure();
    }
}
