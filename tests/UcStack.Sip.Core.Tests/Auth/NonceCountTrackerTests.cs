namespace UcStack.Sip.Tests.Auth;

[TestFixture]
public sealed class NonceCountTrackerTests
{
    private static NonceCountTracker.Outcome Use(NonceCountTracker t, string nonce, uint nc, long issuedAt = 10) =>
        t.Commit(nonce, issuedAt, nc, expiredBefore: 0);

    [Test]
    public void Commit_SameCountTwice_SecondReplayed()
    {
        var t = new NonceCountTracker(4);
        Assert.That(Use(t, "n", 1), Is.EqualTo(NonceCountTracker.Outcome.Fresh));
        Assert.That(t.Check("n", 10, 1), Is.EqualTo(NonceCountTracker.Outcome.Replayed));
        Assert.That(Use(t, "n", 1), Is.EqualTo(NonceCountTracker.Outcome.Replayed));
    }

    [Test]
    public void Commit_CountsBehindHighest_AcceptedOnceInsideWindowRefusedOutside()
    {
        var t = new NonceCountTracker(4);
        Assert.That(Use(t, "n", 100), Is.EqualTo(NonceCountTracker.Outcome.Fresh));
        Assert.That(Use(t, "n", 100 - NonceCountTracker.WindowSize + 1), Is.EqualTo(NonceCountTracker.Outcome.Fresh));
        Assert.That(Use(t, "n", 100 - NonceCountTracker.WindowSize + 1), Is.EqualTo(NonceCountTracker.Outcome.Replayed));
        Assert.That(Use(t, "n", 100 - NonceCountTracker.WindowSize), Is.EqualTo(NonceCountTracker.Outcome.Replayed));
    }

    [Test]
    public void Commit_LargeJump_ForgetsOldBitsButStillRefusesOldCounts()
    {
        var t = new NonceCountTracker(4);
        Use(t, "n", 1);
        Assert.That(Use(t, "n", 1000), Is.EqualTo(NonceCountTracker.Outcome.Fresh));
        Assert.That(Use(t, "n", 999), Is.EqualTo(NonceCountTracker.Outcome.Fresh));
        Assert.That(Use(t, "n", 1), Is.EqualTo(NonceCountTracker.Outcome.Replayed));
    }

    [Test]
    public void Commit_OverCapacity_KeepsCountBoundedAndReportsEvicted()
    {
        var t = new NonceCountTracker(3);
        for (var i = 0; i < 10; i++) Use(t, $"n{i}", 1, issuedAt: i);
        Assert.That(t.Count, Is.EqualTo(3));
        Assert.That(t.Check("n0", 0, 1), Is.EqualTo(NonceCountTracker.Outcome.Evicted));
        Assert.That(t.Check("never-used-but-old", 5, 1), Is.EqualTo(NonceCountTracker.Outcome.Evicted));
        Assert.That(t.Check("new", 11, 1), Is.EqualTo(NonceCountTracker.Outcome.Fresh));
    }

    [Test]
    public void Commit_ExpiredEntries_DroppedWithoutRaisingWatermark()
    {
        var t = new NonceCountTracker(100);
        Use(t, "old", 1, issuedAt: 1);
        t.Commit("fresh", 50, 1, expiredBefore: 10);
        Assert.That(t.Count, Is.EqualTo(1));
        // Not tracked any more, but the authenticator's age check refuses it before the tracker is asked.
        Assert.That(t.Check("old", 1, 1), Is.EqualTo(NonceCountTracker.Outcome.Fresh));
    }
}
