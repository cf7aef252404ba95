using UcStack.Turn.Server;

namespace UcStack.Turn.Tests.Server;

[TestFixture]
public sealed class TokenBucketTests
{
    [Test]
    public void TryTake_BurstOfOneSecond_ThenRefillsWithTime()
    {
        var bucket = new TokenBucket(1000, timestampFrequency: 1000, now: 0);
        Assert.That(bucket.TryTake(1000, 0), Is.True);
        Assert.That(bucket.TryTake(1, 0), Is.False);
        Assert.That(bucket.TryTake(500, 499), Is.False);
        Assert.That(bucket.TryTake(500, 500), Is.True);
    }

    [Test]
    public void TryTake_LongIdle_DoesNotBankMoreThanOneSecond()
    {
        var bucket = new TokenBucket(1000, timestampFrequency: 1000, now: 0);
        Assert.That(bucket.TryTake(1000, 100_000), Is.True);
        Assert.That(bucket.TryTake(1, 100_000), Is.False);
    }

    [Test]
    public void TryTakeWithWait_Short_ReportsTheTimeUntilEnoughAndTakesNothing()
    {
        var bucket = new TokenBucket(1000, timestampFrequency: 1000, now: 0);
        Assert.That(bucket.TryTake(800, 0, out var none), Is.True);
        Assert.That(none, Is.Zero);

        Assert.That(bucket.TryTake(500, 0, out var wait), Is.False);
        Assert.That(wait, Is.EqualTo(300), "200 left, 300 more at 1 per tick");
        Assert.That(bucket.TryTake(500, wait, out var again), Is.True, "nothing was taken by the refused call");
        Assert.That(again, Is.Zero);
    }

    [Test]
    public void TryTakeWithWait_MoreThanCapacity_WaitsOnlyForAFullBucket()
    {
        var bucket = new TokenBucket(100, timestampFrequency: 1000, now: 0);
        bucket.TryTake(100, 0);

        Assert.That(bucket.TryTake(5000, 0, out var wait), Is.False);
        Assert.That(wait, Is.EqualTo(1000));
    }
}
