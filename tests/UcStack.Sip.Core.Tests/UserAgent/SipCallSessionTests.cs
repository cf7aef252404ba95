using System.Text;
using UcStack.Sip.Stack;
using UcStack.Sip.Tests.Stack;
using UcStack.Sip.UserAgent;

namespace UcStack.Sip.Tests.UserAgent;

/// <summary>Mid-call requests between two endpoints: re-INVITE, glare, INFO, REFER.</summary>
[TestFixture]
public sealed class SipCallSessionTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly byte[] Offer = Encoding.ASCII.GetBytes("v=0\r\no=alice 1 1\r\n");
    private static readonly byte[] Answer = Encoding.ASCII.GetBytes("v=0\r\no=bob 2 2\r\n");
    private FakeSipNetwork _net = null!;
    private SipCall _aliceCall = null!;
    private SipCall _bobCall = null!;

    [SetUp]
    public async Task SetUp()
    {
        _net = new FakeSipNetwork();
        var aliceEndpoint = _net.AddEndpoint("alice");
        var bobEndpoint = _net.AddEndpoint("bob");
        var alice = new SipUserAgent(aliceEndpoint);
        var bob = new SipUserAgent(bobEndpoint);
        var incoming = new TaskCompletionSource<SipCall>(TaskCreationOptions.RunContinuationsAsynchronously);
        bob.IncomingCall = async call =>
        {
            incoming.TrySetResult(call);
            await call.AcceptAsync(Answer, "application/sdp");
        };
        _aliceCall = await alice.StartCallAsync(FakeSipNetwork.UriOf(bobEndpoint, "bob"), Offer, "application/sdp");
        await _aliceCall.Established.WaitAsync(Bound);
        _bobCall = await incoming.Task.WaitAsync(Bound);
        await _bobCall.Established.WaitAsync(Bound);
        await _net.SettleAsync();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _net.DisposeAsync();
        Assert.That(_net.Clock.LiveTimers, Is.Zero);
    }

    private static Func<SipIncomingRequest, Task> AcceptWith(byte[] body) =>
        request => request.RespondAsync(200, body: body, contentType: "application/sdp");

    [Test]
    public async Task ReInvite_Accepted_UpdatesBodiesAndIsAcked()
    {
        var hold = Encoding.ASCII.GetBytes("v=0\r\na=sendonly\r\n");
        var held = Encoding.ASCII.GetBytes("v=0\r\na=recvonly\r\n");
        _bobCall.RequestReceived = AcceptWith(held);
        using var response = await _aliceCall.ReInviteAsync(hold, "application/sdp").WaitAsync(Bound);
        await _net.SettleAsync();
        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(_aliceCall.RemoteBody.ToArray(), Is.EqualTo(held));
        Assert.That(_bobCall.RemoteBody.ToArray(), Is.EqualTo(hold));
        Assert.That(_net.Requests("ACK").Count(), Is.EqualTo(2));
        using var reInvite = (SipRequest)_net.Requests("INVITE").Last().Parse();
        Assert.That(reInvite.CSeqNumber, Is.EqualTo(2u));
        Assert.That(reInvite.ToTag, Is.EqualTo(_bobCall.Dialog!.LocalTag));
        await _net.AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.That(_net.Responses(200, "INVITE").Count(), Is.EqualTo(2), "the ACK stopped the re-INVITE's 2xx retransmission");
    }

    [Test]
    public async Task ReInvite_WithoutHandler_Gets488AndSessionStays()
    {
        using var response = await _aliceCall.ReInviteAsync(Offer, "application/sdp").WaitAsync(Bound);
        Assert.That(response.StatusCode, Is.EqualTo(488));
        Assert.That(_aliceCall.State, Is.EqualTo(SipCallState.Established));
        Assert.That(_aliceCall.RemoteBody.ToArray(), Is.EqualTo(Answer));
    }

    [Test]
    public async Task ReInvite_WhileOneIsPending_IsRefused()
    {
        _bobCall.RequestReceived = _ => Task.CompletedTask; // never answers
        var first = _aliceCall.ReInviteAsync(Offer, "application/sdp");
        await _net.SettleAsync();
        Assert.That(async () => await _aliceCall.ReInviteAsync(Offer, "application/sdp").WaitAsync(Bound), Throws.InvalidOperationException);
        Assert.That(first.IsCompleted, Is.False);
    }

    [Test]
    public async Task Glare_BothGet491_ThenEachRetriesAfterItsRandomWait()
    {
        _aliceCall.RequestReceived = AcceptWith(Offer);
        _bobCall.RequestReceived = AcceptWith(Answer);
        _net.Hold = true;
        var fromAlice = _aliceCall.ReInviteAsync(Offer, "application/sdp");
        var fromBob = _bobCall.ReInviteAsync(Answer, "application/sdp");
        await _net.WhenHeld(2).WaitAsync(Bound);
        Assert.That(_net.HeldCount, Is.EqualTo(2), "both re-INVITEs are in flight at once");
        _net.Release();
        await _net.SettleAsync();
        Assert.That(_net.Responses(491, "INVITE").Count(), Is.EqualTo(2), string.Join(" / ", _net.Wire.Select(w => $"{w.From.Address}>{w.To.Address} {w.StartLine} {w.CSeqMethod}")));

        // RFC 3261 §14.1: Bob (not the Call-ID owner) retries within 0–2 s of his 491; Alice (owner) within
        // 2.1–4 s of hers. Windows are measured from each 491's arrival on the fake clock. Each step settles,
        // including the handlers that answer the retries, so Bob's retry is done before Alice's window opens.
        await _net.AdvanceAsync(TimeSpan.FromSeconds(2.05), stepMs: 10);
        Assert.That(_net.Requests("INVITE").Count(), Is.EqualTo(4), "Bob's retry, and not Alice's yet");
        Assert.That(_net.Responses(200, "INVITE").Count(), Is.EqualTo(2), "Bob's retry was answered within his window");
        Assert.That(fromAlice.IsCompleted, Is.False);
        await _net.AdvanceAsync(TimeSpan.FromSeconds(2), stepMs: 10);
        using var bobResult = await fromBob.WaitAsync(Bound);
        using var aliceResult = await fromAlice.WaitAsync(Bound);
        Assert.That(aliceResult.StatusCode, Is.EqualTo(200));
        Assert.That(bobResult.StatusCode, Is.EqualTo(200));
        var bobPoint = _bobCall.Invite!.Flow.Local;
        var retries = _net.Requests("INVITE").Skip(3).ToArray();
        Assert.That(retries, Has.Length.EqualTo(2));
        var bobRetry = retries.Single(w => w.From.Equals(bobPoint));
        var aliceRetry = retries.Single(w => !w.From.Equals(bobPoint));
        var rejections = _net.Responses(491, "INVITE").ToArray();
        var bob491 = rejections.Single(w => w.To.Equals(bobPoint));
        var alice491 = rejections.Single(w => !w.To.Equals(bobPoint));
        Assert.That(bobRetry.AtMs - bob491.AtMs, Is.InRange(0, 2000));
        Assert.That(aliceRetry.AtMs - alice491.AtMs, Is.InRange(2100, 4000));
    }

    [Test]
    public async Task Info_ReachesTheHandler()
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _bobCall.RequestReceived = request =>
        {
            seen.TrySetResult(Encoding.ASCII.GetString(request.Request.Body.Span));
            return request.RespondAsync(200);
        };
        using var response = await _aliceCall.SendInfoAsync(Encoding.ASCII.GetBytes("Signal=5"), "application/dtmf-relay").WaitAsync(Bound);
        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(await seen.Task.WaitAsync(Bound), Is.EqualTo("Signal=5"));
    }

    [Test]
    public async Task Refer_Accepted_ProgressArrivesAsSipfragNotifies()
    {
        var progress = new List<SipReferProgress>();
        var final = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _aliceCall.ReferProgress += (_, p) =>
        {
            lock (progress) progress.Add(p);
            if (p.IsFinal) final.TrySetResult();
        };
        var referTo = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _bobCall.RequestReceived = request =>
        {
            referTo.TrySetResult(request.Request.Headers.GetValues("Refer-To").Single());
            return request.RespondAsync(202);
        };
        using var accepted = await _aliceCall.ReferAsync("sip:carol@192.0.2.50").WaitAsync(Bound);
        Assert.That(accepted.StatusCode, Is.EqualTo(202));
        Assert.That(await referTo.Task.WaitAsync(Bound), Is.EqualTo("<sip:carol@192.0.2.50>"));
        await _net.SettleAsync();
        using var notified = await _bobCall.NotifyReferProgressAsync(200).WaitAsync(Bound);
        Assert.That(notified.StatusCode, Is.EqualTo(200));
        await final.Task.WaitAsync(Bound);
        lock (progress)
        {
            Assert.That(progress.Select(p => (p.StatusCode, p.IsFinal)), Is.EqualTo(new[] { (100, false), (200, true) }));
            Assert.That(progress[1].StatusLine, Is.EqualTo("SIP/2.0 200 OK"));
        }

        using var notify = (SipRequest)_net.Requests("NOTIFY").First().Parse();
        Assert.That(notify.ContentType!.MediaType, Is.EqualTo("message/sipfrag"));
        Assert.That(notify.Headers.GetValues("Event").Single(), Is.EqualTo("refer"));
    }

    [Test]
    public async Task Refer_WithoutHandler_IsDeclined()
    {
        using var response = await _aliceCall.ReferAsync("sip:carol@192.0.2.50").WaitAsync(Bound);
        Assert.That(response.StatusCode, Is.EqualTo(603));
        Assert.That(_net.Requests("NOTIFY"), Is.Empty);
    }

    [Test]
    public async Task Message_InDialog_DefaultsTo200()
    {
        using var response = await _aliceCall.Dialog!.SendRequestAsync("MESSAGE", body: "hi"u8.ToArray(), contentType: "text/plain").WaitAsync(Bound);
        Assert.That(response.StatusCode, Is.EqualTo(200));
    }
}
