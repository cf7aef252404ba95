using FsCheck;
using FsCheck.Fluent;
using UcStack.Srtp.Rtp;

namespace UcStack.Srtp.Tests.Rtp;

public sealed partial class RtpPacketTests
{
    private static readonly Config PropertyConfig = Config.QuickThrowOnFailure.WithMaxTest(500);

    [Test]
    public void Property_ParseOfWrite_ReturnsWhatWasWritten()
    {
        Check.One(PropertyConfig, Prop.ForAll(RtpGenerators.Cases.ToArbitrary(), RoundTrips));
    }

    [Test]
    public void Property_RandomBytes_NeverThrow()
    {
        var bytes = Gen.Choose(0, 120).SelectMany(n => Gen.ArrayOf(RtpGenerators.AnyByte, n));
        Check.One(PropertyConfig, Prop.ForAll(bytes.ToArbitrary(), b => { ParseAndTouchEverything(b); }));
    }

    [Test]
    public void Property_MutatedPackets_NeverThrow()
    {
        var mutated =
            from c in RtpGenerators.Cases
            let packet = RtpGenerators.Write(c)
            from index in Gen.Choose(0, packet.Length - 1)
            from value in RtpGenerators.AnyByte
            select Mutate(packet, index, value);
        Check.One(PropertyConfig, Prop.ForAll(mutated.ToArbitrary(), b => { ParseAndTouchEverything(b); }));
    }

    [Test]
    public void Property_TruncatedPackets_GiveErrorsInsideTheHeader()
    {
        var truncated =
            from c in RtpGenerators.Cases
            let packet = RtpGenerators.Write(c)
            from cut in Gen.Choose(0, packet.Length - 1)
            select (packet, cut);
        Check.One(PropertyConfig, Prop.ForAll(truncated.ToArbitrary(), t =>
        {
            Assert.That(RtpPacket.TryParse(t.packet, out var whole, out _), Is.True);
            var headerLength = whole.HeaderLength;
            var ok = ParseAndTouchEverything(t.packet[..t.cut]);
            if (t.cut < headerLength)
            {
                // A cut inside the header must be reported, never read past.
                Assert.That(ok, Is.False);
                Assert.That(RtpPacket.TryParse(t.packet.AsSpan(0, t.cut), out _, out var error), Is.False);
                Assert.That(error.IsError, Is.True);
                Assert.That(error.Offset, Is.InRange(0, t.cut));
            }
        }));
    }

    private static byte[] Mutate(byte[] packet, int index, byte value)
    {
        var copy = (byte[])packet.Clone();
        copy[index] ^= value;
        return copy;
    }

    private static bool ParseAndTouchEverything(byte[] bytes)
    {
        if (!RtpPacket.TryParse(bytes, out var packet, out var error))
        {
            Assert.That(error.IsError, Is.True);
            Assert.That(error.Offset, Is.InRange(0, bytes.Length));
            return false;
        }

        var total = 0;
        foreach (var element in packet.ExtensionElements)
        {
            total += element.Id + element.Data.Length;
        }

        for (var i = 0; i < packet.CsrcCount; i++)
        {
            total += (int)(packet.GetCsrc(i) & 1);
        }

        total += packet.ExtensionProfile + packet.ExtensionData.Length + packet.ExtensionAppBits + packet.PayloadType;
        Assert.That(total, Is.GreaterThanOrEqualTo(0));
        Assert.That(packet.HeaderLength + packet.Payload.Length + packet.PaddingLength, Is.EqualTo(bytes.Length));
        return true;
    }

    private static void RoundTrips(RtpCase c)
    {
        var bytes = RtpGenerators.Write(c);

        Assert.That(RtpPacket.TryParse(bytes, out var packet, out var error), Is.True, () => $"{error} for {c}");
        Assert.That(packet.Header, Is.EqualTo(c.Header));
        var csrcs = new uint[packet.CsrcCount];
        for (var i = 0; i < csrcs.Length; i++)
        {
            csrcs[i] = packet.GetCsrc(i);
        }

        Assert.That(csrcs, Is.EqualTo(c.Csrcs));
        Assert.That(packet.Payload.ToArray(), Is.EqualTo(c.Payload));
        Assert.That(packet.PaddingLength, Is.EqualTo(c.Padding));
        Assert.That(packet.ExtensionForm, Is.EqualTo(c.ExpectedForm));

        if (c.Extension is { Opaque: true } opaque)
        {
            Assert.That(packet.ExtensionProfile, Is.EqualTo(opaque.Profile));
            Assert.That(packet.ExtensionData.ToArray(), Is.EqualTo(opaque.OpaqueData));
            return;
        }

        var elements = new List<RtpElementCase>();
        foreach (var element in packet.ExtensionElements)
        {
            elements.Add(new RtpElementCase(element.Id, element.Data.ToArray()));
        }

        var expected = c.Extension?.Elements ?? [];
        Assert.That(elements.Select(e => e.Id), Is.EqualTo(expected.Select(e => e.Id)));
        Assert.That(elements.Select(e => e.Data), Is.EqualTo(expected.Select(e => e.Data)));
        var expectedAppBits = c.ExpectedForm == RtpHeaderExtensionForm.TwoByte && c.Extension!.ForceTwoByteAt >= 0 ? c.Extension.AppBits : 0;
        Assert.That(packet.ExtensionAppBits, Is.EqualTo(expectedAppBits));
    }
}
