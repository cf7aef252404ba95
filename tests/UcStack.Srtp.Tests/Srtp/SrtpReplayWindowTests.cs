using FsCheck;
using FsCheck.Fluent;

namespace UcStack.Srtp.Tests.Srtp;

[TestFixture]
public sealed class SrtpReplayWindowTests
{
    [Test]
    public void Check_BeforeAnyCommit_AcceptsAnything()
    {
        var window = new SrtpReplayWindow(64);

        Assert.That(window.Check(0), Is.EqualTo(SrtpStatus.Ok));
        Assert.That(window.Check(1UL << 47), Is.EqualTo(SrtpStatus.Ok));
    }

    [Test]
    public void Check_LeftEdgeOfWindow_IsInsideThenTooOld()
    {
        var window = new SrtpReplayWindow(100);
        window.Commit(1000);

        Assert.That(window.Check(901), Is.EqualTo(SrtpStatus.Ok));
        Assert.That(window.Check(900), Is.EqualTo(SrtpStatus.TooOld));
        Assert.That(window.Check(1000), Is.EqualTo(SrtpStatus.Replayed));
    }

    [Test]
    public void Commit_LargeJump_ForgetsOldMarks()
    {
        var window = new SrtpReplayWindow(128);
        window.Commit(5);
        window.Commit(5 + 256);

        Assert.That(window.Check(5 + 256 - 127), Is.EqualTo(SrtpStatus.Ok));
        Assert.That(window.Highest, Is.EqualTo(261UL));
    }

    [Test]
    public void CheckAndCommit_RandomIndices_MatchASetModel()
    {
        var gen =
            from size in Gen.Elements(64, 100, 128, 1000)
            from steps in Gen.ArrayOf(Gen.Choose(-300, 300), 300)
            select (Size: size, Steps: steps);

        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var window = new SrtpReplayWindow(c.Size);
            var seen = new HashSet<ulong>();
            ulong highest = 0;
            var started = false;
            var index = 100_000UL;
            foreach (var step in c.Steps)
            {
                index = (ulong)((long)index + step);
                var expected = !started || index > highest ? SrtpStatus.Ok
                    : highest - index >= (ulong)c.Size ? SrtpStatus.TooOld
                    : seen.Contains(index) ? SrtpStatus.Replayed : SrtpStatus.Ok;
                var actual = window.Check(index);
                if (actual != expected)
                {
                    return false.Label($"index {index}: {actual}, expected {expected}");
                }

                if (actual == SrtpStatus.Ok)
                {
                    window.Commit(index);
                    seen.Add(index);
                    highest = started ? Math.Max(highest, index) : index;
                    started = true;
                }
            }

            return true.ToProperty();
        }).QuickCheckThrowOnFailure();
    }
}
