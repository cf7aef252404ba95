using System.Text;
using UcStack.Sip.Stack;
using UcStack.Sip.UserAgent;

namespace UcStack.Sip.Tests.Stack;

/// <summary>Digest retries of requests outside calls (RFC 3261 §8.1.3.5, §22.2): MESSAGE, OPTIONS, SUBSCRIBE, and
/// a BYE challenged by a hand-driven peer; plus how the retry is built.</summary>
[TestFixture]
public sealed class SipChallengeResponderTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private FakeSipNetwork _net = null!;
    private SipEndpoint _aliceEndpoint = null!;
    private SipEndpoint _bobEndpoint = null!;
    private SipUserAgent _alice = null!;
    private SipUserAgent _bob = null!;
    private DigestAuthenticator _authenticator = null!;

    [SetUp]
    public void SetUp()
    {
        _net = new FakeSipNetwork();
        _aliceEndpoint = _net.AddEndpoint("alice", configure: o => o with { DigestClient = new DigestClient("alice", "secret") });
        _bobEndpoint = _net.AddEndpoint("bob");
        _alice = new SipUserAgent(_aliceEndpoint);
        _bob = new SipUserAgent(_bobEndpoint);
        _authenticator = new DigestAuthenticator(
            new DigestAuthenticatorOptions { Realm = "example.test" },
            (user, _, _) => ValueTask.FromResult(user == "alice" ? DigestSecret.FromPassword("secret") : null),
            timeProvider: _net.Clock);
        _bobEndpoint.RequestReceived = async request =>
        {
            if ((await request.AuthenticateAsync(_authenticator)).IsAuthenticated) await request.RespondAsync(200);
        };
    }

    [TearDown]
    public async Task TearDown()
    {
        await _net.DisposeAsync();
        _authenticator.Dispose();
        Assert.That(_net.Clock.LiveTimers, Is.Zero);
    }

    private string BobUri => FakeSipNetwork.UriOf(_bobEndpoint, "bob");

    private void AssertRetried(string method)
    {
        var sent = _net.Requests(method).Select(w => (SipRequest)w.Parse()).ToArray();
        Assert.That(sent, Has.Length.EqualTo(2));
        Assert.That(sent[1].CSeqNumber, Is.EqualTo(sent[0].CSeqNumber + 1));
        Assert.That(sent[1].CallId, Is.EqualTo(sent[0].CallId));
        Assert.That(sent[1].FromTag, Is.EqualTo(sent[0].FromTag));
        Assert.That(sent[1].TopViaBranch, Is.Not.EqualTo(sent[0].TopViaBranch));
        Assert.That(sent[0].Authorization, Is.Empty);
        Assert.That(sent[1].Authorization, Has.Count.EqualTo(1));
        Assert.That(sent[1].Body.ToArray(), Is.EqualTo(sent[0].Body.ToArray()));
        foreach (var r in sent) r.Dispose();
    }

    [Test]
    public async Task Message_Challenged_RetriedWithCredentials()
    {
        using var response = await _alice.SendMessageAsync(BobUri, Encoding.UTF8.GetBytes("hello")).WaitAsync(Bound);
        Assert.That(response.StatusCode, Is.EqualTo(200));
        await _net.SettleAsync();
        AssertRetried("MESSAGE");
    }

    [Test]
    public async Task Options_Challenged_RetriedWithCredentials()
    {
        using var response = await _alice.SendOptionsAsync(BobUri).WaitAsync(Bound);
        Assert.That(response.StatusCode, Is.EqualTo(200));
        await _net.SettleAsync();
        AssertRetried("OPTIONS");
    }

    [Test]
    public async Task Message_WrongPassword_ReturnsTheSecond401()
    {
        var wrong = _net.AddEndpoint("mallory", configure: o => o with { DigestClient = new DigestClient("alice", "guess") });
        var request = wrong.CreateRequest("MESSAGE", BobUri).SetBody("x"u8, "text/plain").Build();
        using var response = await wrong.SendRequestAsync(request, FakeSipNetwork.TargetOf(_bobEndpoint)).WaitAsync(Bound);
        Assert.That(response.StatusCode, Is.EqualTo(401));
        await _net.SettleAsync();
        Assert.That(_net.Requests("MESSAGE").Count(), Is.EqualTo(2));
    }

    [Test]
    public async Task Subscribe_Challenged_RetriedAndTheDialogTakesTheRetrysCSeq()
    {
        _bob.SubscriptionReceived = async incoming =>
        {
            if ((await incoming.Request.AuthenticateAsync(_authenticator)).IsAuthenticated) await incoming.AcceptAsync("open"u8.ToArray(), "text/plain");
        };
        await using var subscription = await _alice.SubscribeAsync(BobUri, "presence", TimeSpan.FromSeconds(600)).WaitAsync(Bound);
        await _net.SettleAsync();
        AssertRetried("SUBSCRIBE");
        Assert.That(subscription.Dialog!.LocalSequence, Is.EqualTo(2u));
        Assert.That(subscription.State, Is.EqualTo(SipSubscriptionState.Active));
    }

    [Test]
    public async Task Bye_Challenged_RetriedWithTheNextCSeq()
    {
        var peer = _net.AddRawPeer();
        var call = await _alice.StartCallAsync(peer.Uri("bob"), default, null, target: peer.Target);
        using var invite = await NextRequest(peer, "INVITE");
        using (var ok = SipResponseBuilder.For(invite, 200).WithToTag("uas").AddContact(peer.Uri("bob")).Build()) peer.Send(ok, Alice);
        await call.Established.WaitAsync(Bound);

        var hangUp = call.HangUpAsync();
        using var bye = await NextRequest(peer, "BYE");
        var challenge = SipResponseBuilder.For(bye, 401);
        foreach (var c in _authenticator.CreateChallenges()) challenge.AddHeader("WWW-Authenticate", c.ToString());
        using (var unauthorized = challenge.Build()) peer.Send(unauthorized, Alice);

        using var retry = await NextRequest(peer, "BYE");
        Assert.That(retry.CSeqNumber, Is.EqualTo(bye.CSeqNumber + 1));
        Assert.That(retry.ToTag, Is.EqualTo("uas"));
        Assert.That((await _authenticator.VerifyAsync(retry, proxy: false)).IsAuthenticated, Is.True);
        using (var done = SipResponseBuilder.For(retry, 200).Build()) peer.Send(done, Alice);
        await hangUp.WaitAsync(Bound);
        Assert.That((await call.Ended.WaitAsync(Bound)).Reason, Is.EqualTo(SipCallEndReason.LocalHangUp));
    }

    [Test]
    public void Rebuild_KeepsEveryOtherHeaderAndTheBody_ReplacesViaCSeqAndCredentials()
    {
        using var sent = new SipRequestBuilder("MESSAGE", "sip:bob@192.0.2.2")
            .AddVia("UDP", "192.0.2.1", 5060, "z9hG4bKold")
            .SetMaxForwards()
            .SetFrom("sip:alice@192.0.2.1", null, "ft")
            .SetTo("sip:bob@192.0.2.2")
            .SetCallId("cid")
            .SetCSeq(7)
            .AddHeader("Proxy-Authorization", "Digest username=\"alice\", realm=\"proxy\", nonce=\"n\", uri=\"sip:bob@192.0.2.2\", response=\"00\"")
            .AddHeader("Authorization", "Digest username=\"alice\", realm=\"old\", nonce=\"n\", uri=\"sip:bob@192.0.2.2\", response=\"00\"")
            .AddHeader("X-Custom", "kept")
            .SetBody("body"u8, "text/plain")
            .Build();
        var answer = new DigestCredentials("alice", "example.test", "nonce", "sip:bob@192.0.2.2", new string('a', 64), DigestAlgorithm.Sha256).ToHeader();
        using var retry = SipChallengeResponder.Rebuild(sent, "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKnew", 8, "Authorization", [answer]);

        Assert.That(retry.TopViaBranch, Is.EqualTo("z9hG4bKnew"));
        Assert.That(retry.Headers.GetValues("Via"), Has.Count.EqualTo(1));
        Assert.That(retry.CSeqNumber, Is.EqualTo(8u));
        Assert.That(retry.CSeqMethod, Is.EqualTo("MESSAGE"));
        Assert.That(retry.CallId, Is.EqualTo("cid"));
        Assert.That(retry.FromTag, Is.EqualTo("ft"));
        Assert.That(retry.Headers.GetValues("X-Custom"), Is.EqualTo(new[] { "kept" }));
        Assert.That(retry.ProxyAuthorization.Single().Realm, Is.EqualTo("proxy"), "credentials of the other kind stay");
        Assert.That(retry.Authorization.Single().Realm, Is.EqualTo("example.test"));
        Assert.That(retry.Body.ToArray(), Is.EqualTo("body"u8.ToArray()));
        Assert.That(retry.ContentType!.MediaType, Is.EqualTo("text/plain"));
        Assert.That(retry.ContentLength, Is.EqualTo(4));
    }

    private System.Net.IPEndPoint Alice => _aliceEndpoint.ListenPoints[0].EndPoint;

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
}
