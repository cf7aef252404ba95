using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;

namespace UcStack.Stun.Tests.Transactions;

[TestFixture]
public sealed class StunStreamFramerTests
{
    private static byte[] ChannelData(ushort channel, int dataLength, bool padded)
    {
        var frame = new byte[4 + (padded ? StunConstants.Pad4(dataLength) : dataLength)];
        BinaryPrimitives.WriteUInt16BigEndian(frame, channel);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)dataLength);
        for (var i = 0; i < dataLength; i++)
        {
            frame[4 + i] = (byte)(i * 7);
        }

        return frame;
    }

    [Test]
    public void TryReadFrame_StunMessage_LengthIsHeaderPlusBody()
    {
        var message = TestMessages.BindingRequest(TestMessages.NewTransactionId());

        var status = StunStreamFramer.TryReadFrame(message, out var kind, out var length);

        Assert.That(status, Is.EqualTo(StunFrameStatus.Complete));
        Assert.That(kind, Is.EqualTo(StunFrameKind.StunMessage));
        Assert.That(length, Is.EqualTo(message.Length));
    }

    [Test]
    public void TryReadFrame_ChannelData_IncludesPaddingToFour()
    {
        var frame = ChannelData(0x4001, 5, padded: true);

        var status = StunStreamFramer.TryReadFrame(frame, out var kind, out var length);

        Assert.That(status, Is.EqualTo(StunFrameStatus.Complete));
        Assert.That(kind, Is.EqualTo(StunFrameKind.ChannelData));
        Assert.That(length, Is.EqualTo(12), "4-byte header + 5 data bytes padded to 8 (RFC 8656 §12.5)");
        Assert.That(StunStreamFramer.TryReadFrame(frame.AsSpan(0, 11), out _, out _), Is.EqualTo(StunFrameStatus.Incomplete));
    }

    [TestCase(new byte[0])]
    [TestCase(new byte[] { 0x00 })]
    [TestCase(new byte[] { 0x00, 0x01, 0x00 })]
    [TestCase(new byte[] { 0x40, 0x00, 0x00, 0x04, 1, 2 })]
    public void TryReadFrame_Prefix_IsIncomplete(byte[] prefix) =>
        Assert.That(StunStreamFramer.TryReadFrame(prefix, out _, out _), Is.EqualTo(StunFrameStatus.Incomplete));

    [TestCase((byte)0x50)]
    [TestCase((byte)0x80)]
    [TestCase((byte)0xFF)]
    public void TryReadFrame_ReservedFirstByte_IsInvalid(byte first) =>
        Assert.That(StunStreamFramer.TryReadFrame([first, 0, 0, 0], out _, out _), Is.EqualTo(StunFrameStatus.Invalid));

    [Test]
    public void TryReadFrame_StunLengthNotMultipleOfFour_IsInvalid() =>
        Assert.That(StunStreamFramer.TryReadFrame([0x00, 0x01, 0x00, 0x05], out _, out _), Is.EqualTo(StunFrameStatus.Invalid));

    [Test]
    public void TryReadFrame_OverLimit_IsTooLarge()
    {
        Assert.That(StunStreamFramer.TryReadFrame([0x00, 0x01, 0x01, 0x00], out _, out _, maxFrameLength: 200), Is.EqualTo(StunFrameStatus.TooLarge));
        Assert.That(StunStreamFramer.TryReadFrame([0x00, 0x01, 0x01, 0x00], out _, out var length, maxFrameLength: 276), Is.EqualTo(StunFrameStatus.Incomplete));
        Assert.That(length, Is.EqualTo(276));
    }

    [Test]
    public void FrameBuffer_ArbitrarySegmentation_YieldsTheSameFrames()
    {
        var frames =
            from isStun in Gen.Elements(true, false)
            from dataLength in Gen.Choose(0, 300)
            from channel in Gen.Choose(0x4000, 0x4FFF)
            select isStun ? StunFrame(dataLength) : ChannelData((ushort)channel, dataLength, padded: true);
        var cases =
            from count in Gen.Choose(1, 12)
            from list in frames.ArrayOf(count)
            from cuts in Gen.Choose(1, 64).ArrayOf(40)
            select (Frames: list, Cuts: cuts);

        Prop.ForAll(cases.ToArbitrary(), sample =>
        {
            var stream = sample.Frames.SelectMany(f => f).ToArray();
            var buffer = new StunFrameBuffer(1024);
            var output = new List<(StunFrameKind Kind, byte[] Bytes)>();
            var offset = 0;
            var cut = 0;
            while (offset < stream.Length)
            {
                var memory = buffer.GetReadMemory();
                var count = Math.Min(Math.Min(sample.Cuts[cut++ % sample.Cuts.Length], memory.Length), stream.Length - offset);
                stream.AsSpan(offset, count).CopyTo(memory.Span);
                buffer.Advance(count);
                offset += count;
                StunFrameStatus status;
                while ((status = buffer.TryTakeFrame(out var kind, out var frame)) == StunFrameStatus.Complete)
                {
                    output.Add((kind, frame.ToArray()));
                }

                Assert.That(status, Is.EqualTo(StunFrameStatus.Incomplete));
            }

            Assert.That(output.Select(o => o.Bytes), Is.EqualTo(sample.Frames));
            Assert.That(output.Select(o => o.Kind), Is.EqualTo(sample.Frames.Select(f => f[0] < 0x40 ? StunFrameKind.StunMessage : StunFrameKind.ChannelData)));
            Assert.That(buffer.BufferedLength, Is.Zero);
        }).QuickCheckThrowOnFailure();
    }

    [Test]
    public void FrameBuffer_RandomBytes_NeverThrowAndNeverExceedLimit()
    {
        var gen =
            from length in Gen.Choose(0, 600)
            from bytes in Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(length)
            select bytes;
        Prop.ForAll(gen.ToArbitrary(), bytes =>
        {
            var buffer = new StunFrameBuffer(256);
            var offset = 0;
            while (offset < bytes.Length)
            {
                var memory = buffer.GetReadMemory();
                Assert.That(memory.Length, Is.Positive);
                var count = Math.Min(memory.Length, bytes.Length - offset);
                bytes.AsSpan(offset, count).CopyTo(memory.Span);
                buffer.Advance(count);
                offset += count;
                StunFrameStatus status;
                while ((status = buffer.TryTakeFrame(out _, out var frame)) == StunFrameStatus.Complete)
                {
                    Assert.That(frame.Length, Is.LessThanOrEqualTo(256));
                }

                if (status is StunFrameStatus.Invalid or StunFrameStatus.TooLarge)
                {
                    return;
                }
            }
        }).QuickCheckThrowOnFailure();
    }

    private static byte[] StunFrame(int bodyHint)
    {
        var buffer = new byte[400];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingIndication, TestMessages.NewTransactionId());
        writer.AddData(new byte[bodyHint]);
        return buffer[..writer.Complete()];
    }
}
