using System.Diagnostics;

namespace UcStack.Ice.Tests.Simulation;

/// <summary>Every pairing of RFC 4787 NAT behaviours (and no NAT): which kind of pair the agents select.</summary>
[TestFixture]
public sealed class NatMatrixTests
{
    private static readonly NatBehavior?[] Behaviors =
    [
        null,
        .. from mapping in Enum.GetValues<NatMapping>()
           from filtering in Enum.GetValues<NatFiltering>()
           select new NatBehavior(mapping, filtering),
    ];

    public static IEnumerable<TestCaseData> Cells() =>
        from a in Behaviors
        from b in Behaviors
        select new TestCaseData(Describe(a), Describe(b)).SetName($"Select_{Describe(a)}_vs_{Describe(b)}_Is{Expected(a, b)}");

    [TestCaseSource(nameof(Cells))]
    public async Task Select_NatCombination_SelectsExpectedPairType(string a, string b)
    {
        var natA = Parse(a);
        var natB = Parse(b);
        await using var harness = new IcePairHarness(natA, natB);
        harness.Start();

        var settled = harness.RunUntilSettled(TimeSpan.FromSeconds(120));

        Assert.That(settled, Is.True, "the agents did not settle within 120 simulated seconds");
        Assert.That(harness.A.State, Is.EqualTo(IceAgentState.Completed));
        Assert.That(harness.B.State, Is.EqualTo(IceAgentState.Completed));
        var pairA = harness.A.GetSelectedPair(1)!;
        var pairB = harness.B.GetSelectedPair(1)!;
        Assert.That(Classify(pairA), Is.EqualTo(Expected(natA, natB)), $"A selected {pairA}");
        Assert.That(Classify(pairB), Is.EqualTo(Expected(natA, natB)), $"B selected {pairB}");
        Assert.That(pairA.Local.EndPoint, Is.EqualTo(pairB.Remote.EndPoint).Or.Property("Address").EqualTo(pairB.Remote.EndPoint.Address));
        AssertDatagramsFlow(harness);
    }

    internal static void AssertDatagramsFlow(IcePairHarness harness)
    {
        var pathA = harness.A.GetDatagramPath(1);
        var pathB = harness.B.GetDatagramPath(1);
        byte[] rtp = [0x80, 0x00, 0x00, 0x01, 0xAA];
        Assert.That(pathA.TrySend(rtp), Is.True);
        Assert.That(pathB.TrySend([0x80, 0x01]), Is.True);
        var buffer = new byte[64];
        IceReceivedDatagram received = default;
        var arrived = harness.RunUntil(() => pathB.TryReceive(buffer, out received), TimeSpan.FromSeconds(2));
        Assert.That(arrived, Is.True, "A's datagram did not reach B");
        Assert.That(buffer.AsSpan(0, received.Length).ToArray(), Is.EqualTo(rtp));
        Assert.That(received.Kind, Is.EqualTo(IceDatagramKind.Rtp));
        Assert.That(harness.RunUntil(() => pathA.TryReceive(buffer, out received), TimeSpan.FromSeconds(2)), Is.True, "B's datagram did not reach A");
    }

    internal static string Classify(IceCandidatePair pair)
    {
        if (pair.Local.Type == IceCandidateType.Relayed || pair.Remote.Type == IceCandidateType.Relayed)
        {
            return "relay";
        }

        return pair.Local.Type == IceCandidateType.Host && pair.Remote.Type == IceCandidateType.Host ? "host" : "reflexive";
    }

    /// <summary>
    /// What should connect directly. Each side's packets to the peer leave from its srflx port only with
    /// endpoint-independent mapping; otherwise from a port the peer learns only by receiving the packet, which its
    /// filter must admit; and answers must come back from where the checks went (RFC 8445 §7.2.5.2.1).
    /// </summary>
    internal static string Expected(NatBehavior? a, NatBehavior? b)
    {
        if (a is null && b is null)
        {
            return "host";
        }

        return DirectWorks(a ?? NatBehavior.FullCone, b ?? NatBehavior.FullCone) ? "reflexive" : "relay";
    }

    private static bool DirectWorks(NatBehavior a, NatBehavior b)
    {
        var independentA = a.Mapping == NatMapping.EndpointIndependent;
        var independentB = b.Mapping == NatMapping.EndpointIndependent;
        if (independentA && independentB)
        {
            return true;
        }

        if (independentB)
        {
            return b.Filtering != NatFiltering.AddressAndPortDependent;
        }

        if (independentA)
        {
            return a.Filtering != NatFiltering.AddressAndPortDependent;
        }

        // Both mappings depend on the destination: the first packet must get in through the peer's srflx mapping
        // (endpoint-independent filtering there), and the reply must pass the sender's filter. Two
        // address-and-port-dependent mappings never settle on one port pair: every new port the peer learns makes
        // a new mapping.
        if (a.Mapping == NatMapping.AddressAndPortDependent && b.Mapping == NatMapping.AddressAndPortDependent)
        {
            return false;
        }

        return (b.Filtering == NatFiltering.EndpointIndependent && a.Filtering != NatFiltering.AddressAndPortDependent)
            || (a.Filtering == NatFiltering.EndpointIndependent && b.Filtering != NatFiltering.AddressAndPortDependent);
    }

    private static string Describe(NatBehavior? behavior) => behavior is null ? "Public" : $"{behavior.Mapping}Mapping{behavior.Filtering}Filtering";

    private static NatBehavior? Parse(string text)
    {
        if (text == "Public")
        {
            return null;
        }

        foreach (var behavior in Behaviors)
        {
            if (behavior is not null && Describe(behavior) == text)
            {
                return behavior;
            }
        }

        throw new UnreachableException(text);
    }
}
