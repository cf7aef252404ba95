namespace UcStack.Srtp.Tests.Srtp;

[TestFixture]
public sealed class SrtpHeaderWalkTests
{
    [TestCase(0, -1, 12)]
    [TestCase(15, -1, 72)]
    [TestCase(0, 0, 16)]
    [TestCase(2, 3, 12 + 8 + 4 + 12)]
    public void TryGetRtpHeaderLength_CsrcsAndExtension_AddUp(int csrcs, int extensionWords, int expected)
    {
        var packet = SrtpTestKeys.RtpPacket(1, 2, new byte[5], csrcs, extensionWords);

        Assert.That(SrtpHeaderWalk.TryGetRtpHeaderLength(packet, out var length), Is.True);
        Assert.That(length, Is.EqualTo(expected));
    }

    [Test]
    public void TryGetRtpHeaderLength_HeaderFillsPacketExactly_IsValid()
    {
        var packet = SrtpTestKeys.RtpPacket(1, 2, [], 1, 1);

        Assert.That(SrtpHeaderWalk.TryGetRtpHeaderLength(packet, out var length), Is.True);
        Assert.That(length, Is.EqualTo(packet.Length));
    }

    [Test]
    public void TryGetRtpHeaderLength_ExtensionLengthPastEnd_Fails()
    {
        var packet = SrtpTestKeys.RtpPacket(1, 2, [], 0, 1);
        packet[15] = 2;

        Assert.That(SrtpHeaderWalk.TryGetRtpHeaderLength(packet, out _), Is.False);
    }

    [Test]
    public void IsRtcpHeaderValid_VersionAndLength_Checked()
    {
        Assert.That(SrtpHeaderWalk.IsRtcpHeaderValid(SrtpTestKeys.RtcpPacket(1, [])), Is.True);
        Assert.That(SrtpHeaderWalk.IsRtcpHeaderValid(new byte[7]), Is.False);
        Assert.That(SrtpHeaderWalk.IsRtcpHeaderValid(new byte[8]), Is.False);
    }
}
