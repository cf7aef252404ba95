using System.Text;
using UcStack.Srtp.Rtcp;
using static UcStack.Srtp.Tests.Rtp.RtpTestBytes;

namespace UcStack.Srtp.Tests.Rtcp;

[TestFixture]
public sealed class RtcpSourceDescriptionTests
{
    [Test]
    public void Parse_EveryItemType_ReadsTypesAndValues()
    {
        // RFC 3550 §6.5.1–§6.5.8, one chunk with CNAME, NAME, EMAIL, PHONE, LOC, TOOL, NOTE and PRIV.
        // Items: 2+1 each for types 1–7 (21 octets), PRIV 08 06 03 'a' 'b' 'c' 'x' 'y' (8): 4+21+8 = 33,
        // then a null and two pad octets to 36.
        var bytes = Hex("81 CA 00 09 00 00 00 07" +
            " 01 01 63 02 01 6E 03 01 65 04 01 70 05 01 6C 06 01 74 07 01 6E" +
            " 08 06 03 61 62 63 78 79" + " 00 00 00");

        var items = new List<string>();
        foreach (var chunk in Parse(bytes))
        {
            Assert.That(chunk.Ssrc, Is.EqualTo(7u));
            foreach (var item in chunk)
            {
                items.Add(item.Type == RtcpSdesItemType.Private
                    ? $"{item.Type}:{Encoding.ASCII.GetString(item.PrivatePrefix)}={Encoding.ASCII.GetString(item.PrivateValue)}"
                    : $"{item.Type}:{Encoding.ASCII.GetString(item.Value)}");
            }
        }

        Assert.That(items, Is.EqualTo(new[]
        {
            "CanonicalName:c", "Name:n", "Email:e", "Phone:p", "Location:l", "Tool:t", "Note:n", "Private:abc=xy",
        }));
    }

    [Test]
    public void Parse_ItemsEndingOnWordBoundary_NeedWholeNullWord()
    {
        // RFC 3550 §6.5: the terminating null is required even when the items end on a 32-bit boundary,
        // so a whole word of nulls follows.
        var bytes = Hex("81 CA 00 03 00 00 00 01 01 02 61 62 00 00 00 00");

        var values = new List<string>();
        foreach (var chunk in Parse(bytes))
        {
            foreach (var item in chunk)
            {
                values.Add(Encoding.ASCII.GetString(item.Value));
            }
        }

        Assert.That(values, Is.EqualTo(new[] { "ab" }));
    }

    [Test]
    public void Parse_TwoChunksOneEmpty_AlignsEachChunk()
    {
        // First chunk: SSRC 1 with no items (4 null octets). Second: SSRC 2, NAME "x", null.
        var bytes = Hex("82 CA 00 04 00 00 00 01 00 00 00 00 00 00 00 02 02 01 78 00");

        var ssrcs = new List<uint>();
        var itemCounts = new List<int>();
        foreach (var chunk in Parse(bytes))
        {
            ssrcs.Add(chunk.Ssrc);
            var count = 0;
            foreach (var unused in chunk)
            {
                count++;
            }

            itemCounts.Add(count);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ssrcs, Is.EqualTo(new uint[] { 1, 2 }));
            Assert.That(itemCounts, Is.EqualTo(new[] { 0, 1 }));
        }
    }

    [Test]
    public void Parse_NoChunks_IsValid()
    {
        var sdes = Parse(Hex("80 CA 00 00"));

        Assert.That(sdes.ChunkCount, Is.Zero);
    }

    [Test]
    public void TryGetItem_Absent_ReturnsFalse()
    {
        foreach (var chunk in Parse(Hex("81 CA 00 03 00 00 00 01 01 02 61 62 00 00 00 00")))
        {
            Assert.That(chunk.TryGetItem(RtcpSdesItemType.Email, out _), Is.False);
        }
    }

    [TestCase("81 CA 00 03 00 00 00 01 01 02 61 62 02 02 63 64", RtcpParseErrorCode.SdesMissingTerminator, 16,
        TestName = "Parse_ItemsFillPacketWithoutNull_IsMissingTerminator")]
    [TestCase("81 CA 00 02 00 00 00 01 01 09 61 62", RtcpParseErrorCode.SdesItemOverrun, 8,
        TestName = "Parse_ItemLengthBeyondPacket_IsItemOverrun")]
    [TestCase("81 CA 00 02 00 00 00 01 00 00 00 01", RtcpParseErrorCode.SdesInvalidChunkPadding, 11,
        TestName = "Parse_NonNullChunkPadding_IsInvalidChunkPadding")]
    [TestCase("82 CA 00 02 00 00 00 01 00 00 00 00", RtcpParseErrorCode.SdesChunkOverrun, 12,
        TestName = "Parse_SourceCountBeyondChunks_IsChunkOverrun")]
    [TestCase("80 CA 00 01 00 00 00 01", RtcpParseErrorCode.TrailingData, 4,
        TestName = "Parse_OctetsAfterLastChunk_IsTrailingData")]
    [TestCase("81 CA 00 02 00 00 00 01 08 00 00 00", RtcpParseErrorCode.SdesPrivatePrefixOverrun, 10,
        TestName = "Parse_PrivItemWithoutPrefixLength_IsPrefixOverrun")]
    [TestCase("81 CA 00 03 00 00 00 01 08 02 05 61 00 00 00 00", RtcpParseErrorCode.SdesPrivatePrefixOverrun, 10,
        TestName = "Parse_PrivPrefixBeyondItem_IsPrefixOverrun")]
    [TestCase("81 CA 00 02 00 00 00 01 01 01 61 01", RtcpParseErrorCode.SdesItemOverrun, 11,
        TestName = "Parse_ItemWithoutLengthOctet_IsItemOverrun")]
    public void Parse_MalformedChunk_IsRejected(string hex, RtcpParseErrorCode code, int offset)
    {
        var packet = RtcpTestData.Single(Hex(hex));

        Assert.That(RtcpSourceDescription.TryParse(packet, out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(new RtcpParseError(code, offset)));
    }

    private static RtcpSourceDescription Parse(byte[] bytes)
    {
        Assert.That(RtcpSourceDescription.TryParse(RtcpTestData.Single(bytes), out var sdes, out var error), Is.True, () => error.ToString());
        return sdes;
    }
}
