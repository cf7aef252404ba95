using System.Text;
using FsCheck;
using FsCheck.Fluent;
using UcStack.Sip.UserAgent;

namespace UcStack.Faults.Tests.Sip;

/// <summary>The fixed-seed call scenario, over seeds FsCheck draws afresh on every run: whatever the seed, a call
/// through 10 % loss, 20 % duplication and reordering is set up, ended, and leaves nothing behind.</summary>
[TestFixture]
public sealed class SipCallSeedPropertyTests
{
    private static readonly byte[] Offer = Encoding.ASCII.GetBytes("v=0\r\n");

    [Test]
    public void Property_AnySeed_CallThroughLossCompletesWithoutLeaks() =>
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(6),
            Prop.ForAll(Gen.Choose(1, int.MaxValue).ToArbitrary(), seed => RunCallAsync(seed).GetAwaiter().GetResult()));

    private static async Task RunCallAsync(int seed)
    {
        await using var net = new SipFaultHarness(seed, SipFaultHarness.Rough(0.1));
        var alice = net.Add("alice", "10.0.0.1");
        var bob = net.Add("bob", "10.0.0.2");
        SipCall? bobCall = null;
        new SipUserAgent(bob).IncomingCall = async call =>
        {
            bobCall = call;
            await call.AcceptAsync(Offer, "application/sdp");
        };

        var call = await new SipUserAgent(alice).StartCallAsync(SipFaultHarness.UriOf(bob, "bob"), Offer, "application/sdp").WaitAsync(SipFaultHarness.Bound);
        Assert.That(await net.RunUntilAsync(() => call.Established.IsCompleted && bobCall?.Established.IsCompleted == true, TimeSpan.FromSeconds(40)), Is.True, $"seed {seed}: not established");
        var hangUp = call.HangUpAsync();
        Assert.That(await net.RunUntilAsync(() => hangUp.IsCompleted && bobCall!.Ended.IsCompleted, TimeSpan.FromSeconds(40)), Is.True, $"seed {seed}: not ended");
        await hangUp;
        Assert.That((await bobCall!.Ended).Reason, Is.EqualTo(SipCallEndReason.RemoteHangUp));
        await net.AssertNoLeaksAsync(alice, bob);
    }
}
