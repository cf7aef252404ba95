using System.Text;
using UcStack.Sip.Stack;
using UcStack.Sip.Tests.Stack;
using UcStack.Sip.Transport;
using UcStack.Sip.UserAgent;

namespace UcStack.Sip.Tests.UserAgent;

/// <summary><see cref="SipCall.HangUpAsync"/> reports the BYE's outcome (RFC 3261 §15.1).</summary>
[TestFixture]
public sealed class SipCallHangUpTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly byte[] Answer = Encoding.ASCII.GetBytes("v=0\r\no=bob 2 2 IN IP4 192.0.2.2\r\n");
    private FakeSipNetwork _net = null!;
    private SipEndpoint _aliceEndpoint = null!;
    private SipUserAgent _alice = null!;
    private RawPeer _peer = null!;
    private readonly List<SipMessage> _keep = [];

    [SetUp]
    public void SetUp()
    {
        _net = new FakeSipNetwork();
        _aliceEndpoint = _net.AddEndpoint("alice");
        _alice = new SipUserAgent(_aliceEndpoint);
        _peer = _net.AddRawPeer();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _net.DisposeAsync();
        foreach (var m in _keep) m.Dispose();
        _keep.Clear();
        Assert.That(_net.Clock.LiveTimers, Is.Zero, "timers left after dispose");
    }

    private System.Net.IPEndPoint Alice => _aliceEndpoint.ListenPoints[0].EndPoint;

    private async Task<SipRequest> NextRequest(string method)
    {
        for (var i = 0; i < 100; i++)
        {
            await _net.SettleAsync();
            foreach (var received in _peer.Drain())
            {
                if (received.Message is SipRequest r && r.Method == method)
                {
                    _keep.Add(r);
                    return r;
                }

                received.Message.Dispose();
            }
        }

        throw new AssertionException($"no {method} reached the peer");
    }

    /// <summary>Alice calls the raw peer, which answers 200 at once; returns the established call.</summary>
    private async Task<SipCall> Established()
    {
        var call = await _alice.StartCallAsync(_peer.Uri("bob"), default, null, target: _peer.Target);
        var invite = await NextRequest("INVITE");
        using (var ok = SipResponseBuilder.For(invite, 200).WithToTag("uas").AddContact(_peer.Uri("bob")).Build()) _peer.Send(ok, Alice);
        await call.Established.WaitAsync(Bound);
        return call;
    }

    private void Reply(SipRequest request, int status)
    {
        using var response = SipResponseBuilder.For(request, status).Build();
        _peer.Send(response, Alice);
    }

    [Test]
    public async Task HangUp_CompletesOnlyWhenTheByeIsAnswered()
    {
        var call = await Established();
        var hangUp = call.HangUpAsync();
        var bye = await NextRequest("BYE");
        Assert.That(hangUp.IsCompleted, Is.False, "the BYE is unanswered");
        Assert.That((await call.Ended.WaitAsync(Bound)).Reason, Is.EqualTo(SipCallEndReason.LocalHangUp), "RFC 3261 §15.1.1: over once BYE is sent");

        Reply(bye, 200);
        await hangUp.WaitAsync(Bound);
        await call.HangUpAsync().WaitAsync(Bound); // again: the same outcome, no second BYE
        await _net.SettleAsync();
        Assert.That(_net.Requests("BYE").Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task HangUp_ByeUnanswered_FailsWithRequestTimeoutAtTimerF()
    {
        var call = await Established();
        var hangUp = call.HangUpAsync();
        await NextRequest("BYE");
        await _net.AdvanceAsync(TimeSpan.FromSeconds(31.9));
        Assert.That(hangUp.IsCompleted, Is.False, "timer F is 64*T1 = 32 s");
        await _net.AdvanceAsync(TimeSpan.FromSeconds(0.2));
        Assert.That(async () => await hangUp.WaitAsync(Bound), Throws.TypeOf<SipRequestTimeoutException>());
        Assert.That(_net.Requests("BYE").Count(), Is.GreaterThan(1), "retransmitted over UDP (timer E)");
    }

    [Test]
    public async Task HangUp_ByeRefused_FailsWithTheStatus()
    {
        var call = await Established();
        var hangUp = call.HangUpAsync();
        Reply(await NextRequest("BYE"), 500);
        var failure = Assert.ThrowsAsync<SipCallFailedException>(async () => await hangUp.WaitAsync(Bound));
        Assert.That(failure!.StatusCode, Is.EqualTo(500));
        Assert.That(async () => await call.HangUpAsync().WaitAsync(Bound), Throws.TypeOf<SipCallFailedException>(), "again: the same outcome");
        Assert.That(call.State, Is.EqualTo(SipCallState.Terminated));
    }

    [Test]
    public async Task HangUp_Bye481_Completes()
    {
        var call = await Established();
        var hangUp = call.HangUpAsync();
        Reply(await NextRequest("BYE"), 481);
        await hangUp.WaitAsync(Bound);
        Assert.That(hangUp.IsCompletedSuccessfully, Is.True);
    }

    [Test]
    public async Task HangUp_UnroutableBye_FailsWithTransportError()
    {
        var call = await _alice.StartCallAsync(_peer.Uri("bob"), default, null, target: _peer.Target);
        var invite = await NextRequest("INVITE");

        // The peer's Contact points at an address nobody listens on: the BYE has nowhere to go.
        using (var ok = SipResponseBuilder.For(invite, 200).WithToTag("uas").AddContact("sip:bob@198.51.100.7:5060").Build()) _peer.Send(ok, Alice);
        await call.Established.WaitAsync(Bound);
        Assert.That(async () => await call.HangUpAsync().WaitAsync(Bound), Throws.InstanceOf<SipTransportException>());
        Assert.That((await call.Ended.WaitAsync(Bound)).Reason, Is.EqualTo(SipCallEndReason.LocalHangUp));
    }

    [Test]
    public async Task HangUp_IncomingBeforeAck_ByeFollowsTheAckAndThenCompletes()
    {
        var bobEndpoint = _net.AddEndpoint("bob");
        var bob = new SipUserAgent(bobEndpoint);
        var incoming = new TaskCompletionSource<SipCall>(TaskCreationOptions.RunContinuationsAsynchronously);
        bob.IncomingCall = async call =>
        {
            await call.AcceptAsync(Answer, "application/sdp");
            incoming.TrySetResult(call);
        };
        var acks = 0;
        _net.Drop = w => w.Method == "ACK" && Interlocked.Increment(ref acks) == 1;
        var call = await _alice.StartCallAsync(FakeSipNetwork.UriOf(bobEndpoint, "bob"), default, null);
        await call.Established.WaitAsync(Bound);
        var bobCall = await incoming.Task.WaitAsync(Bound);

        // RFC 3261 §15: the callee must not send BYE before the ACK; the 2xx retransmission (T1) brings it.
        var hangUp = bobCall.HangUpAsync();
        await _net.SettleAsync();
        Assert.That(_net.Requests("BYE"), Is.Empty);
        Assert.That(hangUp.IsCompleted, Is.False);
        await _net.AdvanceAsync(TimeSpan.FromMilliseconds(600));
        await hangUp.WaitAsync(Bound);
        Assert.That(_net.Requests("BYE").Count(), Is.EqualTo(1));
        Assert.That(_net.Responses(200, "BYE").Count(), Is.EqualTo(1));
        Assert.That((await call.Ended.WaitAsync(Bound)).Reason, Is.EqualTo(SipCallEndReason.RemoteHangUp));
    }
}
