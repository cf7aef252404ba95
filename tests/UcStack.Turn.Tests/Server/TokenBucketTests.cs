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
}
