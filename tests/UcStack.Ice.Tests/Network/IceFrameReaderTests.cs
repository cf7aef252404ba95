using FsCheck;
using FsCheck.Fluent;

namespace UcStack.Ice.Tests.Network;

/// <summary>RFC 4571 §2 framing over TCP: reassembly from arbitrary chunking, bounds, and the writer.</summary>
[TestFixture]
public sealed class IceFrameReaderTests
{
    private static readonly Config Checks = Config.QuickThrowOnFailure.WithMaxTest(500);

    [Test]
    public void Feed_TwoFramesInOneChunk_DeliversBothInOrder()
    {
        var frames = Read([[0, 2, 0xAA, 0xBB, 0, 1, 0xCC]]);

        Assert.That(frames, Is.EqualTo(new[] { new byte[] { 0xAA, 0xBB }, [0xCC] }));
    }

    [Test]
    public void Feed_LengthSplitAcrossChunks_Reassembles()
    {
        var frames = Read([[0], [3, 1], [2], [3, 0]]);

        Assert.That(frames, Has.Count.EqualTo(1));
        Assert.That(frames[0], Is.EqualTo(new byte[] { 1, 2, 3 }));
    }

    [Test]
    public void Feed_EmptyFrame_IsCountedButNotDelivered()
    {
        var reader = new IceFrameReader();
        var delivered = 0;
        reader.Feed([0, 0, 0, 1, 7], _ => delivered++);

        Assert.That(reader.FrameCount, Is.EqualTo(2));
        Assert.That(delivered, Is.EqualTo(1));
    }

    [Test]
    public void Feed_MaximumFrameByteByByte_Reassembles()
    {
        var payload = new byte[IceFrameReader.MaxFrameLength];
        Random.Shared.NextBytes(payload);
        var frame = new byte[payload.Length + 2];
        Assert.That(IceFrameReader.WriteFrame(payload, frame), Is.EqualTo(frame.Length));
        var reader = new IceFrameReader();
        byte[]? result = null;
        foreach (var b in frame)
        {
            reader.Feed([b], f => result = f.ToArray());
        }

        Assert.That(result, Is.EqualTo(payload));
    }

    [Test]
    public void WriteFrame_PayloadOver65535OrShortDestination_ReturnsMinusOne()
    {
        Assert.That(IceFrameReader.WriteFrame(new byte[65536], new byte[70000]), Is.EqualTo(-1));
        Assert.That(IceFrameReader.WriteFrame(new byte[10], new byte[11]), Is.EqualTo(-1));
        Assert.That(IceFrameReader.WriteFrame([5], new byte[3]), Is.EqualTo(3));
    }

    [Test]
    public void Property_AnyChunkingOfWrittenFrames_ReadsTheSamePayloads()
    {
        Prop.ForAll(
            Gen.ListOf(Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>()).Where(a => a.Length > 0)).ToArbitrary(),
            ArbMap.Default.GeneratorFor<int>().ToArbitrary(),
            (payloads, seed) =>
            {
                var stream = new List<byte>();
                foreach (var payload in payloads)
                {
                    var frame = new byte[payload.Length + 2];
                    IceFrameReader.WriteFrame(payload, frame);
                    stream.AddRange(frame);
                }

                var random = new Random(seed);
                var chunks = new List<byte[]>();
                var bytes = stream.ToArray();
                for (var offset = 0; offset < bytes.Length;)
                {
                    var length = 1 + random.Next(Math.Min(bytes.Length - offset, 64));
                    chunks.Add(bytes[offset..(offset + length)]);
                    offset += length;
                }

                var read = Read(chunks);
                return read.Count == payloads.Count && read.Zip(payloads).All(p => p.First.AsSpan().SequenceEqual(p.Second));
            }).Check(Checks);
    }

    [Test]
    public void Property_RandomBytes_NeverThrowAndNeverDeliverMoreThanWasFed()
    {
        Prop.ForAll(
            Gen.ListOf(Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>())).ToArbitrary(),
            chunks =>
            {
                var total = chunks.Sum(c => c.Length);
                var delivered = Read(chunks).Sum(f => f.Length + 2);
                return delivered <= total;
            }).Check(Checks);
    }

    private static List<byte[]> Read(IEnumerable<byte[]> chunks)
    {
        var reader = new IceFrameReader();
        var frames = new List<byte[]>();
        foreach (var chunk in chunks)
        {
            reader.Feed(chunk, f => frames.Add(f.ToArray()));
        }

        return frames;
    }
}
