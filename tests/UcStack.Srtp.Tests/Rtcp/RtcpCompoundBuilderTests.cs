using UcStack.Srtp.Rtcp;
using static UcStack.Srtp.Tests.Rtp.RtpTestBytes;

namespace UcStack.Srtp.Tests.Rtcp;

[TestFixture]
public sealed partial class RtcpCompoundBuilderTests
{
    [Test]
    public void Build_SenderReportSdesBye_MatchesHandBuiltOctets()
    {
        var buffer = new byte[200];
        var builder = new RtcpCompoundBuilder(buffer);

        Assert.That(builder.TryAddSenderReport(0x11223344, RtcpTestData.SenderInfo, [RtcpTestData.Block]), Is.True);
        Assert.That(builder.TryBeginSourceDescription(), Is.True);
        Assert.That(builder.TryAddSdesChunk(0x11223344), Is.True);
        Assert.That(builder.TryAddSdesItem(RtcpSdesItemType.CanonicalName, "alice@h"u8), Is.True);
        Assert.That(builder.TryAddGoodbye([0x11223344], "done"u8), Is.True);
        Assert.That(builder.TryFinish(out var written), Is.True);

        Assert.That(buffer[..written], Is.EqualTo(RtcpTestData.Compound));
    }

    [Test]
    public void Build_SdesItemsEndingOnWordBoundary_AppendsNullWord()
    {
        var buffer = new byte[64];
        var builder = new RtcpCompoundBuilder(buffer);

        builder.TryBeginSourceDescription();
        builder.TryAddSdesChunk(1);
        builder.TryAddSdesItem(RtcpSdesItemType.CanonicalName, "ab"u8);
        builder.TryFinish(out var written);

        Assert.That(buffer[..written], Is.EqualTo(Hex("81 CA 00 03 00 00 00 01 01 02 61 62 00 00 00 00")));
    }

    [Test]
    public void Build_EmptyChunkThenChunk_PadsEachChunk()
    {
        var buffer = new byte[64];
        var builder = new RtcpCompoundBuilder(buffer);

        builder.TryBeginSourceDescription();
        builder.TryAddSdesChunk(1);
        builder.TryAddSdesChunk(2);
        builder.TryAddSdesItem(RtcpSdesItemType.Name, "x"u8);
        builder.TryAddSdesPrivateItem("p"u8, "v"u8);
        builder.TryFinish(out var written);

        Assert.That(buffer[..written], Is.EqualTo(Hex("82 CA 00 06 00 00 00 01 00 00 00 00 00 00 00 02 02 01 78 08 03 01 70 76 00 00 00 00")));
    }

    [Test]
    public void Build_EmptySdesFollowedByPacket_ClosesWithZeroChunks()
    {
        var buffer = new byte[64];
        var builder = new RtcpCompoundBuilder(buffer);

        builder.TryAddReceiverReport(9, []);
        builder.TryBeginSourceDescription();
        builder.TryAddGoodbye([9]);
        builder.TryFinish(out var written);

        Assert.That(buffer[..written], Is.EqualTo(Hex("80 C9 00 01 00 00 00 09 80 CA 00 00 81 CB 00 01 00 00 00 09")));
    }

    [Test]
    public void Finish_WithPadding_PadsLastPacketOnly()
    {
        var buffer = new byte[64];
        var builder = new RtcpCompoundBuilder(buffer);

        builder.TryAddReceiverReport(9, []);
        builder.TryAddGoodbye([9]);
        Assert.That(builder.TryFinish(8, out var written), Is.True);

        // RFC 3550 §6.4.1: P bit on the last packet, its length covers the padding, last octet counts it.
        Assert.That(buffer[..written], Is.EqualTo(Hex("80 C9 00 01 00 00 00 09 A1 CB 00 03 00 00 00 09 00 00 00 00 00 00 00 08")));
        Assert.That(RtcpCompoundReader.TryCreate(buffer.AsSpan(0, written), out _, out _), Is.True);
    }

    [Test]
    public void Finish_PaddingAfterOpenSdes_ClosesThenPads()
    {
        var buffer = new byte[64];
        var builder = new RtcpCompoundBuilder(buffer);

        builder.TryAddReceiverReport(9, []);
        builder.TryBeginSourceDescription();
        builder.TryAddSdesChunk(9);
        builder.TryFinish(4, out var written);

        Assert.That(buffer[..written], Is.EqualTo(Hex("80 C9 00 01 00 00 00 09 A1 CA 00 03 00 00 00 09 00 00 00 00 00 00 00 04")));
    }

    [Test]
    public void Build_ApplicationDefinedAndRawFeedback_WritesHeaders()
    {
        var buffer = new byte[64];
        var builder = new RtcpCompoundBuilder(buffer);

        builder.TryAddApplicationDefined(5, 42, "QOS1"u8, [1, 2, 3, 4]);
        builder.TryAddPacket(RtcpPacketType.TransportFeedback, 1, Hex("00 00 00 01 00 00 00 02 00 10 00 00"));
        builder.TryFinish(out var written);

        Assert.That(buffer[..written], Is.EqualTo(Hex("85 CC 00 03 00 00 00 2A 51 4F 53 31 01 02 03 04 81 CD 00 03 00 00 00 01 00 00 00 02 00 10 00 00")));
    }

