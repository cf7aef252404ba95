using System.Text;
using UcStack.Sip.Dialogs;
using UcStack.Sip.Stack;
using UcStack.Sip.Tests.Stack;
using UcStack.Sip.Transport;
using UcStack.Sip.UserAgent;

namespace UcStack.Sip.Tests.UserAgent;

[TestFixture]
public sealed class SipCallTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly byte[] Offer = Encoding.ASCII.GetBytes("v=0\r\no=alice 1 1 IN IP4 192.0.2.1\r\n");
    private static readonly byte[] Answer = Encoding.ASCII.GetBytes("v=0\r\no=bob 2 2 IN IP4 192.0.2.2\r\n");
    private FakeSipNetwork _net = null!;
    private SipEndpoint _aliceEndpoint = null!;
    private SipEndpoint _bobEndpoint = null!;
    private SipUserAgent _alice = null!;
    private SipUserAgent _bob = null!;

    [SetUp]
    public void SetUp()
    {
        _net = new FakeSipNetwork();
        _aliceEndpoint = _net.AddEndpoint("alice");
        _bobEndpoint = _net.AddEndpoint("bob");
        _alice = new SipUserAgent(_aliceEndpoint);
        _bob = new SipUserAgent(_bobEndpoint);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _net.DisposeAsync();
        Assert.That(_net.Clock.LiveTimers, Is.Zero, "timers left after dispose");
    }

    private string BobUri => FakeSipNetwork.UriOf(_bobEndpoint, "bob");

    /// <summary>Bob's incoming calls, in order, with a handler that runs <paramref name="answer"/>.</summary>
    private TaskCompletionSource<SipCall> OnIncoming(Func<SipCall, Task>? answer = null)
    {
        var incoming = new TaskCompletionSource<SipCall>(TaskCreationOptions.RunContinuationsAsynchronously);
        _bob.IncomingCall = async call =>
        {
            incoming.TrySetResult(call);
            if (answer is not null) await answer(call);
        };
        return incoming;
    }

    private static async Task RingAndAccept(SipCall call)
    {
        await call.RingAsync();
        await call.AcceptAsync(Answer, "application/sdp");
    }

    private async Task<(SipCall Alice, SipCall Bob)> Establish()
    {
        var incoming = OnIncoming(RingAndAccept);
        var call = await _alice.StartCallAsync(BobUri, Offer, "application/sdp");
        await call.Established.WaitAsync(Bound);
        var bobCall = await incoming.Task.WaitAsync(Bound);
        await bobCall.Established.WaitAsync(Bound);
        await _net.SettleAsync();
        return (call, bobCall);
    }

    [Test]
    public async Task FullCall_InviteRingingOkAckBye()
    {
        var provisional = new TaskCompletionSource<SipProvisionalResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        var incoming = OnIncoming(RingAndAccept);
        var call = await _alice.StartCallAsync(BobUri, Offer, "application/sdp", progress: new Progress(p => provisional.TrySetResult(p)));
        await call.Established.WaitAsync(Bound);
        var bobCall = await incoming.Task.WaitAsync(Bound);
        await bobCall.Established.WaitAsync(Bound);

        Assert.That((await provisional.Task.WaitAsync(Bound)).StatusCode, Is.EqualTo(180));
        Assert.That(call.State, Is.EqualTo(SipCallState.Established));
        Assert.That(bobCall.State, Is.EqualTo(SipCallState.Established));
        Assert.That(call.RemoteBody.ToArray(), Is.EqualTo(Answer));
        Assert.That(call.RemoteContentType, Is.EqualTo("application/sdp"));
        Assert.That(bobCall.RemoteBody.ToArray(), Is.EqualTo(Offer));
        Assert.That(call.Dialog!.State, Is.EqualTo(SipDialogState.Confirmed));
        Assert.That(call.Dialog.RemoteTag, Is.EqualTo(bobCall.Dialog!.LocalTag));
        Assert.That(call.Dialog.LocalTag, Is.EqualTo(bobCall.Dialog.RemoteTag));
        Assert.That(call.Dialog.RemoteTarget.ToString(), Does.Contain("bob@192.0.2.2"));
        Assert.That(await _aliceEndpoint.GetDialogCountAsync(), Is.EqualTo(1));

        await call.HangUpAsync();
        Assert.That((await call.Ended.WaitAsync(Bound)).Reason, Is.EqualTo(SipCallEndReason.LocalHangUp));
        Assert.That((await bobCall.Ended.WaitAsync(Bound)).Reason, Is.EqualTo(SipCallEndReason.RemoteHangUp));
        await _net.SettleAsync();
        var methods = _net.Wire.Where(w => !w.Dropped).Select(w => w.IsRequest ? w.Method : $"{w.Status} {w.CSeqMethod}").ToArray();
        Assert.That(methods, Is.EqualTo(new[] { "INVITE", "100 INVITE", "180 INVITE", "200 INVITE", "ACK", "BYE", "200 BYE" }));
        Assert.That(await _aliceEndpoint.GetDialogCountAsync(), Is.Zero);
        Assert.That(await _bobEndpoint.GetDialogCountAsync(), Is.Zero);
    }

    [Test]
    public async Task Ack_ForTwoHundred_HasInviteCSeqNewBranchAndNoBody()
    {
        await Establish();
        using var invite = (SipRequest)_net.Requests("INVITE").Single().Parse();
        using var ack = (SipRequest)_net.Requests("ACK").Single().Parse();
        Assert.That(ack.CSeqNumber, Is.EqualTo(invite.CSeqNumber));
        Assert.That(ack.CSeqMethod, Is.EqualTo("ACK"));
        Assert.That(ack.TopViaBranch, Is.Not.EqualTo(invite.TopViaBranch).And.StartWith("z9hG4bK"));
        Assert.That(ack.ToTag, Is.Not.Null);
        Assert.That(ack.Body.Length, Is.Zero);
        Assert.That(ack.RequestUriText, Does.Contain("bob@192.0.2.2"));
    }

    [Test]
    public async Task Callee_HangsUp_CallerSeesRemoteHangUp()
    {
        var (alice, bob) = await Establish();
        await bob.HangUpAsync();
        Assert.That((await alice.Ended.WaitAsync(Bound)).Reason, Is.EqualTo(SipCallEndReason.RemoteHangUp));
        Assert.That((await bob.Ended.WaitAsync(Bound)).Reason, Is.EqualTo(SipCallEndReason.LocalHangUp));
        await _net.SettleAsync();
        using var bye = (SipRequest)_net.Requests("BYE").Single().Parse();
        Assert.That(bye.CSeqNumber, Is.EqualTo(1u), "the UAS's first request starts its local sequence");
    }

    [Test]
    public async Task LostAck_TwoHundredIsRetransmittedAndAckedAgain()
    {
        var acks = 0;
        _net.Drop = w => w.Method == "ACK" && Interlocked.Increment(ref acks) == 1;
        var incoming = OnIncoming(RingAndAccept);
        var call = await _alice.StartCallAsync(BobUri, Offer, "application/sdp");
        await call.Established.WaitAsync(Bound);
        var bobCall = await incoming.Task.WaitAsync(Bound);
        await _net.SettleAsync();
        Assert.That(bobCall.Established.IsCompleted, Is.False);

        // RFC 3261 §13.3.1.4: the 2xx goes again after T1; the caller answers it with the same ACK.
        await _net.AdvanceAsync(TimeSpan.FromMilliseconds(500));
        await bobCall.Established.WaitAsync(Bound);
        Assert.That(_net.Responses(200, "INVITE").Count(), Is.EqualTo(2));
        Assert.That(_net.Wire.Count(w => w.Method == "ACK"), Is.EqualTo(2));
        await _net.AdvanceAsync(TimeSpan.FromSeconds(5));
        Assert.That(_net.Responses(200, "INVITE").Count(), Is.EqualTo(2), "no retransmission after the ACK");
    }

    [Test]
    public async Task NoAck_TwoHundredRetransmittedUntil64T1ThenBye()
    {
        _net.Drop = w => w.Method == "ACK";
        var incoming = OnIncoming(RingAndAccept);
        var call = await _alice.StartCallAsync(BobUri, Offer, "application/sdp");
        await call.Established.WaitAsync(Bound);
        var bobCall = await incoming.Task.WaitAsync(Bound);
        var accepted = _net.Clock.ElapsedMs;
        await _net.AdvanceAsync(TimeSpan.FromSeconds(32.1));

        Assert.That(async () => await bobCall.Established.WaitAsync(Bound), Throws.TypeOf<SipRequestTimeoutException>());
        Assert.That((await bobCall.Ended.WaitAsync(Bound)).Reason, Is.EqualTo(SipCallEndReason.AckTimeout));
        Assert.That((await call.Ended.WaitAsync(Bound)).Reason, Is.EqualTo(SipCallEndReason.RemoteHangUp));

        // T1, doubling to T2: 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5 s after the first send.
        var times = _net.Responses(200, "INVITE").Select(w => w.AtMs - accepted).ToArray();
        Assert.That(times, Is.EqualTo(new long[] { 0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500 }));
        Assert.That(_net.Requests("BYE").Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task Cancel_BeforeAnswer_Gets487AndEndsBothSides()
    {
        var incoming = OnIncoming(call => call.RingAsync());
        var call = await _alice.StartCallAsync(BobUri, Offer, "application/sdp");
        var bobCall = await incoming.Task.WaitAsync(Bound);
        await _net.SettleAsync();
        Assert.That(call.State, Is.EqualTo(SipCallState.Proceeding));
        Assert.That(await _aliceEndpoint.GetDialogCountAsync(), Is.EqualTo(1), "early dialog from 180");

        await call.CancelAsync();
        Assert.That(async () => await call.Established.WaitAsync(Bound), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(await call.Ended.WaitAsync(Bound), Is.EqualTo(new SipCallEnd(SipCallEndReason.Cancelled, 487)));
        Assert.That((await bobCall.Ended.WaitAsync(Bound)).Reason, Is.EqualTo(SipCallEndReason.Cancelled));
        Assert.That(bobCall.Invite!.Cancelled.WaitHandle.WaitOne(Bound), Is.True);
        await _net.SettleAsync();
        Assert.That(_net.Responses(200, "CANCEL").Count(), Is.EqualTo(1));
        Assert.That(_net.Responses(487, "INVITE").Count(), Is.EqualTo(1));
        Assert.That(_net.Requests("ACK").Count(), Is.EqualTo(1), "the 487 is ACKed by the transaction");
        Assert.That(await _aliceEndpoint.GetDialogCountAsync(), Is.Zero);
        Assert.That(await _bobEndpoint.GetDialogCountAsync(), Is.Zero);
    }

    [Test]
    public async Task PlaceCall_CancelledByToken_SendsCancel()
    {
        var incoming = OnIncoming(call => call.RingAsync());
        using var cts = new CancellationTokenSource();
        var placing = _alice.PlaceCallAsync(BobUri, Offer, "application/sdp", cancellationToken: cts.Token);
        await incoming.Task.WaitAsync(Bound);
        await _net.SettleAsync();
        await cts.CancelAsync();
        Assert.That(async () => await placing.WaitAsync(Bound), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(_net.Requests("CANCEL").Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task Cancel_RacingTheTwoHundred_AcksThenByes()
    {
        // Bob accepts but his 200 is lost; Alice cancels; Bob's transaction already answered, so the CANCEL gets
        // 200 and no 487; the retransmitted 200 then reaches Alice, who must ACK it and end the call with BYE.
        var okays = 0;
        _net.Drop = w => w.Status == 200 && w.CSeqMethod == "INVITE" && Interlocked.Increment(ref okays) == 1;
        var incoming = OnIncoming(RingAndAccept);
        var call = await _alice.StartCallAsync(BobUri, Offer, "application/sdp");
        var bobCall = await incoming.Task.WaitAsync(Bound);
        while (okays == 0) await _net.SettleAsync();
        await call.CancelAsync();
        await _net.AdvanceAsync(TimeSpan.FromMilliseconds(600));

        Assert.That(await call.Ended.WaitAsync(Bound), Is.EqualTo(new SipCallEnd(SipCallEndReason.Cancelled)));
        Assert.That(async () => await call.Established.WaitAsync(Bound), Throws.InstanceOf<OperationCanceledException>());
        Assert.That((await bobCall.Ended.WaitAsync(Bound)).Reason, Is.EqualTo(SipCallEndReason.RemoteHangUp));
        Assert.That(_net.Responses(487, "INVITE"), Is.Empty);
        Assert.That(_net.Requests("ACK").Count(), Is.EqualTo(1));
        Assert.That(_net.Requests("BYE").Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task Reject_Busy_FailsWith486()
    {
        OnIncoming(call => call.RejectAsync(486));
        var call = await _alice.StartCallAsync(BobUri, Offer, "application/sdp");
        var failure = Assert.ThrowsAsync<SipCallFailedException>(async () => await call.Established.WaitAsync(Bound));
        Assert.That(failure!.StatusCode, Is.EqualTo(486));
        Assert.That(await call.Ended.WaitAsync(Bound), Is.EqualTo(new SipCallEnd(SipCallEndReason.Rejected, 486)));
    }

    [Test]
    public async Task NoIncomingCallHandler_Gets480()
    {
        var call = await _alice.StartCallAsync(BobUri, Offer, "application/sdp");
        var failure = Assert.ThrowsAsync<SipCallFailedException>(async () => await call.Established.WaitAsync(Bound));
        Assert.That(failure!.StatusCode, Is.EqualTo(480));
    }

    [Test]
    public async Task NoAnswerAtAll_TimesOutAsRequestTimeout()
    {
        _net.Drop = w => w.To.Equals(_bobEndpoint.ListenPoints[0].EndPoint);
        var call = await _alice.StartCallAsync(BobUri, Offer, "application/sdp");
        await _net.AdvanceAsync(TimeSpan.FromSeconds(32.1));
        Assert.That(async () => await call.Established.WaitAsync(Bound), Throws.TypeOf<SipRequestTimeoutException>());
        Assert.That(await call.Ended.WaitAsync(Bound), Is.EqualTo(new SipCallEnd(SipCallEndReason.Timeout, 408)));
        Assert.That(_net.Wire.Count(w => w.Method == "INVITE"), Is.EqualTo(7), "timer A: 0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s");
    }

    [Test]
    public async Task UnroutableCallee_SurfacesTransportError()
    {
        var nowhere = new SipTransportTarget(SipTransportProtocol.Udp, new System.Net.IPEndPoint(System.Net.IPAddress.Parse("198.51.100.7"), 5060));
        var call = await _alice.StartCallAsync("sip:ghost@198.51.100.7", Offer, "application/sdp", null, nowhere);
        await _net.SettleAsync();
        Assert.That(async () => await call.Established.WaitAsync(Bound), Throws.TypeOf<SipTransportException>());
        Assert.That((await call.Ended.WaitAsync(Bound)).Reason, Is.EqualTo(SipCallEndReason.TransportError));
    }

    [Test]
    public async Task HangUp_UnansweredIncoming_Declines()
    {
        var incoming = OnIncoming();
        var call = await _alice.StartCallAsync(BobUri, Offer, "application/sdp");
        var bobCall = await incoming.Task.WaitAsync(Bound);
        await bobCall.HangUpAsync();
        var failure = Assert.ThrowsAsync<SipCallFailedException>(async () => await call.Established.WaitAsync(Bound));
        Assert.That(failure!.StatusCode, Is.EqualTo(603));
    }

    [Test]
    public async Task Dispose_DuringRetransmission_ReleasesTimersAndEndsCalls()
    {
        _net.Drop = w => w.Method == "ACK";
        var incoming = OnIncoming(RingAndAccept);
        var call = await _alice.StartCallAsync(BobUri, Offer, "application/sdp");
        var bobCall = await incoming.Task.WaitAsync(Bound);
        await call.Established.WaitAsync(Bound);
        await _net.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.That(_net.Clock.LiveTimers, Is.GreaterThan(0));
        await _bobEndpoint.DisposeAsync();
        await _aliceEndpoint.DisposeAsync();
        Assert.That((await bobCall.Ended.WaitAsync(Bound)).Reason, Is.EqualTo(SipCallEndReason.Disposed));
        Assert.That((await call.Ended.WaitAsync(Bound)).Reason, Is.EqualTo(SipCallEndReason.Disposed));
        Assert.That(_net.Clock.LiveTimers, Is.Zero);
    }
}

/// <summary>An IProgress that reports synchronously (System.Progress posts to a captured context).</summary>
internal sealed class Progress(Action<SipProvisionalResponse> report) : IProgress<SipProvisionalResponse>
{
    public void Report(SipProvisionalResponse value) => report(value);
}
