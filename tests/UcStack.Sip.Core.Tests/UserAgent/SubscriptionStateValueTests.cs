using FsCheck;
using FsCheck.Fluent;
using UcStack.Sip.UserAgent;

namespace UcStack.Sip.Tests.UserAgent;

[TestFixture]
public sealed class SubscriptionStateValueTests
{
    [TestCase("active;expires=600", SipSubscriptionState.Active, 600u, null)]
    [TestCase("Pending ; expires=5", SipSubscriptionState.Pending, 5u, null)]
    [TestCase("terminated;reason=noresource", SipSubscriptionState.Terminated, null, "noresource")]
    [TestCase("terminated;reason=timeout;retry-after=30", SipSubscriptionState.Terminated, null, "timeout")]
    public void TryParse_Rfc6665Values(string text, SipSubscriptionState state, uint? expires, string? reason)
    {
        Assert.That(SubscriptionStateValue.TryParse(text, out var value), Is.True);
        Assert.That(value, Is.EqualTo(new SubscriptionStateValue(state, expires, reason)));
    }

    [TestCase("")]
    [TestCase("waiting")]
    [TestCase("active;expires=-1")]
    [TestCase("active;expires=99999999999")]
    [TestCase(";")]
    public void TryParse_Invalid_ReturnsFalse(string text) =>
        Assert.That(SubscriptionStateValue.TryParse(text, out _), Is.False);

    [Test]
    public void FormatThenParse_RoundTrips()
    {
        var values = Gen.Elements(SipSubscriptionState.Active, SipSubscriptionState.Pending, SipSubscriptionState.Terminated)
            .SelectMany(state => ArbMap.Default.GeneratorFor<uint>().SelectMany(expires =>
                Gen.Elements<string?>(null, "noresource", "timeout", "rejected").Select(reason =>
                    state == SipSubscriptionState.Terminated
                        ? new SubscriptionStateValue(state, null, reason)
                        : new SubscriptionStateValue(state, expires, null))));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), Prop.ForAll(values.ToArbitrary(), v =>
            SubscriptionStateValue.TryParse(v.Format(), out var parsed) && parsed == v));
    }

    [Test]
    public void TryParse_RandomText_NeverThrows()
    {
        var alphabet = "activependingterminated;=expiresreason 0123456789-\t,\"".ToCharArray();
        var text = Gen.Elements(alphabet).ArrayOf().Select(c => new string(c));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), Prop.ForAll(text.ToArbitrary(), t =>
        {
            var ok = SubscriptionStateValue.TryParse(t, out var value);
            return ok || value == default;
        }));
    }
}