    [Test]
    public void Build_ThirtyOneReports_FillsCountField()
    {
        var buffer = new byte[1024];
        var builder = new RtcpCompoundBuilder(buffer);
        var blocks = Enumerable.Range(0, 31).Select(i => RtcpTestData.Block with { Ssrc = (uint)i }).ToArray();

        builder.TryAddReceiverReport(1, blocks);
        builder.TryFinish(out var written);

        Assert.That(RtcpReceiverReport.TryParse(RtcpTestData.Single(buffer[..written]), out var rr, out _), Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rr.ReportCount, Is.EqualTo(31));
            Assert.That(rr.GetReportBlock(30).Ssrc, Is.EqualTo(30u));
        }
    }

    [Test]
    public void TryAdd_DestinationTooSmall_ReturnsFalseAndKeepsEarlierPackets()
    {
        var buffer = new byte[12];
        var builder = new RtcpCompoundBuilder(buffer);

        Assert.That(builder.TryAddReceiverReport(9, []), Is.True);
        Assert.That(builder.TryAddGoodbye([9], "bye"u8), Is.False);
        Assert.That(builder.TryAddGoodbye([9, 10]), Is.False);
        Assert.That(builder.TryAddGoodbye([]), Is.True);
        Assert.That(builder.TryFinish(out var written), Is.True);

        Assert.That(buffer[..written], Is.EqualTo(Hex("80 C9 00 01 00 00 00 09 80 CB 00 00")));
    }

    [Test]
    public void TryAddSdesItem_NoRoomForTerminator_ReturnsFalse()
    {
        // 4 header + 4 SSRC + item "ab" (4) = 12 would fit, but the null word needed after it would not.
        var buffer = new byte[12];
        var builder = new RtcpCompoundBuilder(buffer);
        builder.TryBeginSourceDescription();
        builder.TryAddSdesChunk(1);

        Assert.That(builder.TryAddSdesItem(RtcpSdesItemType.Name, "ab"u8), Is.False);
        Assert.That(builder.TryAddSdesItem(RtcpSdesItemType.Name, "a"u8), Is.True);
        Assert.That(builder.TryFinish(out var written), Is.True);
        Assert.That(buffer[..written], Is.EqualTo(Hex("81 CA 00 02 00 00 00 01 02 01 61 00")));
    }

    [Test]
    public void TryAddSdesChunk_NoRoomForChunk_ReturnsFalse()
    {
        var buffer = new byte[8];
        var builder = new RtcpCompoundBuilder(buffer);
        builder.TryBeginSourceDescription();

        Assert.That(builder.TryAddSdesChunk(1), Is.False);
        Assert.That(builder.TryFinish(out var written), Is.True);
        Assert.That(written, Is.EqualTo(4));
    }

    [Test]
    public void TryFinish_PaddingDoesNotFit_ReturnsFalse()
    {
        var buffer = new byte[8];
        var builder = new RtcpCompoundBuilder(buffer);
        builder.TryAddReceiverReport(9, []);

        Assert.That(builder.TryFinish(4, out _), Is.False);
        Assert.That(builder.TryFinish(out var written), Is.True);
        Assert.That(written, Is.EqualTo(8));
    }

    [Test]
    public void TryFinish_Empty_WritesNothing()
    {
        var builder = new RtcpCompoundBuilder(new byte[8]);

        Assert.That(builder.TryFinish(out var written), Is.True);
        Assert.That(written, Is.Zero);
    }

    [Test]
    public void TryAddPacket_LongestPacket_FillsLengthField()
    {
        // RFC 3550 §6.4.1: the 16-bit length counts words minus one, so 65536 words is the limit.
        var buffer = new byte[300_000];
        var builder = new RtcpCompoundBuilder(buffer);

        Assert.That(builder.TryAddPacket(RtcpPacketType.PayloadFeedback, 0, new byte[(4 * 65536) - 4 + 4]), Is.False);
        Assert.That(builder.TryAddPacket(RtcpPacketType.PayloadFeedback, 0, new byte[(4 * 65536) - 4]), Is.True);
        builder.TryFinish(out var written);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(written, Is.EqualTo(4 * 65536));
            Assert.That(buffer[2..4], Is.EqualTo(new byte[] { 0xFF, 0xFF }));
        }
    }

    [Test]
    public void TryAddSdesItem_PacketWouldExceedLengthField_ReturnsFalse()
    {
        var buffer = new byte[400_000];
        var builder = new RtcpCompoundBuilder(buffer);
        var value = new byte[255];
        builder.TryBeginSourceDescription();
        builder.TryAddSdesChunk(1);
        var items = 0;
        while (builder.TryAddSdesItem(RtcpSdesItemType.Note, value))
        {
            items++;
        }

        builder.TryFinish(out var written);

        Assert.That(written, Is.LessThanOrEqualTo(4 * 65536));
        Assert.That(written, Is.GreaterThan((4 * 65536) - 257 - 4));
        Assert.That(RtcpSourceDescription.TryParse(RtcpTestData.Single(buffer[..written]), out var sdes, out var error), Is.True, () => error.ToString());
        var parsedItems = 0;
        foreach (var chunk in sdes)
        {
            foreach (var unused in chunk)
            {
                parsedItems++;
            }
        }

        Assert.That(parsedItems, Is.EqualTo(items));
    }

    [Test]
    public void TryAddReceiverReport_ThirtyTwoReports_Throws()
    {
        Assert.That(() => new RtcpCompoundBuilder(new byte[2048]).TryAddReceiverReport(1, new RtcpReportBlock[32]),
            Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [TestCase(0x800000)]
    [TestCase(-0x800001)]
    public void TryAddReceiverReport_CumulativeLostOutOfRange_Throws(int lost)
    {
        Assert.That(() => new RtcpCompoundBuilder(new byte[64]).TryAddReceiverReport(1, [RtcpTestData.Block with { CumulativeLost = lost }]),
            Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void TryAddSenderReport_ProfileExtensionNotWordMultiple_Throws()
    {
        Assert.That(() => new RtcpCompoundBuilder(new byte[64]).TryAddSenderReport(1, RtcpTestData.SenderInfo, [], [1, 2]),
            Throws.ArgumentException);
    }

    [Test]
    public void TryAddApplicationDefined_NameNotFourOctets_Throws()
    {
        Assert.That(() => new RtcpCompoundBuilder(new byte[64]).TryAddApplicationDefined(0, 1, "QOS"u8, []), Throws.ArgumentException);
    }

    [Test]
    public void TryAddApplicationDefined_SubtypeAbove31_Throws()
    {
        Assert.That(() => new RtcpCompoundBuilder(new byte[64]).TryAddApplicationDefined(32, 1, "QOS1"u8, []),
            Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void TryAddGoodbye_ReasonOver255_Throws()
    {
        Assert.That(() => new RtcpCompoundBuilder(new byte[512]).TryAddGoodbye([1], new byte[256]),
            Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void TryAddPacket_BodyNotWordMultiple_Throws()
    {
        Assert.That(() => new RtcpCompoundBuilder(new byte[64]).TryAddPacket(RtcpPacketType.PayloadFeedback, 1, [1]), Throws.ArgumentException);
    }

    [Test]
    public void TryAddSdesChunk_WithoutSdes_Throws()
    {
        Assert.That(() => new RtcpCompoundBuilder(new byte[64]).TryAddSdesChunk(1), Throws.InvalidOperationException);
    }

    [Test]
    public void TryAddSdesItem_WithoutChunk_Throws()
    {
        Assert.That(() =>
        {
            var builder = new RtcpCompoundBuilder(new byte[64]);
            builder.TryBeginSourceDescription();
            builder.TryAddSdesItem(RtcpSdesItemType.Name, "x"u8);
        }, Throws.InvalidOperationException);
    }

    [TestCase(RtcpSdesItemType.End)]
    [TestCase(RtcpSdesItemType.Private)]
    public void TryAddSdesItem_EndOrPrivate_Throws(RtcpSdesItemType type)
    {
        Assert.That(() =>
        {
            var builder = new RtcpCompoundBuilder(new byte[64]);
            builder.TryBeginSourceDescription();
            builder.TryAddSdesChunk(1);
            builder.TryAddSdesItem(type, "x"u8);
        }, Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void TryAddSdesChunk_ThirtySecondChunk_Throws()
    {
        Assert.That(() =>
        {
            var builder = new RtcpCompoundBuilder(new byte[1024]);
            builder.TryBeginSourceDescription();
            for (var i = 0; i < 32; i++)
            {
                builder.TryAddSdesChunk((uint)i);
            }
        }, Throws.InvalidOperationException);
    }

    [Test]
    public void TryAddSdesItem_AfterSdesClosedByOtherPacket_Throws()
    {
        Assert.That(() =>
        {
            var builder = new RtcpCompoundBuilder(new byte[64]);
            builder.TryBeginSourceDescription();
            builder.TryAddSdesChunk(1);
            builder.TryAddGoodbye([1]);
            builder.TryAddSdesItem(RtcpSdesItemType.Name, "x"u8);
        }, Throws.InvalidOperationException);
    }

    [TestCase(3)]
    [TestCase(256)]
    [TestCase(-4)]
    public void TryFinish_BadPaddingLength_Throws(int padding)
    {
        Assert.That(() =>
        {
            var builder = new RtcpCompoundBuilder(new byte[512]);
            builder.TryAddReceiverReport(1, []);
            builder.TryFinish(padding, out _);
        }, Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void TryFinish_PaddingWithoutPackets_Throws()
    {
        Assert.That(() => new RtcpCompoundBuilder(new byte[64]).TryFinish(4, out _), Throws.InvalidOperationException);
    }

    [Test]
    public void TryAdd_AfterFinish_Throws()
    {
        Assert.That(() =>
        {
            var builder = new RtcpCompoundBuilder(new byte[64]);
            builder.TryFinish(out _);
            builder.TryAddReceiverReport(1, []);
        }, Throws.InvalidOperationException);
    }
}
