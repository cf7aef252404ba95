using System.Text;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;
using UcStack.Sip.UserAgent;

namespace UcStack.Faults.Tests.Sip;

/// <summary>Calls (INVITE transactions and dialogs, RFC 3261 §13–§17) through loss, duplication, reordering,
/// partitions and a peer restart. Outcomes are those documented in docs/faults.md §SIP.</summary>
[TestFixture]
public sealed class SipCallFaultTests
{
    private static readonly byte[] Offer = Encoding.ASCII.GetBytes("v=0\r\n");
    private SipFaultHarness _net = null!;
    private SipEndpoint _alice = null!;
    private SipEndpoint _bob = null!;
    private SipUserAgent _aliceAgent = null!;
    private SipUserAgent _bobAgent = null!;
    private SipCall? _bobCall;

    private void SetUp(int seed, SipLinkConditions link)
    {
        _net = new SipFaultHarness(seed, link);
        _alice = _net.Add("alice", "10.0.0.1");
        _bob = _net.Add("bob", "10.0.0.2");
        _aliceAgent = new SipUserAgent(_alice);
        _bobAgent = new SipUserAgent(_bob);
        _bobCall = null;
        AnswerCalls(_bobAgent);
    }

    private void AnswerCalls(SipUserAgent agent) => agent.IncomingCall = async call =>
    {
        _bobCall = call;
        await call.RingAsync();
        await call.AcceptAsync(Offer, "application/sdp");
    };

    [TearDown]
    public async Task TearDown()
    {
        if (_net is not null) await _net.DisposeAsync();
        _net = null!;
    }

