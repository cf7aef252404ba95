using UcStack.Srtp.Rtcp;
using static UcStack.Srtp.Tests.Rtp.RtpTestBytes;

namespace UcStack.Srtp.Tests.Rtcp;

[TestFixture]
public sealed class RtcpGoodbyeTests
{
    [Test]
    public void Parse_TwoSourcesAndReason_ReadsAll()
    {
        // RFC 3550 §6.6: reason "bye" (length octet + 3 octets) fills one word exactly, so no padding.
        var bytes = Hex("82 CB 00 03 00 00 00 01 00 00 00 02 03 62 79 65");
        Assert.That(RtcpGoodbye.TryParse(RtcpTestData.Single(bytes), out var bye, out _), Is.True);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(bye.SourceCount, Is.EqualTo(2));
            Assert.That(bye.GetSource(0), Is.EqualTo(1u));
            Assert.That(bye.GetSource(1), Is.EqualTo(2u));
            Assert.That(bye.HasReason, Is.True);
            Assert.That(bye.Reason.ToArray(), Is.EqualTo("bye"u8.ToArray()));
        }
    }

    [Test]
    public void Parse_NoReason_HasReasonIsFalse()
    {
        Assert.That(RtcpGoodbye.TryParse(RtcpTestData.Single(Hex("81 CB 00 01 00 00 00 01")), out var bye, out _), Is.True);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(bye.HasReason, Is.False);
            Assert.That(bye.Reason.Length, Is.Zero);
        }
    }

    [Test]
    public void Parse_NoSources_IsValid()
    {
        // RFC 3550 §6.6: a source count of zero is valid, though useless.
        Assert.That(RtcpGoodbye.TryParse(RtcpTestData.Single(Hex("80 CB 00 00")), out var bye, out _), Is.True);
        Assert.That(bye.SourceCount, Is.Zero);
    }

    [TestCase("82 CB 00 01 00 00 00 01", RtcpParseErrorCode.ByeSourcesOverrun, 4, TestName = "Parse_SourceCountBeyondPacket_IsSourcesOverrun")]
    [TestCase("81 CB 00 02 00 00 00 01 07 61 62 63", RtcpParseErrorCode.ByeReasonOverrun, 8, TestName = "Parse_ReasonBeyondPacket_IsReasonOverrun")]
    [TestCase("81 CB 00 03 00 00 00 01 01 61 00 00 00 00 00 00", RtcpParseErrorCode.TrailingData, 12, TestName = "Parse_WordAfterReason_IsTrailingData")]
    public void Parse_Malformed_IsRejected(string hex, RtcpParseErrorCode code, int offset)
    {
        Assert.That(RtcpGoodbye.TryParse(RtcpTestData.Single(Hex(hex)), out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(new RtcpParseError(code, offset)));
    }

    [Test]
    public void GetSource_IndexOutsideList_Throws()
    {
        Assert.That(() => SourceAt(Hex("81 CB 00 01 00 00 00 01"), 1), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    private static uint SourceAt(byte[] bytes, int index)
    {
        Assert.That(RtcpGoodbye.TryParse(RtcpTestData.Single(bytes), out var bye, out _), Is.True);
        return bye.GetSource(index);
    }
}
