using UcStack.Srtp.Rtp;
using static UcStack.Srtp.Tests.Rtp.RtpTestBytes;

namespace UcStack.Srtp.Tests.Rtp;

[TestFixture]
public sealed partial class RtpPacketTests
{
    private static RtpPacket ParseValid(byte[] bytes)
    {
        var ok = RtpPacket.TryParse(bytes, out var packet, out var error);
        Assert.That(ok, Is.True, () => error.ToString());
        Assert.That(error.IsError, Is.False);
        return packet;
    }

    private static RtpParseError ParseInvalid(byte[] bytes)
    {
        var ok = RtpPacket.TryParse(bytes, out _, out var error);
        Assert.That(ok, Is.False);
        return error;
    }

    [Test]
    public void Parse_MinimalPacket_ReadsFixedHeader()
    {
        // RFC 3550 §5.1: V=2, no P/X, CC=0, M=1, PT=8, seq 0x1234, ts 0x00000064, SSRC 0xDEADBEEF.
        var packet = ParseValid(Hex("80 88 12 34 00 00 00 64 DE AD BE EF 61 62"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(packet.Version, Is.EqualTo(2));
            Assert.That(packet.HasPadding, Is.False);
            Assert.That(packet.HasExtension, Is.False);
            Assert.That(packet.Marker, Is.True);
            Assert.That(packet.PayloadType, Is.EqualTo(8));
            Assert.That(packet.SequenceNumber, Is.EqualTo(0x1234));
            Assert.That(packet.Timestamp, Is.EqualTo(100u));
            Assert.That(packet.Ssrc, Is.EqualTo(0xDEADBEEFu));
            Assert.That(packet.CsrcCount, Is.Zero);
            Assert.That(packet.HeaderLength, Is.EqualTo(12));
            Assert.That(packet.Payload.ToArray(), Is.EqualTo("ab"u8.ToArray()));
            Assert.That(packet.PaddingLength, Is.Zero);
            Assert.That(packet.ExtensionForm, Is.EqualTo(RtpHeaderExtensionForm.None));
            Assert.That(packet.Header, Is.EqualTo(new RtpHeader(true, 8, 0x1234, 100, 0xDEADBEEF)));
        }
    }

    [Test]
    public void Parse_Rfc7714Section16PlainPacket_ReadsHeaderAndPayload()
    {
        // The RTP packet RFC 7714 §16.1.1 encrypts: PT 64, seq 0xF17B, ts 0x8041F8D3, SSRC 0x5501A0B2,
        // payload "Gallia est omnis divisa in partes tres".
        var bytes = Hex("8040f17b8041f8d35501a0b247616c6c696120657374206f6d6e69732064697669736120696e207061727465732074726573");

        var packet = ParseValid(bytes);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(packet.Header, Is.EqualTo(new RtpHeader(false, 0x40, 0xF17B, 0x8041F8D3, 0x5501A0B2)));
            Assert.That(packet.Payload.ToArray(), Is.EqualTo("Gallia est omnis divisa in partes tres"u8.ToArray()));
        }
    }

