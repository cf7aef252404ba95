using System.Net;
using FsCheck;
using FsCheck.Fluent;
using UcStack.Ice.Tests.Simulation;
using UcStack.Stun;

namespace UcStack.Ice.Tests.Agent;

/// <summary>Whatever arrives on an agent's socket, the agent never throws and keeps working.</summary>
[TestFixture]
public sealed class IceAgentFuzzTests
{
    // CI size; run once locally with 100_000 after changing the receive path (the working agreement).
    private static readonly Config Checks = Config.QuickThrowOnFailure.WithMaxTest(300);

    [Test]
    public async Task Property_RandomAndMutatedDatagrams_NeverThrowAndTheAgentStillConnects()
    {
        await using var harness = new IcePairHarness(null, null);
        harness.Network.Captured = [];
        harness.Start();
        Assert.That(harness.RunUntilSettled(TimeSpan.FromSeconds(60)), Is.True);
        var samples = harness.Network.Captured.Where(d => d.Length > 0 && d[0] < 4).ToArray();
        Assert.That(samples, Is.Not.Empty);
        var handler = harness.HostA.Sockets[0].Receive!;
        var source = harness.A.GetSelectedPair(1)!.Remote.EndPoint;

        var random = Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)).Select(bytes => bytes.Length > 0 ? bytes : [0]);
        var mutated = from sample in Gen.Elements(samples)
                      from position in Gen.Choose(0, 10_000)
                      from value in Gen.Choose(0, 255)
                      from truncate in Gen.Elements(false, false, true)
                      let copy = (byte[])sample.Clone()
                      let index = position % copy.Length
                      select Mutate(copy, index, (byte)value, truncate);
        Prop.ForAll(Gen.OneOf(random, mutated).ToArbitrary(), datagram =>
        {
            handler(datagram, source);
            handler(datagram, new IPEndPoint(IPAddress.Parse("203.0.113.77"), 999));
            return true;
        }).Check(Checks);

        harness.RunUntil(() => false, TimeSpan.FromSeconds(2));
        Assert.That(harness.A.State, Is.EqualTo(IceAgentState.Completed));
        NatMatrixTests.AssertDatagramsFlow(harness);
    }

    private static byte[] Mutate(byte[] copy, int index, byte value, bool truncate)
    {
        copy[index] = value;
        return truncate ? copy[..index] is { Length: > 0 } shorter ? shorter : copy : copy;
    }
}
