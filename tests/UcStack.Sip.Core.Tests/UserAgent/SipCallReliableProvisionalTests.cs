using System.Globalization;
using System.Text;
using UcStack.Sip.Stack;
using UcStack.Sip.Tests.Stack;
using UcStack.Sip.UserAgent;

namespace UcStack.Sip.Tests.UserAgent;

/// <summary>The UAS side of RFC 3262 (<see cref="SipCall.SendProvisionalAsync"/> with reliable: true), against a
/// hand-driven caller and against our own UAC.</summary>
[TestFixture]
public sealed class SipCallReliableProvisionalTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly byte[] Answer = Encoding.ASCII.GetBytes("v=0\r\no=bob 2 2 IN IP4 192.0.2.2\r\n");
    private FakeSipNetwork _net = null!;
    private SipEndpoint _bobEndpoint = null!;
    private SipUserAgent _bob = null!;
    private readonly List<SipMessage> _keep = [];

    [SetUp]
    public void SetUp()
    {
        _net = new FakeSipNetwork();
        _bobEndpoint = _net.AddEndpoint("bob", configure: o => o with { ReliableProvisionals = true });
        _bob = new SipUserAgent(_bobEndpoint);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _net.DisposeAsync();
        foreach (var m in _keep) m.Dispose();
        _keep.Clear();
        Assert.That(_net.Clock.LiveTimers, Is.Zero);
    }

    private System.Net.IPEndPoint Bob => _bobEndpoint.ListenPoints[0].EndPoint;

    private string BobUri => FakeSipNetwork.UriOf(_bobEndpoint, "bob");

    /// <summary>Bob answers each call with a reliable 180 and hands out the task of its PRACK.</summary>
    private TaskCompletionSource<(SipCall Call, Task Ringing)> RingReliably()
    {
        var rung = new TaskCompletionSource<(SipCall, Task)>(TaskCreationOptions.RunContinuationsAsynchronously);
        _bob.IncomingCall = call =>
        {
            rung.TrySetResult((call, call.SendProvisionalAsync(180, reliable: true)));
            return Task.CompletedTask;
        };
        return rung;
    }

    private SipRequest SendInvite(RawPeer peer, string? supported = "100rel")
    {
        var builder = new SipRequestBuilder("INVITE", BobUri)
            .AddVia("UDP", peer.Address.Address.ToString(), peer.Address.Port)
            .SetMaxForwards()
            .SetFrom(peer.Uri("carol"), null, "caller")
            .SetTo(BobUri)
            .SetCallId()
            .SetCSeq(1)
            .AddContact(peer.Uri("carol"));
        if (supported is not null) builder.AddHeader("Supported", supported);
        var invite = builder.Build();
        _keep.Add(invite);
        peer.Send(invite, Bob);
        return invite;
    }

    private async Task<List<SipResponse>> Responses(RawPeer peer)
    {
        await _net.SettleAsync();
        var list = peer.Drain().Select(m => m.Message).OfType<SipResponse>().ToList();
        _keep.AddRange(list);
        return list;
    }

    private SipRequest Prack(RawPeer peer, SipRequest invite, SipResponse reliable, string? rack = null)
    {
        var prack = new SipRequestBuilder("PRACK", reliable.Contacts[0].Uri!.ToString())
            .AddVia("UDP", peer.Address.Address.ToString(), peer.Address.Port)
            .SetMaxForwards()
            .SetFrom(peer.Uri("carol"), null, "caller")
            .SetTo(BobUri, null, reliable.ToTag)
            .SetCallId(invite.CallId)
            .SetCSeq(2)
            .AddHeader("RAck", rack ?? $"{reliable.Headers.GetValues("RSeq").Single()} 1 INVITE")
            .Build();
        _keep.Add(prack);
        peer.Send(prack, Bob);
        return prack;
    }

    [Test]
    public async Task Reliable180_RetransmittedFromT1Doubling_UntilThePrack()
    {
        var rung = RingReliably();
        var peer = _net.AddRawPeer();
        var invite = SendInvite(peer);
        var (_, ringing) = await rung.Task.WaitAsync(Bound);
        var start = _net.Clock.ElapsedMs;
        var first = (await Responses(peer)).Single(r => r.StatusCode == 180);
        Assert.That(first.Require, Does.Contain("100rel"));
        var rseq = uint.Parse(first.Headers.GetValues("RSeq").Single(), CultureInfo.InvariantCulture);
        Assert.That(rseq, Is.InRange(1u, (uint)int.MaxValue));

        await _net.AdvanceAsync(TimeSpan.FromMilliseconds(1600));
        var again = (await Responses(peer)).Where(r => r.StatusCode == 180).ToList();
        Assert.That(again, Has.Count.EqualTo(2), "at T1 and at 3*T1");
        Assert.That(again.Select(r => r.Headers.GetValues("RSeq").Single()), Is.All.EqualTo(rseq.ToString(CultureInfo.InvariantCulture)));
        var times = _net.Responses(180, "INVITE").Select(w => w.AtMs - start).ToArray();
        Assert.That(times, Is.EqualTo(new long[] { 0, 500, 1500 }));
        Assert.That(ringing.IsCompleted, Is.False);

        Prack(peer, invite, first);
        var answered = await Responses(peer);
        Assert.That(answered.Select(r => $"{r.StatusCode} {r.CSeqMethod}"), Is.EqualTo(new[] { "200 PRACK" }));
        await ringing.WaitAsync(Bound);
        await _net.AdvanceAsync(TimeSpan.FromSeconds(10), stepMs: 500);
        Assert.That(_net.Responses(180, "INVITE").Count(), Is.EqualTo(3), "no retransmission after the PRACK");
    }

    [Test]
    public async Task Reliable180_NoPrackWithin64T1_InviteRejectedWith504()
    {
        var rung = RingReliably();
        var peer = _net.AddRawPeer();
        SendInvite(peer);
        var (call, ringing) = await rung.Task.WaitAsync(Bound);
        await _net.AdvanceAsync(TimeSpan.FromSeconds(31.5), stepMs: 500);
        Assert.That(_net.Responses(504, "INVITE"), Is.Empty);
        await _net.AdvanceAsync(TimeSpan.FromSeconds(0.6));
        Assert.That(async () => await ringing.WaitAsync(Bound), Throws.TypeOf<SipRequestTimeoutException>());
        Assert.That(_net.Responses(504, "INVITE"), Is.Not.Empty);
        Assert.That(await call.Ended.WaitAsync(Bound), Is.EqualTo(new SipCallEnd(SipCallEndReason.Rejected, 504)));
    }

    [Test]
    public async Task Prack_NotMatchingTheReliableResponse_Gets481()
    {
        var rung = RingReliably();
        var peer = _net.AddRawPeer();
        var invite = SendInvite(peer);
        var (_, ringing) = await rung.Task.WaitAsync(Bound);
        var first = (await Responses(peer)).Single(r => r.StatusCode == 180);
        var rseq = uint.Parse(first.Headers.GetValues("RSeq").Single(), CultureInfo.InvariantCulture);
        Prack(peer, invite, first, $"{rseq + 1} 1 INVITE");
        Assert.That((await Responses(peer)).Select(r => $"{r.StatusCode} {r.CSeqMethod}"), Is.EqualTo(new[] { "481 PRACK" }));
        Assert.That(ringing.IsCompleted, Is.False);
    }

    [Test]
    public async Task Reliable_WhenTheCallerDidNotAnnounce100rel_IsRefused()
    {
        var rung = RingReliably();
        var peer = _net.AddRawPeer();
        SendInvite(peer, supported: null);
        var (call, ringing) = await rung.Task.WaitAsync(Bound);
        Assert.That(async () => await ringing.WaitAsync(Bound), Throws.InvalidOperationException);
        await call.RejectAsync(486);
    }

    [Test]
    public async Task Accept_WhileAReliable183WithBodyIsUnacknowledged_IsRefused()
    {
        var rung = new TaskCompletionSource<SipCall>(TaskCreationOptions.RunContinuationsAsynchronously);
        _bob.IncomingCall = call =>
        {
            _ = call.SendProvisionalAsync(183, Answer, "application/sdp", reliable: true);
            rung.TrySetResult(call);
            return Task.CompletedTask;
        };
        var peer = _net.AddRawPeer();
        var invite = SendInvite(peer);
        var call = await rung.Task.WaitAsync(Bound);
        var early = (await Responses(peer)).Single(r => r.StatusCode == 183);
        Assert.That(early.Body.ToArray(), Is.EqualTo(Answer));
        Assert.That(async () => await call.AcceptAsync(Answer, "application/sdp").WaitAsync(Bound), Throws.InvalidOperationException);

        Prack(peer, invite, early);
        await _net.SettleAsync();
        await call.AcceptAsync(Answer, "application/sdp").WaitAsync(Bound);
        Assert.That((await Responses(peer)).Select(r => $"{r.StatusCode} {r.CSeqMethod}"), Is.EqualTo(new[] { "200 PRACK", "200 INVITE" }));
    }

    [Test]
    public async Task EndToEnd_OurUacPracksOurUasReliable183_ThenTheCallIsAnswered()
    {
        var alice = new SipUserAgent(_net.AddEndpoint("alice", configure: o => o with { ReliableProvisionals = true }));
        var prackedBeforeAnswer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _bob.IncomingCall = async call =>
        {
            await call.SendProvisionalAsync(183, reliable: true);
            prackedBeforeAnswer.TrySetResult(true);
            await call.AcceptAsync(Answer, "application/sdp");
        };
        var call = await alice.StartCallAsync(BobUri, default, null);
        await call.Established.WaitAsync(Bound);
        Assert.That(await prackedBeforeAnswer.Task.WaitAsync(Bound), Is.True);
        await _net.SettleAsync();
        var flow = _net.Wire.Where(w => !w.Dropped && w.Status != 100).Select(w => w.IsRequest ? w.Method : $"{w.Status} {w.CSeqMethod}");
        Assert.That(flow, Is.EqualTo(new[] { "INVITE", "183 INVITE", "PRACK", "200 PRACK", "200 INVITE", "ACK" }));
    }
}