    [Test]
    public void Parse_FifteenCsrcs_ReadsEveryIdentifier()
    {
        // RFC 3550 §5.1: CC is 4 bits, so 15 is the largest CSRC list.
        var bytes = new byte[12 + (15 * 4) + 1];
        bytes[0] = 0x8F;
        for (var i = 0; i < 15; i++)
        {
            bytes[12 + (4 * i) + 3] = (byte)(i + 1);
        }

        var packet = ParseValid(bytes);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(packet.CsrcCount, Is.EqualTo(15));
            Assert.That(packet.HeaderLength, Is.EqualTo(72));
            Assert.That(packet.CsrcBytes.Length, Is.EqualTo(60));
            Assert.That(packet.GetCsrc(0), Is.EqualTo(1u));
            Assert.That(packet.GetCsrc(14), Is.EqualTo(15u));
            Assert.That(packet.Payload.Length, Is.EqualTo(1));
        }
    }

    [Test]
    public void GetCsrc_IndexOutsideList_Throws()
    {
        var bytes = Hex("81 00 00 00 00 00 00 00 00 00 00 00 00 00 00 07");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(CsrcAt(bytes, 0), Is.EqualTo(7u));
            Assert.That(() => CsrcAt(bytes, 1), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => CsrcAt(bytes, -1), Throws.TypeOf<ArgumentOutOfRangeException>());
        }
    }

    private static uint CsrcAt(byte[] bytes, int index)
    {
        Assert.That(RtpPacket.TryParse(bytes, out var packet, out _), Is.True);
        return packet.GetCsrc(index);
    }

    [Test]
    public void Parse_ElevenOctets_IsTooShort()
    {
        var error = ParseInvalid(Hex("80 00 00 01 00 00 00 00 00 00 00"));

        Assert.That(error, Is.EqualTo(new RtpParseError(RtpParseErrorCode.TooShort, 11)));
    }

    [TestCase((byte)0x00)]
    [TestCase((byte)0x40)]
    [TestCase((byte)0xC0)]
    public void Parse_VersionOtherThanTwo_IsRejected(byte firstOctet)
    {
        // RFC 3550 §A.1: RTP version field must equal 2.
        var bytes = Hex("80 00 00 01 00 00 00 00 00 00 00 01");
        bytes[0] = firstOctet;

        var error = ParseInvalid(bytes);

        Assert.That(error, Is.EqualTo(new RtpParseError(RtpParseErrorCode.UnsupportedVersion, 0)));
    }

    [Test]
    public void Parse_CsrcCountBeyondPacket_IsCsrcOverrun()
    {
        // CC=15 promises 60 octets of CSRCs; only 8 are present.
        var bytes = new byte[20];
        bytes[0] = 0x8F;

        var error = ParseInvalid(bytes);

        Assert.That(error, Is.EqualTo(new RtpParseError(RtpParseErrorCode.CsrcOverrun, 12)));
    }

    [Test]
    public void Parse_ExtensionWithZeroLength_HasEmptyExtensionData()
    {
        // RFC 3550 §5.3.1: the length counts 32-bit words after the 4-octet extension header; 0 is valid.
        var packet = ParseValid(Hex("90 00 00 01 00 00 00 00 00 00 00 01 BE DE 00 00 AA"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(packet.HasExtension, Is.True);
            Assert.That(packet.ExtensionProfile, Is.EqualTo(0xBEDE));
            Assert.That(packet.ExtensionForm, Is.EqualTo(RtpHeaderExtensionForm.OneByte));
            Assert.That(packet.ExtensionData.Length, Is.Zero);
            Assert.That(packet.HeaderLength, Is.EqualTo(16));
            Assert.That(packet.Payload.ToArray(), Is.EqualTo(new byte[] { 0xAA }));
            Assert.That(CountElements(packet), Is.Zero);
        }
    }

    [Test]
    public void Parse_ExtensionHeaderCutShort_IsExtensionOverrun()
    {
        var error = ParseInvalid(Hex("90 00 00 01 00 00 00 00 00 00 00 01 BE DE 00"));

        Assert.That(error, Is.EqualTo(new RtpParseError(RtpParseErrorCode.ExtensionOverrun, 12)));
    }

    [Test]
    public void Parse_ExtensionLengthBeyondPacket_IsExtensionOverrun()
    {
        // Two words declared, one present.
        var error = ParseInvalid(Hex("90 00 00 01 00 00 00 00 00 00 00 01 12 34 00 02 00 00 00 00"));

        Assert.That(error, Is.EqualTo(new RtpParseError(RtpParseErrorCode.ExtensionOverrun, 14)));
    }

    [Test]
    public void Parse_OneByteElements_EnumeratesAndSkipsPadding()
    {
        // RFC 8285 §4.2: 0x10 = ID 1, one octet; 0x00 = padding; 0x21 = ID 2, two octets; then zero
        // padding to the 32-bit boundary.
        var packet = ParseValid(Hex("90 00 00 01 00 00 00 00 00 00 00 01 BE DE 00 02 10 AA 00 21 BB CC 00 00 99"));

        var ids = new List<byte>();
        var data = new List<byte[]>();
        foreach (var element in packet.ExtensionElements)
        {
            ids.Add(element.Id);
            data.Add(element.Data.ToArray());
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ids, Is.EqualTo(new byte[] { 1, 2 }));
            Assert.That(data[0], Is.EqualTo(new byte[] { 0xAA }));
            Assert.That(data[1], Is.EqualTo(new byte[] { 0xBB, 0xCC }));
            Assert.That(packet.Payload.ToArray(), Is.EqualTo(new byte[] { 0x99 }));
            Assert.That(packet.ExtensionElements.TryGet(2, out var found), Is.True);
            Assert.That(found.ToArray(), Is.EqualTo(new byte[] { 0xBB, 0xCC }));
            Assert.That(packet.ExtensionElements.TryGet(3, out _), Is.False);
        }
    }

    [Test]
    public void Parse_OneByteIdFifteen_StopsElementParsing()
    {
        // RFC 8285 §4.2: on ID 15 the rest of the extension is not processed, even though 0x20 0x77
        // after it would read as a valid ID 2 element.
        var packet = ParseValid(Hex("90 00 00 01 00 00 00 00 00 00 00 01 BE DE 00 02 10 AA F0 20 77 00 00 00"));

        var ids = new List<byte>();
        foreach (var element in packet.ExtensionElements)
        {
            ids.Add(element.Id);
        }

        Assert.That(ids, Is.EqualTo(new byte[] { 1 }));
    }

    [Test]
    public void Parse_OneByteIdFifteenWithHugeLength_IsNotAnOverrun()
    {
        // RFC 8285 §4.2: the length of an ID 15 element is ignored.
        var packet = ParseValid(Hex("90 00 00 01 00 00 00 00 00 00 00 01 BE DE 00 01 FF 00 00 00"));

        Assert.That(CountElements(packet), Is.Zero);
    }

    [Test]
    public void Parse_OneByteElementPastBlock_IsElementOverrun()
    {
        // 0x1F = ID 1 with 16 data octets, but the block holds 3 more octets.
        var error = ParseInvalid(Hex("90 00 00 01 00 00 00 00 00 00 00 01 BE DE 00 01 1F 00 00 00"));

        Assert.That(error, Is.EqualTo(new RtpParseError(RtpParseErrorCode.ExtensionElementOverrun, 16)));
    }

    [Test]
    public void Parse_TwoByteElementsWithAppBits_ReadsAppBitsAndZeroLengthElement()
    {
        // RFC 8285 §4.3: profile 0x100A (appbits 0xA); ID 1 with no data; padding; ID 16 with 3 octets.
        var packet = ParseValid(Hex("90 00 00 01 00 00 00 00 00 00 00 01 10 0A 00 02 01 00 00 10 03 0A 0B 0C"));

        var ids = new List<byte>();
        var lengths = new List<int>();
        foreach (var element in packet.ExtensionElements)
        {
            ids.Add(element.Id);
            lengths.Add(element.Data.Length);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(packet.ExtensionForm, Is.EqualTo(RtpHeaderExtensionForm.TwoByte));
            Assert.That(packet.ExtensionAppBits, Is.EqualTo(0x0A));
            Assert.That(ids, Is.EqualTo(new byte[] { 1, 16 }));
            Assert.That(lengths, Is.EqualTo(new[] { 0, 3 }));
            Assert.That(packet.Payload.Length, Is.Zero);
        }
    }

    [Test]
    public void Parse_TwoByteElementPastBlock_IsElementOverrun()
    {
        // ID 5 declares 4 octets, the block has 2 after its header.
        var error = ParseInvalid(Hex("90 00 00 01 00 00 00 00 00 00 00 01 10 00 00 01 05 04 01 02"));

        Assert.That(error, Is.EqualTo(new RtpParseError(RtpParseErrorCode.ExtensionElementOverrun, 16)));
    }

    [Test]
    public void Parse_TwoByteIdWithoutLengthOctet_IsElementOverrun()
    {
        var error = ParseInvalid(Hex("90 00 00 01 00 00 00 00 00 00 00 01 10 00 00 01 00 00 00 07"));

        Assert.That(error, Is.EqualTo(new RtpParseError(RtpParseErrorCode.ExtensionElementOverrun, 19)));
    }

    [Test]
    public void Parse_OtherProfile_IsOpaqueWithoutElements()
    {
        // RFC 3550 §5.3.1: the data of an unknown profile is not interpreted (0x1F would overrun if it were).
        var packet = ParseValid(Hex("90 00 00 01 00 00 00 00 00 00 00 01 12 34 00 01 1F 00 00 00"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(packet.ExtensionForm, Is.EqualTo(RtpHeaderExtensionForm.Opaque));
            Assert.That(packet.ExtensionProfile, Is.EqualTo(0x1234));
            Assert.That(packet.ExtensionAppBits, Is.Zero);
            Assert.That(packet.ExtensionData.ToArray(), Is.EqualTo(new byte[] { 0x1F, 0, 0, 0 }));
            Assert.That(CountElements(packet), Is.Zero);
        }
    }

    [Test]
    public void Parse_Padding255_StripsAllPadding()
    {
        // RFC 3550 §5.1: the last octet counts the padding octets including itself; 255 is the maximum.
        var bytes = new byte[12 + 1 + 255];
        bytes[0] = 0xA0;
        bytes[12] = 0x42;
        bytes[^1] = 255;

        var packet = ParseValid(bytes);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(packet.HasPadding, Is.True);
            Assert.That(packet.PaddingLength, Is.EqualTo(255));
            Assert.That(packet.Payload.ToArray(), Is.EqualTo(new byte[] { 0x42 }));
        }
    }

    [Test]
    public void Parse_PaddingCoveringWholePayload_GivesEmptyPayload()
    {
        var packet = ParseValid(Hex("A0 00 00 01 00 00 00 00 00 00 00 01 00 00 00 04"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(packet.PaddingLength, Is.EqualTo(4));
            Assert.That(packet.Payload.Length, Is.Zero);
        }
    }

    [Test]
    public void Parse_PaddingBitWithZeroCount_IsInvalidPadding()
    {
        // RFC 3550 §5.1: the count includes itself, so 0 is impossible.
        var error = ParseInvalid(Hex("A0 00 00 01 00 00 00 00 00 00 00 01 11 22 00"));

        Assert.That(error, Is.EqualTo(new RtpParseError(RtpParseErrorCode.InvalidPaddingLength, 14)));
    }

    [Test]
    public void Parse_PaddingCountBeyondPayload_IsInvalidPadding()
    {
        // RFC 3550 §A.1: the padding count must not exceed the octets after the header.
        var error = ParseInvalid(Hex("A0 00 00 01 00 00 00 00 00 00 00 01 11 22 04"));

        Assert.That(error, Is.EqualTo(new RtpParseError(RtpParseErrorCode.InvalidPaddingLength, 14)));
    }

    [Test]
    public void Parse_PaddingBitWithNothingAfterHeader_IsInvalidPadding()
    {
        var error = ParseInvalid(Hex("A0 00 00 01 00 00 00 00 00 00 00 01"));

        Assert.That(error, Is.EqualTo(new RtpParseError(RtpParseErrorCode.InvalidPaddingLength, 12)));
    }

    [Test]
    public void Parse_PaddingMayNotReachIntoExtension()
    {
        // Extension ends at 20; 3 octets follow, so a count of 4 would eat into the header.
        var error = ParseInvalid(Hex("B0 00 00 01 00 00 00 00 00 00 00 01 BE DE 00 01 10 01 00 00 AA BB 04"));

        Assert.That(error.Code, Is.EqualTo(RtpParseErrorCode.InvalidPaddingLength));
    }

    [Test]
    public void ParseHeader_SrtpPacketWithPaddingBit_IgnoresTrailingTag()
    {
        // RFC 3711 §3.1: in SRTP the padding is encrypted and the packet ends with the authentication tag,
        // so the last octet (here 0x00) is not a padding count.
        var bytes = Hex("B0 00 00 01 00 00 00 00 00 00 00 01 BE DE 00 01 10 01 00 00 AA BB CC 00");

        Assert.That(RtpPacket.TryParse(bytes, out _, out _), Is.False);
        Assert.That(RtpPacket.TryParseHeader(bytes, out var packet, out var error), Is.True, () => error.ToString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(packet.HasPadding, Is.True);
            Assert.That(packet.PaddingLength, Is.Zero);
            Assert.That(packet.HeaderLength, Is.EqualTo(20));
            Assert.That(packet.Payload.Length, Is.EqualTo(4));
            Assert.That(packet.ExtensionElements.TryGet(1, out var level), Is.True);
            Assert.That(level.ToArray(), Is.EqualTo(new byte[] { 0x01 }));
        }
    }

    [Test]
    public void ParseHeader_CsrcOverrun_IsStillRejected()
    {
        var bytes = new byte[20];
        bytes[0] = 0x8F;

        Assert.That(RtpPacket.TryParseHeader(bytes, out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(new RtpParseError(RtpParseErrorCode.CsrcOverrun, 12)));
    }

    [Test]
    public void ParseAndWrite_WarmedUp_AllocateNothing()
    {
        // The media path contract: parsing, enumerating elements and writing allocate nothing.
        var buffer = new byte[256];
        var written = WriteSample(buffer);
        var sum = 0;
        for (var i = 0; i < 100; i++)
        {
            sum += ParseSample(buffer.AsSpan(0, written)) + WriteSample(buffer);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            sum += ParseSample(buffer.AsSpan(0, written)) + WriteSample(buffer);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(sum, Is.Positive);
        Assert.That(allocated, Is.Zero);
    }

    private static readonly byte[] SampleLevel = [0x85];
    private static readonly byte[] SampleSendTime = [1, 2, 3];
    private static readonly uint[] SampleCsrcs = [7, 8];

    private static int WriteSample(Span<byte> buffer)
    {
        // Inputs live in static arrays: a Debug build allocates for some span collection expressions.
        ReadOnlySpan<byte> level = SampleLevel;
        ReadOnlySpan<byte> sendTime = SampleSendTime;
        var writer = new RtpPacketWriter(buffer);
        writer.TryWriteHeader(new RtpHeader(true, 111, 1000, 48000, 0x1234), SampleCsrcs);
        writer.TryAddExtension(1, level);
        writer.TryAddExtension(3, sendTime);
        writer.TryAddExtension(20, level);
        writer.TryFinishPaddedTo(buffer[..20], 4, out var written);
        return written;
    }

    private static int ParseSample(ReadOnlySpan<byte> bytes)
    {
        if (!RtpPacket.TryParse(bytes, out var packet, out _))
        {
            return 0;
        }

        var sum = packet.Payload.Length + (int)packet.GetCsrc(1);
        foreach (var element in packet.ExtensionElements)
        {
            sum += element.Id + element.Data.Length;
        }

        return sum;
    }

    [Test]
    public void Error_ToString_NamesCodeAndOffset()
    {
        Assert.That(new RtpParseError(RtpParseErrorCode.CsrcOverrun, 12).ToString(), Is.EqualTo("CsrcOverrun at byte 12"));
    }

    private static int CountElements(RtpPacket packet)
    {
        var count = 0;
        foreach (var unused in packet.ExtensionElements)
        {
            count++;
        }

        return count;
    }
}
