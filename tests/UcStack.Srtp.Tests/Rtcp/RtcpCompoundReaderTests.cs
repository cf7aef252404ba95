using UcStack.Srtp.Rtcp;
using static UcStack.Srtp.Tests.Rtp.RtpTestBytes;

namespace UcStack.Srtp.Tests.Rtcp;

[TestFixture]
public sealed class RtcpCompoundReaderTests
{
    [Test]
    public void TryCreate_SenderReportSdesBye_EnumeratesThreePackets()
    {
        var compound = RtcpTestData.Compound;

        Assert.That(RtcpCompoundReader.TryCreate(compound, out var reader, out var error), Is.True, () => error.ToString());
        var types = new List<RtcpPacketType>();
        var offsets = new List<int>();
        foreach (var packet in reader)
        {
            types.Add(packet.PacketType);
            offsets.Add(packet.Offset);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(reader.PacketCount, Is.EqualTo(3));
            Assert.That(types, Is.EqualTo(new[] { RtcpPacketType.SenderReport, RtcpPacketType.SourceDescription, RtcpPacketType.Goodbye }));
            Assert.That(offsets, Is.EqualTo(new[] { 0, 52, 72 }));
        }
    }

    [Test]
    public void TryCreate_SenderReportSdesBye_TypedViewsReadEveryField()
    {
        var reader = Create(RtcpTestData.Compound);
        Assert.That(reader.MoveNext(), Is.True);
        Assert.That(RtcpSenderReport.TryParse(reader.Current, out var sr, out _), Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sr.Ssrc, Is.EqualTo(0x11223344u));
            Assert.That(sr.SenderInfo, Is.EqualTo(RtcpTestData.SenderInfo));
            Assert.That(sr.ReportCount, Is.EqualTo(1));
            Assert.That(sr.GetReportBlock(0), Is.EqualTo(RtcpTestData.Block));
        }

        Assert.That(reader.MoveNext(), Is.True);
        Assert.That(RtcpSourceDescription.TryParse(reader.Current, out var sdes, out _), Is.True);
        var chunks = 0;
        foreach (var chunk in sdes)
        {
            chunks++;
            Assert.That(chunk.Ssrc, Is.EqualTo(0x11223344u));
            Assert.That(chunk.TryGetItem(RtcpSdesItemType.CanonicalName, out var cname), Is.True);
            Assert.That(cname.ToArray(), Is.EqualTo("alice@h"u8.ToArray()));
        }

        Assert.That(chunks, Is.EqualTo(1));

        Assert.That(reader.MoveNext(), Is.True);
        Assert.That(RtcpGoodbye.TryParse(reader.Current, out var bye, out _), Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(bye.GetSource(0), Is.EqualTo(0x11223344u));
            Assert.That(bye.Reason.ToArray(), Is.EqualTo("done"u8.ToArray()));
        }

