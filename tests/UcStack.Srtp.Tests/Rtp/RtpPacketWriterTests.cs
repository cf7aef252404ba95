using UcStack.Srtp.Rtp;
using static UcStack.Srtp.Tests.Rtp.RtpTestBytes;

namespace UcStack.Srtp.Tests.Rtp;

[TestFixture]
public sealed class RtpPacketWriterTests
{
    private static readonly RtpHeader Header = new(false, 0, 1, 0, 1);

    [Test]
    public void TryWrite_Rfc7714Section16PlainPacket_ReproducesOctets()
    {
        var expected = Hex("8040f17b8041f8d35501a0b247616c6c696120657374206f6d6e69732064697669736120696e207061727465732074726573");
        var buffer = new byte[100];

        var ok = RtpPacketWriter.TryWrite(buffer, new RtpHeader(false, 0x40, 0xF17B, 0x8041F8D3, 0x5501A0B2), default,
            "Gallia est omnis divisa in partes tres"u8, out var written);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.True);
            Assert.That(buffer[..written], Is.EqualTo(expected));
            Assert.That(RtpPacketWriter.GetEncodedLength(0, 38), Is.EqualTo(written));
        }
    }

    [Test]
    public void TryWrite_MarkerAndCsrcs_SetsBitsAndCount()
    {
        var buffer = new byte[64];

        RtpPacketWriter.TryWrite(buffer, new RtpHeader(true, 127, 0xFFFF, 0xFFFFFFFF, 0x01020304), [0xA1A2A3A4, 5], [0xEE], out var written);

        Assert.That(buffer[..written], Is.EqualTo(Hex("82 FF FF FF FF FF FF FF 01 02 03 04 A1 A2 A3 A4 00 00 00 05 EE")));
    }

    [Test]
    public void TryAddExtension_SmallElements_UsesOneByteForm()
    {
        // RFC 8285 §4.2: IDs 1–14 with 1–16 octets fit the one-byte form; the block is zero-padded.
        var buffer = new byte[64];
        var writer = new RtpPacketWriter(buffer);
        writer.TryWriteHeader(Header);

        Assert.That(writer.TryAddExtension(1, [0xAA]), Is.True);
        Assert.That(writer.TryAddExtension(14, new byte[16]), Is.True);
        Assert.That(writer.TryFinish([0x99], 0, out var written), Is.True);

        var expected = Hex("90 00 00 01 00 00 00 00 00 00 00 01 BE DE 00 05 10 AA EF" + string.Concat(Enumerable.Repeat("00", 16)) + "00 99");
        Assert.That(buffer[..written], Is.EqualTo(expected));
    }

    [TestCase((byte)15, 1, TestName = "TryAddExtension_IdFifteen_UsesTwoByteForm")]
    [TestCase((byte)1, 0, TestName = "TryAddExtension_EmptyData_UsesTwoByteForm")]
    [TestCase((byte)1, 17, TestName = "TryAddExtension_SeventeenOctets_UsesTwoByteForm")]
    public void TryAddExtension_ElementBeyondOneByteForm_UsesTwoByteForm(byte id, int length)
    {
        var buffer = new byte[64];
        var writer = new RtpPacketWriter(buffer);
        writer.TryWriteHeader(Header);

        writer.TryAddExtension(id, new byte[length]);
        writer.TryFinish(default, 0, out var written);

        Assert.That(RtpPacket.TryParse(buffer.AsSpan(0, written), out var packet, out _), Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(packet.ExtensionProfile, Is.EqualTo(0x1000));
            Assert.That(buffer[16], Is.EqualTo(id));
            Assert.That(buffer[17], Is.EqualTo(length));
        }
    }

    [Test]
    public void TryAddExtension_TwoByteElementAfterOneByteElements_ReencodesBlock()
    {
        var buffer = new byte[64];
        var writer = new RtpPacketWriter(buffer);
        writer.TryWriteHeader(Header);

        writer.TryAddExtension(1, [0xAA]);
        writer.TryAddExtension(2, [0xBB, 0xCC]);
        writer.TryAddExtension(20, [0xDD]);
        writer.TryFinish(default, 0, out var written);

        // RFC 8285 §4.3: every element becomes ID octet, length octet, data.
        Assert.That(buffer[..written], Is.EqualTo(Hex("90 00 00 01 00 00 00 00 00 00 00 01 10 00 00 03 01 01 AA 02 02 BB CC 14 01 DD 00 00")));
    }

    [Test]
    public void TryUseTwoByteExtensions_WithAppBits_WritesProfile()
    {
        var buffer = new byte[64];
        var writer = new RtpPacketWriter(buffer);
        writer.TryWriteHeader(Header);

        writer.TryAddExtension(3, [0x01]);
        Assert.That(writer.TryUseTwoByteExtensions(0x0A), Is.True);
        writer.TryFinish(default, 0, out var written);

        Assert.That(buffer[..written], Is.EqualTo(Hex("90 00 00 01 00 00 00 00 00 00 00 01 10 0A 00 01 03 01 01 00")));
    }

    [Test]
    public void TryUseTwoByteExtensions_WithoutElements_WritesEmptyBlock()
    {
        var buffer = new byte[64];
        var writer = new RtpPacketWriter(buffer);
        writer.TryWriteHeader(Header);

        writer.TryUseTwoByteExtensions(3);
        writer.TryFinish(default, 0, out var written);

        Assert.That(buffer[..written], Is.EqualTo(Hex("90 00 00 01 00 00 00 00 00 00 00 01 10 03 00 00")));
    }

    [Test]
    public void TryWriteOpaqueExtension_WritesProfileAndWords()
    {
        var buffer = new byte[64];
        var writer = new RtpPacketWriter(buffer);
        writer.TryWriteHeader(Header);

        writer.TryWriteOpaqueExtension(0x1234, [1, 2, 3, 4]);
        writer.TryFinish([9], 0, out var written);

        Assert.That(buffer[..written], Is.EqualTo(Hex("90 00 00 01 00 00 00 00 00 00 00 01 12 34 00 01 01 02 03 04 09")));
    }

    [Test]
    public void TryFinish_Padding255_WritesCountInLastOctet()
    {
        var buffer = new byte[300];
        var writer = new RtpPacketWriter(buffer);
        writer.TryWriteHeader(Header);

        writer.TryFinish([0x42], 255, out var written);

        Assert.That(RtpPacket.TryParse(buffer.AsSpan(0, written), out var packet, out _), Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(written, Is.EqualTo(12 + 1 + 255));
            Assert.That(buffer[0], Is.EqualTo(0xA0));
            Assert.That(buffer[written - 1], Is.EqualTo(255));
            Assert.That(buffer[13..(written - 1)], Is.All.Zero);
            Assert.That(packet.Payload.ToArray(), Is.EqualTo(new byte[] { 0x42 }));
        }
    }

    [TestCase(5, 4, 20)]
    [TestCase(4, 4, 16)]
    [TestCase(5, 1, 17)]
    [TestCase(0, 16, 16)]
    [TestCase(1, 256, 256)]
    public void TryFinishPaddedTo_PadsToMultiple(int payloadLength, int blockSize, int expectedLength)
    {
        var buffer = new byte[300];
        var writer = new RtpPacketWriter(buffer);
        writer.TryWriteHeader(Header);

        Assert.That(writer.TryFinishPaddedTo(new byte[payloadLength], blockSize, out var written), Is.True);

        Assert.That(RtpPacket.TryParse(buffer.AsSpan(0, written), out var packet, out _), Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(written, Is.EqualTo(expectedLength));
            Assert.That(packet.Payload.Length, Is.EqualTo(payloadLength));
            Assert.That(packet.HasPadding, Is.EqualTo(expectedLength != 12 + payloadLength));
        }
    }

    [Test]
    public void TryWrite_DestinationTooSmall_ReturnsFalse()
    {
        var buffer = new byte[12];

        var ok = RtpPacketWriter.TryWrite(buffer, Header, default, [1], out var written);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.False);
            Assert.That(written, Is.Zero);
        }
    }

    [Test]
    public void TryWriteHeader_DestinationTooSmallForCsrcs_ReturnsFalse()
    {
        var writer = new RtpPacketWriter(new byte[15]);

        Assert.That(writer.TryWriteHeader(Header, [1]), Is.False);
    }

    [Test]
    public void TryAddExtension_NoRoom_ReturnsFalseAndKeepsWriterUsable()
    {
        // 12 header + 4 extension header + 4 (one element padded): room for one small element only.
        var buffer = new byte[20];
        var writer = new RtpPacketWriter(buffer);
        writer.TryWriteHeader(Header);

        Assert.That(writer.TryAddExtension(1, [1, 2, 3]), Is.True);
        Assert.That(writer.TryAddExtension(2, [1, 2]), Is.False);
        Assert.That(writer.TryAddExtension(20, [1]), Is.False);
        Assert.That(writer.TryFinish(default, 0, out var written), Is.True);

        Assert.That(buffer[..written], Is.EqualTo(Hex("90 00 00 01 00 00 00 00 00 00 00 01 BE DE 00 01 12 01 02 03")));
    }

    [Test]
    public void TryUseTwoByteExtensions_NoRoomToReencode_ReturnsFalseAndKeepsOneByteForm()
    {
        // Four one-byte elements of one octet fill 8 octets; the two-byte form needs 12.
        var buffer = new byte[24];
        var writer = new RtpPacketWriter(buffer);
        writer.TryWriteHeader(Header);
        for (byte id = 1; id <= 4; id++)
        {
            Assert.That(writer.TryAddExtension(id, [id]), Is.True);
        }

        Assert.That(writer.TryUseTwoByteExtensions(), Is.False);
        Assert.That(writer.TryFinish(default, 0, out var written), Is.True);
        Assert.That(buffer[..written], Is.EqualTo(Hex("90 00 00 01 00 00 00 00 00 00 00 01 BE DE 00 02 10 01 20 02 30 03 40 04")));
    }

    [Test]
    public void TryWriteOpaqueExtension_MoreThan65535Words_Throws()
    {
        Assert.That(() => new RtpPacketWriter(new byte[300_000]).TryWriteOpaqueExtension(1, new byte[4 * 65536]), Throws.ArgumentException);
    }

    [Test]
    public void TryFinish_PayloadDoesNotFit_ReturnsFalseAndAllowsSmallerPayload()
    {
        var buffer = new byte[14];
        var writer = new RtpPacketWriter(buffer);
        writer.TryWriteHeader(Header);

        Assert.That(writer.TryFinish([1, 2, 3], 0, out _), Is.False);
        Assert.That(writer.TryFinish([1, 2], 0, out var written), Is.True);
        Assert.That(written, Is.EqualTo(14));
    }

    [Test]
    public void TryWriteHeader_PayloadTypeAbove127_Throws()
    {
        Assert.That(() => new RtpPacketWriter(new byte[64]).TryWriteHeader(Header with { PayloadType = 128 }),
            Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void TryWriteHeader_SixteenCsrcs_Throws()
    {
        Assert.That(() => new RtpPacketWriter(new byte[128]).TryWriteHeader(Header, new uint[16]),
            Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void TryWriteHeader_Twice_Throws()
    {
        Assert.That(() =>
        {
            var writer = new RtpPacketWriter(new byte[64]);
            writer.TryWriteHeader(Header);
            writer.TryWriteHeader(Header);
        }, Throws.InvalidOperationException);
    }

    [Test]
    public void TryAddExtension_BeforeHeader_Throws()
    {
        Assert.That(() => new RtpPacketWriter(new byte[64]).TryAddExtension(1, [1]), Throws.InvalidOperationException);
    }

    [Test]
    public void TryAddExtension_IdZero_Throws()
    {
        Assert.That(() => WriterWithHeader().TryAddExtension(0, [1]), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void TryAddExtension_DataLongerThan255_Throws()
    {
        Assert.That(() => WriterWithHeader().TryAddExtension(1, new byte[256]), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void TryAddExtension_AfterOpaqueExtension_Throws()
    {
        Assert.That(() =>
        {
            var writer = WriterWithHeader();
            writer.TryWriteOpaqueExtension(0x1234, default);
            writer.TryAddExtension(1, [1]);
        }, Throws.InvalidOperationException);
    }

    [Test]
    public void TryWriteOpaqueExtension_DataNotWordAligned_Throws()
    {
        Assert.That(() => WriterWithHeader().TryWriteOpaqueExtension(0x1234, [1, 2, 3]), Throws.ArgumentException);
    }

    [Test]
    public void TryWriteOpaqueExtension_AfterElements_Throws()
    {
        Assert.That(() =>
        {
            var writer = WriterWithHeader();
            writer.TryAddExtension(1, [1]);
            writer.TryWriteOpaqueExtension(0x1234, default);
        }, Throws.InvalidOperationException);
    }

    [Test]
    public void TryUseTwoByteExtensions_AppBitsAbove15_Throws()
    {
        Assert.That(() => WriterWithHeader().TryUseTwoByteExtensions(16), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void TryFinish_Twice_Throws()
    {
        Assert.That(() =>
        {
            var writer = WriterWithHeader();
            writer.TryFinish(default, 0, out _);
            writer.TryFinish(default, 0, out _);
        }, Throws.InvalidOperationException);
    }

    [TestCase(-1)]
    [TestCase(256)]
    public void TryFinish_PaddingOutOfRange_Throws(int padding)
    {
        Assert.That(() => WriterWithHeader().TryFinish(default, padding, out _), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [TestCase(0)]
    [TestCase(257)]
    public void TryFinishPaddedTo_BlockSizeOutOfRange_Throws(int blockSize)
    {
        Assert.That(() => WriterWithHeader().TryFinishPaddedTo(default, blockSize, out _), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    private static RtpPacketWriter WriterWithHeader()
    {
        var writer = new RtpPacketWriter(new byte[512]);
        writer.TryWriteHeader(Header);
        return writer;
    }
}
