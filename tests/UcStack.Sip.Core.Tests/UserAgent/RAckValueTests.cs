using FsCheck;
using FsCheck.Fluent;
using UcStack.Sip.UserAgent;

namespace UcStack.Sip.Tests.UserAgent;

[TestFixture]
public sealed class RAckValueTests
{
    [TestCase("776656 1 INVITE", 776656u, 1u, "INVITE")]
    [TestCase("  1\t 2  INVITE ", 1u, 2u, "INVITE")]
    [TestCase("4294967295 4294967295 INVITE", uint.MaxValue, uint.MaxValue, "INVITE")]
    public void TryParse_Rfc3262Values(string text, uint rseq, uint cseq, string method)
    {
        Assert.That(RAckValue.TryParse(text, out var value), Is.True);
        Assert.That(value, Is.EqualTo(new RAckValue(rseq, cseq, method)));
    }

    [TestCase("")]
    [TestCase("1 INVITE")]
    [TestCase("1 2 INVITE extra")]
    [TestCase("-1 2 INVITE")]
    [TestCase("1 4294967296 INVITE")]
    [TestCase("1 2 IN(VITE")]
    [TestCase("+1 2 INVITE")]
    public void TryParse_Invalid_ReturnsFalse(string text) =>
        Assert.That(RAckValue.TryParse(text, out _), Is.False);

    [Test]
    public void TryParse_TooLong_ReturnsFalse() =>
        Assert.That(RAckValue.TryParse("1 2 " + new string('A', RAckValue.MaxLength), out _), Is.False);

    [Test]
    public void FormatThenParse_RoundTrips()
    {
        var uints = ArbMap.Default.GeneratorFor<uint>();
        var values = uints.SelectMany(r => uints.SelectMany(c => Gen.Elements("INVITE", "UPDATE", "x-Custom.1").Select(m => new RAckValue(r, c, m))));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), Prop.ForAll(values.ToArbitrary(), v =>
            RAckValue.TryParse(v.Format(), out var parsed) && parsed == v));
    }

    [Test]
    public void TryParse_RandomText_NeverThrows()
    {
        var alphabet = "0123456789 \t-+INVITE()\"x\r\n".ToCharArray();
        var text = Gen.Elements(alphabet).ArrayOf().Select(c => new string(c));
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(2000), Prop.ForAll(text.ToArbitrary(), t =>
        {
            var ok = RAckValue.TryParse(t, out var value);
            return ok || value == default;
        }));
    }
}
