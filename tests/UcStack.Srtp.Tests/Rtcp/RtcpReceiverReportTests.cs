using UcStack.Srtp.Rtcp;
using static UcStack.Srtp.Tests.Rtp.RtpTestBytes;

namespace UcStack.Srtp.Tests.Rtcp;

[TestFixture]
public sealed class RtcpReceiverReportTests
{
    [Test]
    public void Parse_EmptyReceiverReport_HasSsrcOnly()
    {
        // RFC 3550 §6.4.2: an RR with RC=0 is how a silent receiver reports nothing.
        Assert.That(RtcpReceiverReport.TryParse(RtcpTestData.Single(Hex("80 C9 00 01 CA FE 00 01")), out var rr, out _), Is.True);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(rr.Ssrc, Is.EqualTo(0xCAFE0001u));
            Assert.That(rr.ReportCount, Is.Zero);
            Assert.That(rr.ProfileExtension.Length, Is.Zero);
        }
    }

    [Test]
    public void Parse_TwoBlocks_ReadsBoth()
    {
        var bytes = Hex("82 C9 00 0D 00 00 00 09" +
            " 00 00 00 01 01 00 00 01 00 00 00 02 00 00 00 03 00 00 00 04 00 00 00 05" +
            " 00 00 00 0A FF 80 00 00 00 00 00 0B 00 00 00 0C 00 00 00 0D 00 00 00 0E");

        Assert.That(RtcpReceiverReport.TryParse(RtcpTestData.Single(bytes), out var rr, out _), Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rr.GetReportBlock(0), Is.EqualTo(new RtcpReportBlock(1, 1, 1, 2, 3, 4, 5)));
            Assert.That(rr.GetReportBlock(1), Is.EqualTo(new RtcpReportBlock(10, 255, RtcpReportBlock.MinCumulativeLost, 11, 12, 13, 14)));
        }
    }

    [Test]
    public void Parse_NoSsrc_IsPacketTooShort()
    {
        Assert.That(RtcpReceiverReport.TryParse(RtcpTestData.Single(Hex("80 C9 00 00")), out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(new RtcpParseError(RtcpParseErrorCode.PacketTooShort, 4)));
    }

    [Test]
    public void Parse_BlockCutByPadding_IsReportBlocksOverrun()
    {
        // The block would fit the packet, but its last word is padding, which is not part of the body.
        var bytes = Hex("A1 C9 00 07 00 00 00 09" + " 00 00 00 01 01 00 00 01 00 00 00 02 00 00 00 03 00 00 00 04 00 00 00 04");

        Assert.That(RtcpReceiverReport.TryParse(RtcpTestData.Single(bytes), out _, out var error), Is.False);
        Assert.That(error.Code, Is.EqualTo(RtcpParseErrorCode.ReportBlocksOverrun));
    }
}
