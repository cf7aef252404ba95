using FsCheck;
using FsCheck.Fluent;
using UcStack.Turn.Protocol;

namespace UcStack.Turn.Tests.Protocol;

[TestFixture]
public sealed class TurnChannelDataTests
{
    private static Gen<byte[]> Bytes(int max) =>
        from length in Gen.Choose(0, max)
        from bytes in Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(length)
        select bytes;

    [Test]
    public void Encode_Unpadded_WritesHeaderAndData()
    {
        var encoded = TurnChannelData.Encode(0x4001, [1, 2, 3, 4, 5], padToFour: false);

        Assert.That(encoded, Is.EqualTo(new byte[] { 0x40, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5 }));
    }

    [Test]
    public void Encode_PaddedForStreams_PadsWithZerosButKeepsLength()
    {
        var encoded = TurnChannelData.Encode(0x4FFF, [9, 8, 7, 6, 5], padToFour: true);

        Assert.That(encoded, Is.EqualTo(new byte[] { 0x4F, 0xFF, 0x00, 0x05, 9, 8, 7, 6, 5, 0, 0, 0 }));
    }

    [TestCase((ushort)0x3FFF)]
    [TestCase((ushort)0x5000)]
    [TestCase((ushort)0x7FFF)]
    [TestCase((ushort)0x0001)]
    public void Encode_ChannelOutsideRange_Throws(ushort channel)
    {
        Assert.That(() => TurnChannelData.Encode(channel, [1], padToFour: false), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void TryEncode_DestinationTooSmall_ReturnsFalse()
    {
        var destination = new byte[7];

        var ok = TurnChannelData.TryEncode(destination, 0x4000, [1, 2, 3, 4], padToFour: false, out var written);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.False);
            Assert.That(written, Is.Zero);
        });
    }

    [Test]
    public void GetEncodedLength_TooLong_Throws()
    {
        Assert.That(() => TurnChannelData.GetEncodedLength(65536, padToFour: false), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void TryParse_TrailingPadding_IsIgnored()
    {
        byte[] input = [0x40, 0x10, 0x00, 0x02, 0xAA, 0xBB, 0x00, 0x00];

        var ok = TurnChannelData.TryParse(input, out var channel, out var data, out var error);
        var payload = data.ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.True, error.ToString());
            Assert.That(channel, Is.EqualTo(0x4010));
            Assert.That(payload, Is.EqualTo(new byte[] { 0xAA, 0xBB }));
        });
    }

    [Test]
    public void TryParse_LengthBeyondDatagram_ReportsLengthExceedsInput()
    {
        byte[] input = [0x40, 0x10, 0x00, 0x05, 0xAA, 0xBB];

        var ok = TurnChannelData.TryParse(input, out _, out _, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.False);
            Assert.That(error.Code, Is.EqualTo(TurnParseErrorCode.LengthExceedsInput));
            Assert.That(error.Offset, Is.EqualTo(2));
        });
    }

    [TestCase(new byte[] { 0x00, 0x01, 0x00, 0x00 }, TurnParseErrorCode.NotChannelData)]
    [TestCase(new byte[] { 0x80, 0x01, 0x00, 0x00 }, TurnParseErrorCode.NotChannelData)]
    [TestCase(new byte[] { 0x50, 0x00, 0x00, 0x00 }, TurnParseErrorCode.ReservedChannelNumber)]
    [TestCase(new byte[] { 0x40, 0x00, 0x00 }, TurnParseErrorCode.Truncated)]
    [TestCase(new byte[0], TurnParseErrorCode.Truncated)]
    public void TryParse_BadHeader_ReportsReason(byte[] input, TurnParseErrorCode expected)
    {
        var ok = TurnChannelData.TryParse(input, out _, out _, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.False);
            Assert.That(error.Code, Is.EqualTo(expected));
        });
    }

    [Test]
    public void TryGetFrameLength_RoundsUpToFour()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TurnChannelData.TryGetFrameLength([0x40, 0x00, 0x00, 0x05], out var five), Is.True);
            Assert.That(five, Is.EqualTo(12));
            Assert.That(TurnChannelData.TryGetFrameLength([0x40, 0x00, 0x00, 0x08], out var eight), Is.True);
            Assert.That(eight, Is.EqualTo(12));
            Assert.That(TurnChannelData.TryGetFrameLength([0x40, 0x00, 0x00], out _), Is.False);
        });
    }

    [Test]
    public void IsChannelData_DistinguishesStunAndRtp()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TurnChannelData.IsChannelData([0x40]), Is.True);
            Assert.That(TurnChannelData.IsChannelData([0x7F]), Is.True);
            Assert.That(TurnChannelData.IsChannelData([0x00, 0x01]), Is.False);
            Assert.That(TurnChannelData.IsChannelData([0x80]), Is.False);
            Assert.That(TurnChannelData.IsChannelData([]), Is.False);
        });
    }

    [Test]
    public void RoundTrip_AnyChannelAndData_ParsesBack()
    {
        var gen =
            from channel in Gen.Choose(TurnConstants.MinChannelNumber, TurnConstants.MaxChannelNumber)
            from data in Bytes(300)
            from pad in Gen.Elements(false, true)
            select (Channel: (ushort)channel, Data: data, Pad: pad);

        Prop.ForAll(gen.ToArbitrary(), x =>
        {
            var encoded = TurnChannelData.Encode(x.Channel, x.Data, x.Pad);
            var parsed = TurnChannelData.TryParse(encoded, out var channel, out var data, out _);
            TurnChannelData.TryGetFrameLength(encoded, out var frame);
            return parsed && channel == x.Channel && data.SequenceEqual(x.Data)
                && (!x.Pad || (frame == encoded.Length && encoded.Length % 4 == 0));
        }).QuickCheckThrowOnFailure();
    }

    [Test]
    public void TryParse_RandomBytes_NeverThrowsAndDataStaysInside()
    {
        Prop.ForAll(Bytes(80).ToArbitrary(), input =>
        {
            var ok = TurnChannelData.TryParse(input, out var channel, out var data, out var error);
            return ok
                ? !error.IsError && TurnChannelData.IsValidChannelNumber(channel) && data.Length <= input.Length - 4
                : error.IsError;
        }).QuickCheckThrowOnFailure();
    }

    [Test]
    public void TryParse_TruncatedEncoding_IsRejected()
    {
        var gen =
            from channel in Gen.Choose(TurnConstants.MinChannelNumber, TurnConstants.MaxChannelNumber)
            from data in Bytes(100).Where(d => d.Length > 0)
            from cut in Gen.Choose(1, data.Length)
            select (Channel: (ushort)channel, Data: data, Cut: cut);

        Prop.ForAll(gen.ToArbitrary(), x =>
        {
            var encoded = TurnChannelData.Encode(x.Channel, x.Data, padToFour: false);
            return !TurnChannelData.TryParse(encoded.AsSpan(0, encoded.Length - x.Cut), out _, out _, out _);
        }).QuickCheckThrowOnFailure();
    }
}