    private async Task<SipCall> EstablishAsync()
    {
        var call = await _aliceAgent.StartCallAsync(SipFaultHarness.UriOf(_bob, "bob"), Offer, "application/sdp").WaitAsync(SipFaultHarness.Bound);
        var up = await _net.RunUntilAsync(() => call.Established.IsCompleted && _bobCall?.Established.IsCompleted == true, TimeSpan.FromSeconds(40));
        Assert.That(up, Is.True, "the call was not established within 40 s");
        await call.Established.WaitAsync(SipFaultHarness.Bound);
        await _bobCall!.Established.WaitAsync(SipFaultHarness.Bound);
        return call;
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    [TestCase(5)]
    public async Task Call_ThirtyPercentLossDuplicationReordering_EstablishesAndEndsCleanly(int seed)
    {
        SetUp(seed, SipFaultHarness.Rough(0.3));
        var call = await EstablishAsync();

        // RFC 3261 §17.1.1.2 and §13.3.1.4: what was lost was retransmitted (INVITE by timer A, 2xx by the UAS core).
        Assert.That(_net.Count(SipInMemoryTraceKind.Lost, "") + _net.Count(SipInMemoryTraceKind.Duplicated, ""), Is.Positive, "the link did nothing");

        var hangUp = call.HangUpAsync();
        var done = await _net.RunUntilAsync(() => hangUp.IsCompleted && _bobCall!.Ended.IsCompleted, TimeSpan.FromSeconds(40));
        Assert.That(done, Is.True, "the BYE did not complete within 40 s");
        await hangUp.WaitAsync(SipFaultHarness.Bound);
        Assert.That((await call.Ended).Reason, Is.EqualTo(SipCallEndReason.LocalHangUp));
        Assert.That((await _bobCall!.Ended).Reason, Is.EqualTo(SipCallEndReason.RemoteHangUp));
        await _net.AssertNoLeaksAsync(_alice, _bob);
    }

    [Test]
    public async Task Invite_PartitionLongerThan64T1_CallEndsWithTimeout408()
    {
        SetUp(7, SipFaultHarness.Rough(0));
        _net.Cut(_alice, _bob);
        var call = await _aliceAgent.StartCallAsync(SipFaultHarness.UriOf(_bob, "bob"), Offer, "application/sdp").WaitAsync(SipFaultHarness.Bound);

        // RFC 3261 §17.1.1.2: timer B = 64*T1 = 32 s; §8.1.3.1: the TU treats it as 408.
        Assert.That(await _net.RunUntilAsync(() => call.Ended.IsCompleted, TimeSpan.FromSeconds(31.9), stepMs: 100), Is.False, "ended before timer B");
        Assert.That(await _net.RunUntilAsync(() => call.Ended.IsCompleted, TimeSpan.FromSeconds(1), stepMs: 100), Is.True, "not ended at timer B");
        Assert.That(await call.Ended, Is.EqualTo(new SipCallEnd(SipCallEndReason.Timeout, 408)));
        Assert.That(async () => await call.Established, Throws.InstanceOf<SipRequestTimeoutException>());
        Assert.That(_net.Count(SipInMemoryTraceKind.Sent, "INVITE "), Is.EqualTo(7), "timer A doubles: 0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s");
        _net.Heal(_alice, _bob);
        await _net.AssertNoLeaksAsync(_alice, _bob);
        Assert.That(_bobCall, Is.Null, "bob never heard of it");
    }

    [Test]
    public async Task Message_PartitionLongerThan64T1_ReportsRequestTimeout()
    {
        SetUp(8, SipFaultHarness.Rough(0));
        _net.Cut(_alice, _bob);
        var message = _aliceAgent.SendMessageAsync(SipFaultHarness.UriOf(_bob, "bob"), Encoding.UTF8.GetBytes("hi"));
        Assert.That(await _net.RunUntilAsync(() => message.IsCompleted, TimeSpan.FromSeconds(33), stepMs: 100), Is.True);
        Assert.That(async () => await message, Throws.InstanceOf<SipRequestTimeoutException>(), "RFC 3261 §17.1.2.2: timer F → 408 to the TU");
        _net.Heal(_alice, _bob);
        await _net.AssertNoLeaksAsync(_alice, _bob);
    }

    [Test]
    public async Task Bye_InPartition_CallEndsLocallyAndHangUpReportsTimeout()
    {
        SetUp(9, SipFaultHarness.Rough(0));
        var call = await EstablishAsync();
        await _net.RunAsync(TimeSpan.FromSeconds(1));
        _net.Cut(_alice, _bob);

        var hangUp = call.HangUpAsync();
        await _net.SettleAsync();

        // RFC 3261 §15.1.1: the session is over for the caller as soon as the BYE is sent.
        Assert.That(call.Ended.IsCompleted, Is.True);
        Assert.That((await call.Ended).Reason, Is.EqualTo(SipCallEndReason.LocalHangUp));
        Assert.That(await _net.RunUntilAsync(() => hangUp.IsCompleted, TimeSpan.FromSeconds(33), stepMs: 100), Is.True);
        Assert.That(async () => await hangUp, Throws.InstanceOf<SipRequestTimeoutException>(), "the BYE's failure is reported");
        Assert.That(_bobCall!.Ended.IsCompleted, Is.False, "bob heard nothing during the partition");

        // Bob's side learns when its own in-dialog request fails: 481 from alice, who forgot the dialog.
        _net.Heal(_alice, _bob);
        var info = _bobCall.SendInfoAsync(Encoding.ASCII.GetBytes("ping"), "text/plain");
        Assert.That(await _net.RunUntilAsync(() => info.IsCompleted && _bobCall.Ended.IsCompleted, TimeSpan.FromSeconds(33)), Is.True);
        Assert.That((await info).StatusCode, Is.EqualTo(481));
        Assert.That((await _bobCall.Ended).Reason, Is.EqualTo(SipCallEndReason.DialogLost), "RFC 3261 §12.2.1.2: 481 ends the dialog");
        await _net.AssertNoLeaksAsync(_alice, _bob);
    }

    [Test]
    public async Task PeerRestart_MidDialog_InDialogRequestGets481AndCallEnds()
    {
        SetUp(10, SipFaultHarness.Rough(0.1));
        var call = await EstablishAsync();
        await _net.RunAsync(TimeSpan.FromSeconds(1));
        var bobBefore = _bobCall!;

        // Bob's machine crashes and comes back on the same address with no memory of the call.
        _bob = await _net.RestartAsync(_bob);
        _bobAgent = new SipUserAgent(_bob);
        AnswerCalls(_bobAgent);
        Assert.That((await bobBefore.Ended.WaitAsync(SipFaultHarness.Bound)).Reason, Is.EqualTo(SipCallEndReason.Disposed));

        var info = call.SendInfoAsync(Encoding.ASCII.GetBytes("ping"), "text/plain");
        Assert.That(await _net.RunUntilAsync(() => info.IsCompleted && call.Ended.IsCompleted, TimeSpan.FromSeconds(33)), Is.True);

        // RFC 3261 §12.2.2: a request for an unknown dialog gets 481; §12.2.1.2: the UAC ends the dialog.
        Assert.That((await info).StatusCode, Is.EqualTo(481));
        Assert.That((await call.Ended).Reason, Is.EqualTo(SipCallEndReason.DialogLost));
        Assert.That(_bobCall, Is.SameAs(bobBefore), "the new bob saw no call");
        await _net.AssertNoLeaksAsync(_alice, _bob);
    }
}
