using UcStack.Sip.Transactions;

namespace UcStack.Sip.Tests.Transactions;

[TestFixture]
public sealed class SipTimerOptionsTests
{
    [Test]
    public void Default_MatchesRfc3261Table4()
    {
        var o = SipTimerOptions.Default;
        Assert.That(o.T1, Is.EqualTo(TimeSpan.FromMilliseconds(500)));
        Assert.That(o.T2, Is.EqualTo(TimeSpan.FromSeconds(4)));
        Assert.That(o.T4, Is.EqualTo(TimeSpan.FromSeconds(5)));
        Assert.That(o.TimerDUnreliable, Is.EqualTo(TimeSpan.FromSeconds(32)));
        Assert.That(o.SixtyFourT1, Is.EqualTo(TimeSpan.FromSeconds(32)));
    }

    [Test]
    public void Validate_BadValues_Throw()
    {
        Assert.That(() => new SipTimerOptions { T1 = TimeSpan.Zero }.Validate(), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => new SipTimerOptions { T2 = TimeSpan.FromMilliseconds(100) }.Validate(), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => new SipTimerOptions { T4 = TimeSpan.FromSeconds(-1) }.Validate(), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