        Assert.That(reader.MoveNext(), Is.False);
    }

    [Test]
    public void TryCreate_FirstPacketSdes_IsRejected()
    {
        // RFC 3550 §6.1, §A.2: the first packet of a compound packet is SR or RR.
        var bytes = Hex(RtcpTestData.SourceDescriptionHex + RtcpTestData.GoodbyeHex);

        Assert.That(RtcpCompoundReader.TryCreate(bytes, out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(new RtcpParseError(RtcpParseErrorCode.FirstPacketNotReport, 1)));
    }

    [Test]
    public void TryCreate_FirstPacketSdesWithoutReportRule_IsAccepted()
    {
        // RFC 5506 §3: reduced-size RTCP may send packets without a leading report.
        var bytes = Hex(RtcpTestData.SourceDescriptionHex + RtcpTestData.GoodbyeHex);

        Assert.That(RtcpCompoundReader.TryCreate(bytes, requireReportFirst: false, out var reader, out _), Is.True);
        Assert.That(reader.PacketCount, Is.EqualTo(2));
    }

    [Test]
    public void TryCreate_PaddingOnFirstOfTwo_IsPaddingNotLast()
    {
        // RFC 3550 §6.4.1: only the last packet of a compound packet may carry padding.
        var bytes = Hex("A0 C9 00 02 01 02 03 04 00 00 00 04" + RtcpTestData.GoodbyeHex);

        Assert.That(RtcpCompoundReader.TryCreate(bytes, out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(new RtcpParseError(RtcpParseErrorCode.PaddingNotLast, 0)));
    }

    [Test]
    public void TryCreate_PaddingOnLast_IsAccepted()
    {
        var bytes = Hex("80 C9 00 01 01 02 03 04" + " A1 CB 00 02 01 02 03 04 00 00 00 04");

        Assert.That(RtcpCompoundReader.TryCreate(bytes, out var reader, out _), Is.True);
        Assert.That(reader.PacketCount, Is.EqualTo(2));
    }

    [Test]
    public void TryCreate_TrailingOctetsAfterLastPacket_IsTruncated()
    {
        // RFC 3550 §A.2: the length fields must add up to the compound packet's length.
        var bytes = Hex("80 C9 00 01 01 02 03 04 80 C9");

        Assert.That(RtcpCompoundReader.TryCreate(bytes, out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(new RtcpParseError(RtcpParseErrorCode.Truncated, 8)));
    }

    [Test]
    public void TryCreate_SecondPacketOverruns_IsLengthOverrunAtItsOffset()
    {
        var bytes = Hex("80 C9 00 01 01 02 03 04 81 CB 00 05 01 02 03 04");

        Assert.That(RtcpCompoundReader.TryCreate(bytes, out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(new RtcpParseError(RtcpParseErrorCode.LengthOverrun, 10)));
    }

    [Test]
    public void TryCreate_SecondPacketVersionZero_IsRejected()
    {
        var bytes = Hex("80 C9 00 01 01 02 03 04 01 CB 00 01 01 02 03 04");

        Assert.That(RtcpCompoundReader.TryCreate(bytes, out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(new RtcpParseError(RtcpParseErrorCode.UnsupportedVersion, 8)));
    }

    [Test]
    public void TryCreate_Empty_IsTruncated()
    {
        Assert.That(RtcpCompoundReader.TryCreate([], out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(new RtcpParseError(RtcpParseErrorCode.Truncated, 0)));
    }

    [Test]
    public void TypedView_ErrorInSecondPacket_ReportsCompoundOffset()
    {
        // The RR's RC of 1 promises a 24-octet block that is not there.
        var bytes = Hex("80 C9 00 01 01 02 03 04 81 C9 00 01 01 02 03 04");
        var reader = Create(bytes);
        reader.MoveNext();
        reader.MoveNext();

        Assert.That(RtcpReceiverReport.TryParse(reader.Current, out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(new RtcpParseError(RtcpParseErrorCode.ReportBlocksOverrun, 16)));
    }

    [Test]
    public void DefaultReader_EnumeratesNothing()
    {
        var reader = default(RtcpCompoundReader);

        Assert.That(reader.MoveNext(), Is.False);
    }

    [Test]
    public void BuildAndRead_WarmedUp_AllocateNothing()
    {
        var buffer = new byte[512];
        var sum = 0;
        for (var i = 0; i < 100; i++)
        {
            sum += ReadSample(buffer.AsSpan(0, BuildSample(buffer)));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            sum += ReadSample(buffer.AsSpan(0, BuildSample(buffer)));
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(sum, Is.Positive);
        Assert.That(allocated, Is.Zero);
    }

    private static readonly RtcpReportBlock[] SampleBlocks = [new(1, 2, -3, 4, 5, 6, 7), new(8, 9, 10, 11, 12, 13, 14)];
    private static readonly uint[] SampleSources = [0x11223344];

    private static int BuildSample(Span<byte> buffer)
    {
        // Inputs live in static arrays: a Debug build allocates for some span collection expressions.
        var builder = new RtcpCompoundBuilder(buffer);
        builder.TryAddSenderReport(0x11223344, new RtcpSenderInfo(1, 2, 3, 4), SampleBlocks);
        builder.TryBeginSourceDescription();
        builder.TryAddSdesChunk(0x11223344);
        builder.TryAddSdesItem(RtcpSdesItemType.CanonicalName, "user@example.org"u8);
        builder.TryAddGoodbye(SampleSources, "done"u8);
        builder.TryFinish(out var written);
        return written;
    }

    private static int ReadSample(ReadOnlySpan<byte> compound)
    {
        var sum = 0;
        if (!RtcpCompoundReader.TryCreate(compound, out var reader, out _))
        {
            return 0;
        }

        foreach (var packet in reader)
        {
            if (RtcpSenderReport.TryParse(packet, out var sr, out _))
            {
                sum += sr.GetReportBlock(1).CumulativeLost;
            }
            else if (RtcpSourceDescription.TryParse(packet, out var sdes, out _))
            {
                foreach (var chunk in sdes)
                {
                    foreach (var item in chunk)
                    {
                        sum += item.Value.Length;
                    }
                }
            }
            else if (RtcpGoodbye.TryParse(packet, out var bye, out _))
            {
                sum += bye.Reason.Length;
            }
        }

        return sum;
    }

    private static RtcpCompoundReader Create(byte[] bytes)
    {
        Assert.That(RtcpCompoundReader.TryCreate(bytes, out var reader, out var error), Is.True, () => error.ToString());
        return reader;
    }
}
