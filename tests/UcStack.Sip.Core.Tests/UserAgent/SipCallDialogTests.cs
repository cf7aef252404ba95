using System.Text;
using UcStack.Sip.Dialogs;
using UcStack.Sip.Stack;
using UcStack.Sip.Tests.Stack;
using UcStack.Sip.Transport;
using UcStack.Sip.UserAgent;

namespace UcStack.Sip.Tests.UserAgent;

/// <summary>Dialog behaviour of calls: forking, target refresh, CSeq rules, re-INVITE and glare, REFER, INFO.</summary>
[TestFixture]
public sealed class SipCallDialogTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly byte[] Offer = Encoding.ASCII.GetBytes("v=0\r\no=alice 1 1 IN IP4 192.0.2.1\r\n");
    private static readonly byte[] Answer = Encoding.ASCII.GetBytes("v=0\r\no=bob 2 2 IN IP4 192.0.2.2\r\n");
    private FakeSipNetwork _net = null!;
    private SipEndpoint _aliceEndpoint = null!;
    private SipUserAgent _alice = null!;

    [SetUp]
    public void SetUp()
    {
        _net = new FakeSipNetwork();
        _aliceEndpoint = _net.AddEndpoint("alice");
        _alice = new SipUserAgent(_aliceEndpoint);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _net.DisposeAsync();
        Assert.That(_net.Clock.LiveTimers, Is.Zero, "timers left after dispose");
    }

    private System.Net.IPEndPoint AliceAddress => _aliceEndpoint.ListenPoints[0].EndPoint;

    private static SipResponse Answered(SipRequest invite, int code, string tag, string contact, byte[]? body = null)
    {
        var builder = SipResponseBuilder.For(invite, code).WithToTag(tag).AddContact(contact);
        if (body is not null) builder.SetBody(body, "application/sdp");
        return builder.Build();
    }

    private async Task<SipRequest> NextRequest(RawPeer peer, string method)
    {
        for (var i = 0; i < 100; i++)
        {
            await _net.SettleAsync();
            foreach (var received in peer.Drain())
            {
                if (received.Message is SipRequest r && r.Method == method) return r;
                received.Message.Dispose();
            }
        }

        throw new AssertionException($"no {method} reached the peer");
    }

    private List<SipRequest> AllRequests(RawPeer peer) => peer.Drain().Select(m => m.Message).OfType<SipRequest>().ToList();

    [Test]
    public async Task Forking_TwoEarlyDialogs_FirstTwoHundredWins_SecondIsAckedAndByed()
    {
        var peer = _net.AddRawPeer();
        var progress = new List<SipProvisionalResponse>();
        var call = await _alice.StartCallAsync(peer.Uri("bob"), Offer, "application/sdp", target: peer.Target,
            progress: new Progress(p => { lock (progress) progress.Add(p); }));
        using var invite = await NextRequest(peer, "INVITE");

        using (var ringA = Answered(invite, 180, "fork-a", peer.Uri("a"))) peer.Send(ringA, AliceAddress);
        using (var ringB = Answered(invite, 180, "fork-b", peer.Uri("b"))) peer.Send(ringB, AliceAddress);
        await _net.SettleAsync();
        Assert.That(await _aliceEndpoint.GetDialogCountAsync(), Is.EqualTo(2), "one early dialog per To tag");

        using (var okA = Answered(invite, 200, "fork-a", peer.Uri("a"), Answer)) peer.Send(okA, AliceAddress);
        await call.Established.WaitAsync(Bound);
        Assert.That(call.Dialog!.RemoteTag, Is.EqualTo("fork-a"));
        Assert.That(call.Dialog.State, Is.EqualTo(SipDialogState.Confirmed));
        Assert.That(await _aliceEndpoint.GetDialogCountAsync(), Is.EqualTo(1), "the other early dialog ends");

        using (var okB = Answered(invite, 200, "fork-b", peer.Uri("b"), Answer)) peer.Send(okB, AliceAddress);
        await _net.SettleAsync();
        var sent = AllRequests(peer);
        Assert.That(sent.Select(r => $"{r.Method} {r.ToTag}"), Is.EquivalentTo(new[] { "ACK fork-a", "ACK fork-b", "BYE fork-b" }));
        Assert.That(sent.Single(r => r.Method == "BYE").RequestUriText, Does.StartWith("sip:b@"));
        Assert.That(call.State, Is.EqualTo(SipCallState.Established));
        Assert.That(progress.Select(p => p.RemoteTag), Is.EquivalentTo(new[] { "fork-a", "fork-b" }));
        foreach (var r in sent) r.Dispose();
    }

    [Test]
    public async Task Forking_ApplicationKeepsForks_SecondTwoHundredBecomesItsOwnCall()
    {
        var peer = _net.AddRawPeer();
        var forks = new TaskCompletionSource<SipCall>(TaskCreationOptions.RunContinuationsAsynchronously);
        _alice.ForkedCallAnswered = fork =>
        {
            forks.TrySetResult(fork);
            return Task.CompletedTask;
        };
        var call = await _alice.StartCallAsync(peer.Uri("bob"), Offer, "application/sdp", target: peer.Target);
        using var invite = await NextRequest(peer, "INVITE");
        using (var okA = Answered(invite, 200, "fork-a", peer.Uri("a"), Answer)) peer.Send(okA, AliceAddress);
        await call.Established.WaitAsync(Bound);
        using var okB = Answered(invite, 200, "fork-b", peer.Uri("b"), Answer);
        peer.Send(okB, AliceAddress);
        var fork = await forks.Task.WaitAsync(Bound);
        await fork.Established.WaitAsync(Bound);
        Assert.That(fork.State, Is.EqualTo(SipCallState.Established));
        Assert.That(fork.CallId, Is.EqualTo(call.CallId));
        Assert.That(fork.Dialog!.RemoteTag, Is.EqualTo("fork-b"));
        Assert.That(fork.RemoteBody.ToArray(), Is.EqualTo(Answer));
        Assert.That(call.Dialog!.RemoteTag, Is.EqualTo("fork-a"));
        Assert.That(await _aliceEndpoint.GetDialogCountAsync(), Is.EqualTo(2));

        // A retransmission of the kept fork's 2xx gets its ACK again, and no BYE goes anywhere.
        peer.Send(okB, AliceAddress);
        await _net.SettleAsync();
        var sent = AllRequests(peer);
        Assert.That(sent.Select(r => $"{r.Method} {r.ToTag}"), Is.EquivalentTo(new[] { "ACK fork-a", "ACK fork-b", "ACK fork-b" }));
        foreach (var r in sent) r.Dispose();

        // The kept call is the application's: hanging it up sends BYE on its dialog only.
        var hangUp = fork.HangUpAsync();
        using var bye = await NextRequest(peer, "BYE");
        Assert.That(bye.ToTag, Is.EqualTo("fork-b"));
        using (var done = SipResponseBuilder.For(bye, 200).Build()) peer.Send(done, AliceAddress);
        await hangUp.WaitAsync(Bound);
        Assert.That(call.State, Is.EqualTo(SipCallState.Established));
        Assert.That(await _aliceEndpoint.GetDialogCountAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task RetransmittedTwoHundredAfterTimerM_StillGetsAck()
    {
        var peer = _net.AddRawPeer();
        var call = await _alice.StartCallAsync(peer.Uri("bob"), Offer, "application/sdp", target: peer.Target);
        using var invite = await NextRequest(peer, "INVITE");
        using var ok = Answered(invite, 200, "t1", peer.Uri("bob"), Answer);
        peer.Send(ok, AliceAddress);
        await call.Established.WaitAsync(Bound);
        await _net.AdvanceAsync(TimeSpan.FromSeconds(33)); // timer M ends the INVITE transaction
        peer.Send(ok, AliceAddress);
        await _net.SettleAsync();
        Assert.That(AllRequests(peer).Count(r => r.Method == "ACK"), Is.EqualTo(2));
    }

    [Test]
    public async Task Dialog_RouteSetFromRecordRoute_IsReversedOnTheUac()
    {
        var peer = _net.AddRawPeer();
        var call = await _alice.StartCallAsync(peer.Uri("bob"), Offer, "application/sdp", target: peer.Target);
        using var invite = await NextRequest(peer, "INVITE");
        var host = peer.Address.Address;
        using var ok = SipResponseBuilder.For(invite, 200).WithToTag("rr")
            .AddHeader("Record-Route", $"<sip:{host}:5060;lr;p=2>, <sip:{host}:5060;lr;p=1>")
            .AddContact(peer.Uri("bob")).Build();
        peer.Send(ok, AliceAddress);
        await call.Established.WaitAsync(Bound);
        Assert.That(call.Dialog!.RouteSet, Has.Count.EqualTo(2));
        Assert.That(call.Dialog.RouteSet[0], Does.Contain("p=1"));
        using var ack = await NextRequest(peer, "ACK");
        Assert.That(ack.Headers.GetValues("Route"), Is.EqualTo(new[] { $"<sip:{host}:5060;lr;p=1>", $"<sip:{host}:5060;lr;p=2>" }));
    }

    /// <summary>Alice calls the raw peer, which answers; returns the INVITE and the peer's tag.</summary>
    private async Task<(SipCall Call, SipRequest Invite, RawPeer Peer)> CallRawPeer()
    {
        var peer = _net.AddRawPeer();
        var call = await _alice.StartCallAsync(peer.Uri("bob"), Offer, "application/sdp", target: peer.Target);
        var invite = await NextRequest(peer, "INVITE");
        using var ok = Answered(invite, 200, "peer", peer.Uri("bob"), Answer);
        peer.Send(ok, AliceAddress);
        await call.Established.WaitAsync(Bound);
        (await NextRequest(peer, "ACK")).Dispose();
        return (call, invite, peer);
    }

    private static SipRequest InDialog(SipRequest invite, RawPeer peer, string method, uint cseq, string? contact = null)
    {
        var builder = new SipRequestBuilder(method, invite.Contacts[0].Uri!.ToString())
            .AddVia("UDP", peer.Address.Address.ToString(), peer.Address.Port)
            .SetMaxForwards()
            .SetFrom(peer.Uri("bob"), null, "peer")
            .SetTo(invite.From.Uri!.ToString(), null, invite.FromTag)
            .SetCallId(invite.CallId)
            .SetCSeq(cseq);
        if (contact is not null) builder.AddContact(contact);
        return builder.Build();
    }

    private async Task<int> StatusOf(RawPeer peer, SipRequest request)
    {
        peer.Send(request, AliceAddress);
        for (var i = 0; i < 100; i++)
        {
            await _net.SettleAsync();
            foreach (var received in peer.Drain())
            {
                using var message = received.Message;
                if (message is SipResponse r && r.CSeqNumber == request.CSeqNumber && r.CSeqMethod == request.Method) return r.StatusCode;
            }
        }

        throw new AssertionException("no response");
    }

    [Test]
    public async Task Update_FromPeer_RefreshesRemoteTarget()
    {
        var (call, invite, peer) = await CallRawPeer();
        using (invite)
        {
            using var update = InDialog(invite, peer, "UPDATE", 10, peer.Uri("moved"));
            Assert.That(await StatusOf(peer, update), Is.EqualTo(200));
            Assert.That(call.Dialog!.RemoteTarget.ToString(), Does.StartWith("sip:moved@"));
            Assert.That(call.Dialog.RemoteSequence, Is.EqualTo(10u));
        }
    }

    [Test]
    public async Task Update_FromUs_TwoHundredRefreshesRemoteTarget()
    {
        var (call, invite, peer) = await CallRawPeer();
        using (invite)
        {
            var sending = call.UpdateAsync();
            using var update = await NextRequest(peer, "UPDATE");
            Assert.That(update.CSeqNumber, Is.EqualTo(invite.CSeqNumber + 1));
            Assert.That(update.Contacts, Has.Count.EqualTo(1), "UPDATE is a target refresh and carries Contact");
            using var ok = SipResponseBuilder.For(update, 200).AddContact(peer.Uri("elsewhere")).Build();
            peer.Send(ok, AliceAddress);
            await _net.SettleAsync();
            using var response = await sending.WaitAsync(Bound);
            Assert.That(response.StatusCode, Is.EqualTo(200));
            Assert.That(call.Dialog!.RemoteTarget.ToString(), Does.StartWith("sip:elsewhere@"));
        }
    }

    [Test]
    public async Task InDialogRequest_WithLowerCSeq_Gets500()
    {
        var (_, invite, peer) = await CallRawPeer();
        using (invite)
        {
            using var first = InDialog(invite, peer, "INFO", 5);
            Assert.That(await StatusOf(peer, first), Is.EqualTo(200));
            using var older = InDialog(invite, peer, "INFO", 3);
            Assert.That(await StatusOf(peer, older), Is.EqualTo(500), "RFC 3261 §12.2.2");
            using var newer = InDialog(invite, peer, "INFO", 6);
            Assert.That(await StatusOf(peer, newer), Is.EqualTo(200));
        }
    }

    [Test]
    public async Task InDialogRequest_AfterBye_Gets481()
    {
        var (call, invite, peer) = await CallRawPeer();
        using (invite)
        {
            using var bye = InDialog(invite, peer, "BYE", 7);
            Assert.That(await StatusOf(peer, bye), Is.EqualTo(200));
            Assert.That((await call.Ended.WaitAsync(Bound)).Reason, Is.EqualTo(SipCallEndReason.RemoteHangUp));
            using var info = InDialog(invite, peer, "INFO", 8);
            Assert.That(await StatusOf(peer, info), Is.EqualTo(481));
        }
    }

    [Test]
    public async Task InDialogRequest_Timeout_EndsTheCall()
    {
        var (call, invite, peer) = await CallRawPeer();
        invite.Dispose();
        var info = call.SendInfoAsync(Encoding.ASCII.GetBytes("x"), "text/plain");
        await _net.AdvanceAsync(TimeSpan.FromSeconds(32.1));
        Assert.That(async () => await info.WaitAsync(Bound), Throws.TypeOf<SipRequestTimeoutException>());
        Assert.That((await call.Ended.WaitAsync(Bound)).Reason, Is.EqualTo(SipCallEndReason.DialogLost));
        Assert.That(call.Dialog!.State, Is.EqualTo(SipDialogState.Terminated));
    }
}
