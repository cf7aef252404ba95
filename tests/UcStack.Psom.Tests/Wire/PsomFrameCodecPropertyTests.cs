using System.Buffers;
using FsCheck;
using FsCheck.Fluent;

namespace UcStack.Psom.Tests.Wire;

[TestFixture]
public sealed class PsomFrameCodecPropertyTests
{
    // CI runs fresh seeds each time with the default; PSOM_FSCHECK_CASES=100000 is the local deep run
    // (done once for every property here; everything it found is fixed and pinned as a regression case).
    private static readonly int Cases = int.TryParse(Environment.GetEnvironmentVariable("PSOM_FSCHECK_CASES"), out var n) ? n : 500;

    [Test]
    public void Decode_EncodedMessage_RoundTripsEveryType()
    {
        Prop.ForAll(PsomGenerators.Messages.ToArbitrary(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (message, seq) =>
        {
            var bytes = PsomFrameCodec.Encode(message, (ulong)seq);
            var frame = PsomFrameCodec.Decode(bytes);
            Assert.That(frame.Sequence, Is.EqualTo((ulong)seq));
            Assert.That(frame.Message.Type, Is.EqualTo(message.Type));
            Assert.That(PsomMessageEquality.AreEqual(frame.Message, message), Is.True, message.ToString());
            Assert.That(PsomFrameCodec.Encode(frame.Message, (ulong)seq), Is.EqualTo(bytes));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(Cases));
    }

    [Test]
    public void Decode_AnySegmentation_GivesSameResult()
    {
        Prop.ForAll(PsomGenerators.Messages.ToArbitrary(), Gen.Choose(1, 40).ToArbitrary(), (message, chunk) =>
        {
            var bytes = PsomFrameCodec.Encode(message, 7);
            var sequence = Segments.Of(bytes, chunk);
            var status = PsomFrameCodec.TryDecode(sequence, PsomWireLimits.DefaultMaxFrameLength, out var frame, out var consumed, out _);
            Assert.That(status, Is.EqualTo(PsomDecodeStatus.Complete));
            Assert.That(sequence.Slice(consumed).Length, Is.Zero);
            Assert.That(PsomMessageEquality.AreEqual(frame.Message, message), Is.True);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(Cases));
    }

    [Test]
    public void TryDecode_EveryPrefix_IsIncompleteNotInvalid()
    {
        Prop.ForAll(PsomGenerators.Messages.ToArbitrary(), message =>
        {
            var bytes = PsomFrameCodec.Encode(message, 1);
            for (var length = 0; length < bytes.Length; length++)
            {
                var status = PsomFrameCodec.TryDecode(bytes.AsMemory(0, length), PsomWireLimits.DefaultMaxFrameLength, out _, out _, out _);
                Assert.That(status, Is.EqualTo(PsomDecodeStatus.Incomplete), $"prefix {length}");
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));
    }

    [Test]
    public void TryDecode_RandomBytes_NeverEscapesErrorType()
    {
        Prop.ForAll(PsomGenerators.Bytes(300).ToArbitrary(), bytes => DecodeOnlyReportsErrors(bytes))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(Cases));
    }

    [Test]
    public void TryDecode_RandomPayloadBehindValidHeader_NeverEscapesErrorType()
    {
        var gen = from type in Gen.Choose(1, 17)
                  from payload in PsomGenerators.Bytes(200)
                  select Frame((byte)type, payload);
        Prop.ForAll(gen.ToArbitrary(), bytes => DecodeOnlyReportsErrors(bytes))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(Cases));
    }

    [Test]
    public void TryDecode_MutatedFrames_NeverEscapeErrorType()
    {
        var gen = from message in PsomGenerators.Messages
                  from flips in Gen.Choose(1, 4)
                  from positions in Gen.Choose(0, int.MaxValue).ArrayOf(flips)
                  from values in Gen.Choose(0, 255).ArrayOf(flips)
                  select Mutate(PsomFrameCodec.Encode(message, 3), positions, values);
        Prop.ForAll(gen.ToArbitrary(), bytes => DecodeOnlyReportsErrors(bytes))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(Cases));
    }

    internal static byte[] Frame(byte type, byte[] payload)
    {
        var bytes = new byte[16 + payload.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)(bytes.Length - 4));
        bytes[4] = 1;
        bytes[5] = type;
        payload.CopyTo(bytes, 16);
        return bytes;
    }

    private static byte[] Mutate(byte[] bytes, int[] positions, int[] values)
    {
        // Keep the length prefix intact most of the time so the payload decoder is what gets exercised.
        for (var i = 0; i < positions.Length; i++)
        {
            var at = 4 + (positions[i] % Math.Max(1, bytes.Length - 4));
            bytes[at] = (byte)values[i];
        }

        return bytes;
    }

    private static void DecodeOnlyReportsErrors(byte[] bytes)
    {
        var status = PsomFrameCodec.TryDecode(bytes, PsomWireLimits.DefaultMaxFrameLength, out var frame, out var consumed, out var error);
        switch (status)
        {
            case PsomDecodeStatus.Complete:
                Assert.That(frame.Message, Is.Not.Null);
                Assert.That(consumed, Is.InRange(16, bytes.Length));
                break;
            case PsomDecodeStatus.Invalid:
                Assert.That(error.IsError, Is.True);
                Assert.That(error.Offset, Is.InRange(0, bytes.Length));
                break;
            default:
                Assert.That(consumed, Is.Zero);
                break;
        }

        var multi = Segments.Of(bytes, 3);
        var status2 = PsomFrameCodec.TryDecode(multi, PsomWireLimits.DefaultMaxFrameLength, out _, out _, out var error2);
        Assert.That(status2, Is.EqualTo(status));
        Assert.That(error2.Code, Is.EqualTo(error.Code));
    }
}
