using UcStack.Srtp.Rtcp;
using static UcStack.Srtp.Tests.Rtp.RtpTestBytes;

namespace UcStack.Srtp.Tests.Rtcp;

[TestFixture]
public sealed class RtcpSenderReportTests
{
    [Test]
    public void Parse_SenderReport_ReadsSenderInfoAndBlock()
    {
        var packet = RtcpTestData.Single(Hex(RtcpTestData.SenderReportHex));

        Assert.That(RtcpSenderReport.TryParse(packet, out var sr, out _), Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sr.Ssrc, Is.EqualTo(0x11223344u));
            Assert.That(sr.SenderInfo.NtpTimestamp, Is.EqualTo(0xE123456789ABCDEFul));
            Assert.That(sr.SenderInfo.RtpTimestamp, Is.EqualTo(0x1000u));
            Assert.That(sr.SenderInfo.PacketCount, Is.EqualTo(10u));
            Assert.That(sr.SenderInfo.OctetCount, Is.EqualTo(1600u));
            // RFC 3550 §6.4.1: LSR is the middle 32 bits of the NTP timestamp.
            Assert.That(sr.SenderInfo.CompactNtpTimestamp, Is.EqualTo(0x456789ABu));
            Assert.That(sr.ReportCount, Is.EqualTo(1));
            Assert.That(sr.GetReportBlock(0), Is.EqualTo(RtcpTestData.Block));
            Assert.That(sr.ProfileExtension.Length, Is.Zero);
        }
    }

    [Test]
    public void Parse_SenderReportWithoutBlocks_HasProfileExtension()
    {
        var bytes = Hex("80 C8 00 07 00 00 00 01" + " 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00" + " CA FE BA BE");

        Assert.That(RtcpSenderReport.TryParse(RtcpTestData.Single(bytes), out var sr, out _), Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sr.ReportCount, Is.Zero);
            Assert.That(sr.ProfileExtension.ToArray(), Is.EqualTo(Hex("CA FE BA BE")));
        }
    }

    [TestCase("80 00 00", 0x800000, TestName = "ReportBlock_CumulativeLost800000_IsMostNegative")]
    [TestCase("7F FF FF", 0x7FFFFF, TestName = "ReportBlock_CumulativeLost7FFFFF_IsMostPositive")]
    [TestCase("FF FF FF", -1, TestName = "ReportBlock_CumulativeLostFFFFFF_IsMinusOne")]
    public void ReportBlock_CumulativeLost_IsSigned24Bit(string wire, int expected)
    {
        // RFC 3550 §6.4.1: cumulative number of packets lost is a signed 24-bit integer.
        var bytes = Hex("81 C9 00 07 00 00 00 01" + " 00 00 00 02 10 " + wire + " 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00");
        var expectedValue = expected == 0x800000 ? RtcpReportBlock.MinCumulativeLost : expected;

        Assert.That(RtcpReceiverReport.TryParse(RtcpTestData.Single(bytes), out var rr, out _), Is.True);
        Assert.That(rr.GetReportBlock(0).CumulativeLost, Is.EqualTo(expectedValue));
    }

    [Test]
    public void Parse_ReportCountBeyondPacket_IsReportBlocksOverrun()
    {
        // RC=2 but only one block follows.
        var bytes = Hex(RtcpTestData.SenderReportHex);
        bytes[0] = 0x82;

        Assert.That(RtcpSenderReport.TryParse(RtcpTestData.Single(bytes), out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(new RtcpParseError(RtcpParseErrorCode.ReportBlocksOverrun, 28)));
    }

    [Test]
    public void Parse_WithoutFullSenderInfo_IsPacketTooShort()
    {
        var bytes = Hex("80 C8 00 02 00 00 00 01 00 00 00 00");

        Assert.That(RtcpSenderReport.TryParse(RtcpTestData.Single(bytes), out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(new RtcpParseError(RtcpParseErrorCode.PacketTooShort, 4)));
    }

    [Test]
    public void Parse_ReceiverReportPacket_IsWrongPacketType()
    {
        var bytes = Hex("80 C9 00 01 00 00 00 01");

        Assert.That(RtcpSenderReport.TryParse(RtcpTestData.Single(bytes), out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(new RtcpParseError(RtcpParseErrorCode.WrongPacketType, 1)));
    }

    [Test]
    public void Parse_DefaultPacket_IsWrongPacketType()
    {
        Assert.That(RtcpSenderReport.TryParse(default, out _, out var error), Is.False);
        Assert.That(error.Code, Is.EqualTo(RtcpParseErrorCode.WrongPacketType));
    }

    [Test]
    public void GetReportBlock_IndexOutsideBlocks_Throws()
    {
        var bytes = Hex(RtcpTestData.SenderReportHex);

        Assert.That(() => BlockAt(bytes, 1), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    private static RtcpReportBlock BlockAt(byte[] bytes, int index)
    {
        Assert.That(RtcpSenderReport.TryParse(RtcpTestData.Single(bytes), out var sr, out _), Is.True);
        return sr.GetReportBlock(index);
    }
}
