using FsCheck;
using FsCheck.Fluent;
using UcStack.Stun;
using UcStack.Turn.Protocol;

namespace UcStack.Turn.Tests.Protocol;

[TestFixture]
public sealed class MsTurnTcpFramingTests
{
    // CI-sized; run once locally with 100_000 (done when the framer was written).
    private const int PropertyRuns = 1000;

    private static Gen<byte[]> Bytes(int min, int max) =>
        from length in Gen.Choose(min, max)
        from bytes in Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(length)
        select bytes;

    [Test]
    public void WriteHeader_Control_WritesTypeZeroAndBigEndianLength()
    {
        var header = new byte[4];
        MsTurnTcpFraming.WriteHeader(header, MsTurnFrameType.Control, 0x0124);

        Assert.That(header, Is.EqualTo(new byte[] { 0x02, 0x00, 0x01, 0x24 }));
    }

    [Test]
    public void TryReadFrame_DataFrame_ReturnsTypeAndLengthIncludingPrefix()
    {
        byte[] stream = [0x03, 0x00, 0x00, 0x03, 7, 8, 9, 0x02];

        var status = MsTurnTcpFraming.TryReadFrame(stream, out var type, out var length);

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(StunFrameStatus.Complete));
            Assert.That(type, Is.EqualTo(MsTurnFrameType.Data));
            Assert.That(length, Is.EqualTo(7));
        });
    }

    [TestCase(new byte[] { })]
    [TestCase(new byte[] { 0x02 })]
    [TestCase(new byte[] { 0x02, 0x00, 0x00 })]
    [TestCase(new byte[] { 0x02, 0x00, 0x00, 0x02, 1 })]
    public void TryReadFrame_Partial_IsIncomplete(byte[] stream)
    {
        Assert.That(MsTurnTcpFraming.TryReadFrame(stream, out _, out _), Is.EqualTo(StunFrameStatus.Incomplete));
    }

    [TestCase(new byte[] { 0x00, 0x03, 0x00, 0x00 }, TestName = "TryReadFrame_RfcStunStart_IsInvalid")]
    [TestCase(new byte[] { 0x04, 0x00, 0x00, 0x01, 1 }, TestName = "TryReadFrame_UnknownType_IsInvalid")]
    [TestCase(new byte[] { 0x02, 0x01 }, TestName = "TryReadFrame_SecondByteNotZero_IsInvalid")]
    [TestCase(new byte[] { 0x03, 0x00, 0x00, 0x00 }, TestName = "TryReadFrame_ZeroLength_IsInvalid")]
    public void TryReadFrame_BrokenFraming_IsInvalid(byte[] stream)
    {
        Assert.That(MsTurnTcpFraming.TryReadFrame(stream, out _, out _), Is.EqualTo(StunFrameStatus.Invalid));
    }

    [TestCase(0)]
    [TestCase(65536)]
    public void WriteHeader_LengthOutOfRange_Throws(int length)
    {
        Assert.That(() => MsTurnTcpFraming.WriteHeader(new byte[4], MsTurnFrameType.Data, length), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void WriteThenRead_AnyPayload_RoundTrips()
    {
        Prop.ForAll(Bytes(1, 2000).ToArbitrary(), Gen.Elements(MsTurnFrameType.Control, MsTurnFrameType.Data).ToArbitrary(), (payload, type) =>
        {
            var frame = new byte[MsTurnTcpFraming.HeaderLength + payload.Length];
            MsTurnTcpFraming.WriteHeader(frame, type, payload.Length);
            payload.CopyTo(frame.AsSpan(MsTurnTcpFraming.HeaderLength));
            var status = MsTurnTcpFraming.TryReadFrame(frame, out var readType, out var length);
            return status == StunFrameStatus.Complete && readType == type && length == frame.Length
                && frame.AsSpan(MsTurnTcpFraming.HeaderLength).SequenceEqual(payload);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(PropertyRuns));
    }

    [Test]
    public void TryReadFrame_RandomBytes_NeverThrowsAndNeverOverruns()
    {
        Prop.ForAll(Bytes(0, 64).ToArbitrary(), bytes =>
        {
            var status = MsTurnTcpFraming.TryReadFrame(bytes, out _, out var length);
            return status != StunFrameStatus.Complete || (length >= 5 && length <= bytes.Length);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(PropertyRuns));
    }

    [Test]
    public void FrameBuffer_FramesSplitAcrossReads_ComeOutWhole()
    {
        Prop.ForAll(Bytes(1, 300).ToArbitrary(), Gen.Choose(1, 50).ToArbitrary(), (payload, chunk) =>
        {
            var frame = new byte[MsTurnTcpFraming.HeaderLength + payload.Length];
            MsTurnTcpFraming.WriteHeader(frame, MsTurnFrameType.Data, payload.Length);
            payload.CopyTo(frame.AsSpan(MsTurnTcpFraming.HeaderLength));
            byte[] stream = [.. frame, .. frame];
            var buffer = new MsTurnFrameBuffer();
            var frames = new List<byte[]>();
            for (var offset = 0; offset < stream.Length; offset += chunk)
            {
                var part = stream.AsSpan(offset, Math.Min(chunk, stream.Length - offset));
                part.CopyTo(buffer.GetReadMemory().Span);
                buffer.Advance(part.Length);
                while (buffer.TryTakeFrame(out _, out var taken) == StunFrameStatus.Complete)
                {
                    frames.Add(taken.ToArray());
                }
            }

            return frames.Count == 2 && frames.TrueForAll(f => f.AsSpan().SequenceEqual(payload));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(PropertyRuns / 4));
    }
}
