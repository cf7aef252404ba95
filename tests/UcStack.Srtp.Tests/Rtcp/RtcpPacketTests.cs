using UcStack.Srtp.Rtcp;
using static UcStack.Srtp.Tests.Rtp.RtpTestBytes;

namespace UcStack.Srtp.Tests.Rtcp;

[TestFixture]
public sealed class RtcpPacketTests
{
    [Test]
    public void Parse_ReceiverReportHeader_ReadsCommonFields()
    {
        var packet = RtcpTestData.Single(Hex("80 C9 00 01 01 02 03 04 FF FF"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(packet.Version, Is.EqualTo(2));
            Assert.That(packet.HasPadding, Is.False);
            Assert.That(packet.Count, Is.Zero);
            Assert.That(packet.PacketType, Is.EqualTo(RtcpPacketType.ReceiverReport));
            Assert.That(packet.Length, Is.EqualTo(8));
            Assert.That(packet.Body.ToArray(), Is.EqualTo(new byte[] { 1, 2, 3, 4 }));
            Assert.That(packet.Offset, Is.Zero);
        }
    }

    [Test]
    public void Parse_UnknownFeedbackType_IsSurfacedRaw()
    {
        // RFC 4585 §6.1 RTPFB (PT 205), FMT 1 (generic NACK): sender SSRC, media SSRC, FCI.
        var packet = RtcpTestData.Single(Hex("81 CD 00 03 00 00 00 01 00 00 00 02 00 10 00 00"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(packet.PacketType, Is.EqualTo(RtcpPacketType.TransportFeedback));
            Assert.That(packet.Count, Is.EqualTo(1));
            Assert.That(packet.Body.Length, Is.EqualTo(12));
        }
    }

    [Test]
    public void Parse_UnregisteredType_KeepsRawNumber()
    {
        var packet = RtcpTestData.Single(Hex("80 D2 00 00"));

        Assert.That((byte)packet.PacketType, Is.EqualTo(210));
    }

    [Test]
    public void Parse_PaddedPacket_ExcludesPaddingFromBody()
    {
        // RFC 3550 §6.4.1: the last octet counts the padding, itself included.
        var packet = RtcpTestData.Single(Hex("A0 C9 00 02 01 02 03 04 00 00 00 04"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(packet.HasPadding, Is.True);
            Assert.That(packet.PaddingLength, Is.EqualTo(4));
            Assert.That(packet.Body.ToArray(), Is.EqualTo(new byte[] { 1, 2, 3, 4 }));
        }
    }

    [TestCase("A0 C9 00 02 01 02 03 04 00 00 00 00", TestName = "Parse_PaddingCountZero_IsInvalidPadding")]
    [TestCase("A0 C9 00 02 01 02 03 04 00 00 00 03", TestName = "Parse_PaddingCountNotWordMultiple_IsInvalidPadding")]
    [TestCase("A0 C9 00 02 01 02 03 04 00 00 00 0C", TestName = "Parse_PaddingIntoHeader_IsInvalidPadding")]
    public void Parse_BadPaddingCount_IsInvalidPadding(string hex)
    {
        Assert.That(RtcpPacket.TryParse(Hex(hex), out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(new RtcpParseError(RtcpParseErrorCode.InvalidPaddingLength, 11)));
    }

    [Test]
    public void Parse_VersionOne_IsRejected()
    {
        Assert.That(RtcpPacket.TryParse(Hex("40 C9 00 01 01 02 03 04"), out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(new RtcpParseError(RtcpParseErrorCode.UnsupportedVersion, 0)));
    }

    [Test]
    public void Parse_LengthBeyondData_IsLengthOverrun()
    {
        Assert.That(RtcpPacket.TryParse(Hex("80 C9 00 02 01 02 03 04"), out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(new RtcpParseError(RtcpParseErrorCode.LengthOverrun, 2)));
    }

    [Test]
    public void Parse_ThreeOctets_IsTruncated()
    {
        Assert.That(RtcpPacket.TryParse(Hex("80 C9 00"), out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(new RtcpParseError(RtcpParseErrorCode.Truncated, 0)));
    }

    [Test]
    public void Error_ToString_NamesCodeAndOffset()
    {
        Assert.That(new RtcpParseError(RtcpParseErrorCode.LengthOverrun, 2).ToString(), Is.EqualTo("LengthOverrun at byte 2"));
    }
}
