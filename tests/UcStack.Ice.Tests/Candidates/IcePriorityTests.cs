using System.Net;
using FsCheck;
using FsCheck.Fluent;
using UcStack.Ice;

namespace UcStack.Ice.Tests.Candidates;

[TestFixture]
public sealed class IcePriorityTests
{
    [TestCase(IceCandidateType.Host, 126)]
    [TestCase(IceCandidateType.PeerReflexive, 110)]
    [TestCase(IceCandidateType.ServerReflexive, 100)]
    [TestCase(IceCandidateType.Relayed, 0)]
    public void TypePreference_Rfc8445Recommended(IceCandidateType type, int expected) =>
        Assert.That(IcePriority.TypePreference(type), Is.EqualTo(expected));

    [Test]
    public void ForCandidate_HostRtpMaxLocalPreference_Is2130706431()
    {
        // 2^24 * 126 + 2^8 * 65535 + (256 - 1)
        Assert.That(IcePriority.ForCandidate(IceCandidateType.Host, 65535, 1), Is.EqualTo(2130706431u));
        Assert.That(IcePriority.ForCandidate(IceCandidateType.Relayed, 0, 256), Is.EqualTo(0u));
        Assert.That(IcePriority.ForCandidate(IceCandidateType.ServerReflexive, 65535, 2), Is.EqualTo((100u << 24) + (65535u << 8) + 254));
    }

    [TestCase(-1, 0, 1)]
    [TestCase(127, 0, 1)]
    [TestCase(0, 65536, 1)]
    [TestCase(0, 0, 0)]
    [TestCase(0, 0, 257)]
    public void ForCandidate_OutOfRange_Throws(int type, int local, int component) =>
        Assert.That(() => IcePriority.ForCandidate(type, local, component), Throws.InstanceOf<ArgumentOutOfRangeException>());

    [Test]
    public void ForPair_Rfc8445Formula()
    {
        Assert.That(IcePriority.ForPair(10, 20), Is.EqualTo((10UL << 32) + 40));
        Assert.That(IcePriority.ForPair(20, 10), Is.EqualTo((10UL << 32) + 41));
    }

    [Test]
    public void Property_ForPair_IsOrderedByMinThenMaxAndBreaksTiesByRole()
    {
        var gen = from g in Gen.Choose(1, int.MaxValue) from d in Gen.Choose(1, int.MaxValue) select ((uint)g, (uint)d);
        Prop.ForAll(gen.ToArbitrary(), pair =>
        {
            var (g, d) = pair;
            var forward = IcePriority.ForPair(g, d);
            var backward = IcePriority.ForPair(d, g);
            // Swapping roles changes only the last bit, and only when the priorities differ.
            return g == d ? forward == backward : (forward ^ backward) == 1 && (forward > backward) == (g > d);
        }).QuickCheckThrowOnFailure();
    }

    [TestCase(IceCandidateType.Host, IceTcpType.Active, 6)]
    [TestCase(IceCandidateType.Host, IceTcpType.Passive, 4)]
    [TestCase(IceCandidateType.Host, IceTcpType.SimultaneousOpen, 2)]
    [TestCase(IceCandidateType.ServerReflexive, IceTcpType.SimultaneousOpen, 6)]
    [TestCase(IceCandidateType.ServerReflexive, IceTcpType.Active, 4)]
    [TestCase(IceCandidateType.PeerReflexive, IceTcpType.Passive, 2)]
    public void TcpLocalPreference_Rfc6544DirectionPreference(IceCandidateType type, IceTcpType tcpType, int direction) =>
        Assert.That(IcePriority.TcpLocalPreference(type, tcpType, 7), Is.EqualTo((direction << 13) + 7));

    [Test]
    public void LocalPreferences_DualStack_InterleavesFamiliesIpv6First()
    {
        var addresses = new[]
        {
            IPAddress.Parse("10.0.0.1"), IPAddress.Parse("10.0.0.2"), IPAddress.Parse("10.0.0.3"),
            IPAddress.Parse("2001:db8::1"), IPAddress.Parse("2001:db8::2"),
        };

        var preferences = IcePriority.LocalPreferences(addresses);

        // Ranks: v6#0=0, v4#0=1, v6#1=2, v4#1=3, v4#2=4.
        Assert.That(preferences, Is.EqualTo(new[] { 65534, 65532, 65531, 65535, 65533 }));
    }

    [Test]
    public void Property_LocalPreferences_AreDistinct()
    {
        var gen = Gen.ListOf(CandidateGenerators.Addresses());
        Prop.ForAll(gen.ToArbitrary(), addresses =>
        {
            var preferences = IcePriority.LocalPreferences([.. addresses]);
            return preferences.Distinct().Count() == preferences.Length && preferences.All(p => p is >= 0 and <= 65535);
        }).QuickCheckThrowOnFailure();
    }
}
