using FsCheck;
using FsCheck.Fluent;
using UcStack.Srtp.Rtcp;
using UcStack.Srtp.Tests.Rtp;

namespace UcStack.Srtp.Tests.Rtcp;

public sealed partial class RtcpCompoundBuilderTests
{
    private static readonly Config PropertyConfig = Config.QuickThrowOnFailure.WithMaxTest(300);

    [Test]
    public void Property_ParseOfBuild_ReturnsWhatWasBuilt()
    {
        Check.One(PropertyConfig, Prop.ForAll(RtcpGenerators.Compounds.ToArbitrary(), c =>
        {
            var bytes = c.Write();
            Assert.That(RtcpDescriptions.Parse(bytes), Is.EqualTo(c.Describe()));
        }));
    }

    [Test]
    public void Property_RandomBytes_NeverThrow()
    {
        var bytes = Gen.Choose(0, 160).SelectMany(n => Gen.ArrayOf(RtpGenerators.AnyByte, n));
        Check.One(PropertyConfig, Prop.ForAll(bytes.ToArbitrary(), b => ReadEverything(b)));
    }

    [Test]
    public void Property_RandomPacketsWithValidFraming_NeverThrow()
    {
        // Valid version and length fields let random bodies reach the typed views.
        var framed =
            from type in Gen.Choose(200, 206)
            from count in Gen.Choose(0, 31)
            from words in Gen.Choose(0, 20)
            from body in Gen.ArrayOf(RtpGenerators.AnyByte, 4 * words)
            select Frame((byte)type, (byte)count, body);
        Check.One(PropertyConfig, Prop.ForAll(framed.ToArbitrary(), b => ReadEverything(b)));
    }

    [Test]
    public void Property_MutatedCompounds_NeverThrow()
    {
        var mutated =
            from c in RtcpGenerators.Compounds
            let bytes = c.Write()
            from index in Gen.Choose(0, bytes.Length - 1)
            from value in RtpGenerators.AnyByte
            select Mutate(bytes, index, value);
        Check.One(PropertyConfig, Prop.ForAll(mutated.ToArbitrary(), b => ReadEverything(b)));
    }

    [Test]
    public void Property_TruncatedCompounds_AreRejectedUnlessCutBetweenPackets()
    {
        var truncated =
            from c in RtcpGenerators.Compounds
            let bytes = c.Write()
            from cut in Gen.Choose(0, bytes.Length - 1)
            select (bytes, cut);
        Check.One(PropertyConfig, Prop.ForAll(truncated.ToArbitrary(), t =>
        {
            var boundaries = PacketBoundaries(t.bytes);
            var accepted = RtcpCompoundReader.TryCreate(t.bytes.AsSpan(0, t.cut), out _, out var error);
            if (boundaries.Contains(t.cut) && t.cut > 0)
            {
                Assert.That(accepted, Is.True, () => error.ToString());
            }
            else
            {
                Assert.That(accepted, Is.False);
                Assert.That(error.Code, Is.AnyOf(RtcpParseErrorCode.Truncated, RtcpParseErrorCode.LengthOverrun));
            }

            ReadEverything(t.bytes[..t.cut]);
        }));
    }

    private static HashSet<int> PacketBoundaries(byte[] bytes)
    {
        var boundaries = new HashSet<int>();
        Assert.That(RtcpCompoundReader.TryCreate(bytes, out var reader, out _), Is.True);
        foreach (var packet in reader)
        {
            boundaries.Add(packet.Offset + packet.Length);
        }

        return boundaries;
    }

    private static byte[] Frame(byte type, byte count, byte[] body)
    {
        var bytes = new byte[4 + body.Length];
        bytes[0] = (byte)(0x80 | count);
        bytes[1] = type;
        bytes[2] = (byte)((bytes.Length / 4) - 1 >> 8);
        bytes[3] = (byte)((bytes.Length / 4) - 1);
        body.CopyTo(bytes, 4);
        return bytes;
    }

    private static byte[] Mutate(byte[] bytes, int index, byte value)
    {
        var copy = (byte[])bytes.Clone();
        copy[index] ^= value;
        return copy;
    }

    private static void ReadEverything(byte[] bytes)
    {
        RtcpDescriptions.Parse(bytes);
        RtcpDescriptions.Parse(bytes, requireReportFirst: false);
        if (RtcpPacket.TryParse(bytes, out var packet, out var error))
        {
            RtcpDescriptions.DescribePacket(packet);
        }
        else
        {
            Assert.That(error.IsError, Is.True);
        }
    }
}
