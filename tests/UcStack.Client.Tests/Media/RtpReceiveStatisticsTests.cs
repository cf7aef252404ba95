using FsCheck;
using FsCheck.Fluent;
using UcStack.Client.Media;

namespace UcStack.Client.Tests.Media;

[TestFixture]
public sealed class RtpReceiveStatisticsTests
{
    private const uint Rate = 8000;

    private static RtpReceiveStatistics Feed(IEnumerable<(int Seq, long Arrival)> packets, int firstSeq = 1000)
    {
        var stats = new RtpReceiveStatistics(Rate);
        foreach (var (seq, arrival) in packets)
        {
            var offset = seq - firstSeq;
            stats.Update((ushort)seq, (uint)(5000 + (offset * 160)), arrival);
        }

        return stats;
    }

    [Test]
    public void Update_PerfectStream_NoLossNoJitter()
    {
        var stats = Feed(Enumerable.Range(1000, 100).Select(s => (s, (long)((s - 1000) * 160))));

        Assert.That(stats.Received, Is.EqualTo(100));
        Assert.That(stats.Expected, Is.EqualTo(100));
        Assert.That(stats.Lost, Is.Zero);
        Assert.That(stats.Jitter, Is.Zero);
    }

    [Test]
    public void Update_GapsInSequence_CountAsLost()
    {
        var seqs = Enumerable.Range(1000, 100).Where(s => s % 10 != 3).ToList();
        var stats = Feed(seqs.Select(s => (s, (long)((s - 1000) * 160))));

        Assert.That(stats.Expected, Is.EqualTo(100));
        Assert.That(stats.Lost, Is.EqualTo(10));
        var block = stats.CreateReportBlock(0x1234);
        Assert.That(block.CumulativeLost, Is.EqualTo(10));
        Assert.That(block.FractionLost, Is.EqualTo(25), "10 of 100 is 25.6/256, truncated (RFC 3550 A.3)");
    }

    [Test]
    public void CreateReportBlock_SecondInterval_CountsOnlyItsOwnLoss()
    {
        var stats = new RtpReceiveStatistics(Rate);
        for (var s = 0; s < 50; s++) stats.Update((ushort)s, (uint)(s * 160), s * 160);
        Assert.That(stats.CreateReportBlock(1).FractionLost, Is.Zero);
        for (var s = 50; s < 100; s += 2) stats.Update((ushort)s, (uint)(s * 160), s * 160);

        var block = stats.CreateReportBlock(1);

        Assert.That(block.FractionLost, Is.EqualTo(125), "24 lost of 49 expected since the last report");
        Assert.That(block.CumulativeLost, Is.EqualTo(24));
    }

    [Test]
    public void Update_SequenceWraps_ExtendsWithACycle()
    {
        var seqs = Enumerable.Range(65_500, 100).ToList();
        var stats = new RtpReceiveStatistics(Rate);
        for (var i = 0; i < seqs.Count; i++) stats.Update((ushort)seqs[i], (uint)(i * 160), i * 160);

        Assert.That(stats.ExtendedHighestSequence, Is.EqualTo((uint)(65_500 + 99)));
        Assert.That(stats.Lost, Is.Zero);
    }

    [Test]
    public void Update_Duplicate_CountedAsReceivedSoLossGoesNegative()
    {
        var stats = Feed([(1000, 0), (1001, 160), (1001, 170), (1002, 320)]);

        Assert.That(stats.Received, Is.EqualTo(4));
        Assert.That(stats.Lost, Is.EqualTo(-1), "RFC 3550 §6.4.1: duplicates can make the cumulative loss negative");
        Assert.That(stats.CreateReportBlock(7).FractionLost, Is.Zero);
    }

    [Test]
    public void Update_HugeJump_HeldBackUntilConfirmed()
    {
        var stats = Feed([(1000, 0), (1001, 160)]);

        Assert.That(stats.Update(40_000, 999_999, 320), Is.False, "one packet far away is not believed");
        Assert.That(stats.Received, Is.EqualTo(2));
        Assert.That(stats.Update(40_001, 1_000_159, 480), Is.True, "the next in line confirms the restart");
        Assert.That(stats.Received, Is.EqualTo(1));
        Assert.That(stats.Expected, Is.EqualTo(1));
    }

    [Test]
    public void Update_ConstantTransitDelay_GivesZeroJitter()
    {
        var stats = Feed(Enumerable.Range(1000, 50).Select(s => (s, 123_456L + ((s - 1000) * 160))));

        Assert.That(stats.Jitter, Is.Zero);
    }

    [Test]
    public void Update_AlternatingDelay_ConvergesToTheDelayStep()
    {
        // Arrivals alternate 0 and 80 units (10 ms) late: |D| is 80 each time, so J converges to 80 (A.8).
        var stats = Feed(Enumerable.Range(1000, 400).Select(s => (s, ((s - 1000) * 160L) + (s % 2 == 0 ? 0 : 80))));

        Assert.That(stats.Jitter, Is.EqualTo(80).Within(0.5));
        Assert.That(stats.JitterMilliseconds, Is.EqualTo(10).Within(0.1));
        Assert.That(stats.CreateReportBlock(1).Jitter, Is.EqualTo(79).Or.EqualTo(80));
    }

    [Test]
    public void Update_AnyLossPattern_LostIsExpectedMinusDelivered()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<bool[]>(), ArbMap.Default.ArbFor<ushort>(), (dropped, start) =>
        {
            var stats = new RtpReceiveStatistics(Rate);
            var first = -1;
            var last = -1;
            var delivered = 0;
            for (var i = 0; i < dropped.Length; i++)
            {
                if (dropped[i]) continue;
                if (first < 0) first = i;
                last = i;
                delivered++;
                stats.Update((ushort)(start + i), (uint)(i * 160), i * 160);
            }

            var expected = first < 0 ? 0 : last - first + 1;
            return stats.Received == delivered && stats.Expected == expected && stats.Lost == expected - delivered;
        }).QuickCheckThrowOnFailure();
    }
}
