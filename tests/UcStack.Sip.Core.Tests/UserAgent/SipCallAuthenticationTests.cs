using System.Text;
using UcStack.Sip.Stack;
using UcStack.Sip.Tests.Stack;
using UcStack.Sip.UserAgent;

namespace UcStack.Sip.Tests.UserAgent;

/// <summary>Digest 401/407 retries of the requests a call sends (RFC 3261 §8.1.3.5, §22.2; RFC 8760): the
/// initial INVITE, re-INVITE and the non-INVITE requests inside the dialog.</summary>
[TestFixture]
public sealed class SipCallAuthenticationTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly byte[] Offer = Encoding.ASCII.GetBytes("v=0\r\no=alice 1 1 IN IP4 192.0.2.1\r\n");
    private static readonly byte[] Answer = Encoding.ASCII.GetBytes("v=0\r\no=bob 2 2 IN IP4 192.0.2.2\r\n");
    private FakeSipNetwork _net = null!;
    private SipEndpoint _aliceEndpoint = null!;
    private SipEndpoint _bobEndpoint = null!;
    private SipUserAgent _alice = null!;
    private SipUserAgent _bob = null!;
    private DigestAuthenticator _authenticator = null!;
    private readonly List<SipCall> _bobCalls = [];

    [TearDown]
    public async Task TearDown()
    {
        await _net.DisposeAsync();
        _authenticator.Dispose();
        Assert.That(_net.Clock.LiveTimers, Is.Zero, "timers left after dispose");
    }

    private void Start(string password = "secret", DigestAlgorithm algorithm = DigestAlgorithm.Sha256, bool withClient = true)
    {
        _net = new FakeSipNetwork();
        _bobCalls.Clear();
        _aliceEndpoint = _net.AddEndpoint("alice", configure: o => withClient ? o with { DigestClient = new DigestClient("alice", password) } : o);
        _bobEndpoint = _net.AddEndpoint("bob");
        _alice = new SipUserAgent(_aliceEndpoint);
        _bob = new SipUserAgent(_bobEndpoint);
        _authenticator = new DigestAuthenticator(
            new DigestAuthenticatorOptions { Realm = "example.test", Algorithms = [algorithm] },
            (user, _, _) => ValueTask.FromResult(user == "alice" ? DigestSecret.FromPassword("secret") : null),
            timeProvider: _net.Clock);
    }

    private string BobUri => FakeSipNetwork.UriOf(_bobEndpoint, "bob");

    /// <summary>Bob challenges every INVITE without valid credentials and answers the others.</summary>
    private void BobAuthenticates(bool proxy = false) => _bob.IncomingCall = async call =>
    {
        lock (_bobCalls) _bobCalls.Add(call);
        var verification = await call.Invite!.AuthenticateAsync(_authenticator, proxy);
        if (!verification.IsAuthenticated) return;
        await call.RingAsync();
        await call.AcceptAsync(Answer, "application/sdp");
    };

    private SipRequest[] Invites() => [.. _net.Requests("INVITE").Select(w => (SipRequest)w.Parse())];

    private static DigestCredentials Credentials(SipRequest request, bool proxy = false)
    {
        var header = proxy ? request.ProxyAuthorization.Single() : request.Authorization.Single();
        Assert.That(DigestCredentials.TryFrom(header, out var credentials, out var error), Is.True, error.ToString());
        return credentials!;
    }

    [TestCase(DigestAlgorithm.Md5)]
    [TestCase(DigestAlgorithm.Sha256)]
    public async Task Invite_Challenged401_RetriedOnceWithCredentials(DigestAlgorithm algorithm)
    {
        Start(algorithm: algorithm);
        BobAuthenticates();
        var call = await _alice.StartCallAsync(BobUri, Offer, "application/sdp");
        await call.Established.WaitAsync(Bound);
        await _net.SettleAsync();

        var invites = Invites();
        Assert.That(invites, Has.Length.EqualTo(2));
        var (first, retry) = (invites[0], invites[1]);
        Assert.That(first.Authorization, Is.Empty);
        Assert.That(retry.CallId, Is.EqualTo(first.CallId));
        Assert.That(retry.FromTag, Is.EqualTo(first.FromTag));
        Assert.That(retry.ToTag, Is.Null);
        Assert.That(retry.CSeqNumber, Is.EqualTo(first.CSeqNumber + 1));
        Assert.That(retry.TopViaBranch, Is.Not.EqualTo(first.TopViaBranch).And.StartWith("z9hG4bK"));
        Assert.That(retry.Body.ToArray(), Is.EqualTo(Offer));
        var credentials = Credentials(retry);
        Assert.That(credentials.Algorithm, Is.EqualTo(algorithm));
        Assert.That(credentials.Realm, Is.EqualTo("example.test"));
        Assert.That(credentials.Uri, Is.EqualTo(first.RequestUriText));

        // RFC 3261 §17.1.1.3: the transaction ACKs the 401 with the first INVITE's branch; §13.2.2.4: the ACK for
        // the 2xx carries the INVITE's credentials.
        var acks = _net.Requests("ACK").Select(w => (SipRequest)w.Parse()).ToArray();
        Assert.That(acks, Has.Length.EqualTo(2));
        Assert.That(acks[0].TopViaBranch, Is.EqualTo(first.TopViaBranch));
        Assert.That(acks[1].CSeqNumber, Is.EqualTo(retry.CSeqNumber));
        Assert.That(acks[1].Authorization.Single().ToString(), Is.EqualTo(retry.Authorization.Single().ToString()));
        Assert.That(call.Dialog!.LocalSequence, Is.EqualTo(retry.CSeqNumber));
        foreach (var m in invites.Concat(acks)) m.Dispose();
    }

    [Test]
    public async Task Invite_Challenged407_AnsweredInProxyAuthorization()
    {
        Start();
        BobAuthenticates(proxy: true);
        var call = await _alice.StartCallAsync(BobUri, Offer, "application/sdp");
        await call.Established.WaitAsync(Bound);
        await _net.SettleAsync();
        var invites = Invites();
        Assert.That(invites, Has.Length.EqualTo(2));
        Assert.That(invites[1].Authorization, Is.Empty);
        Assert.That(Credentials(invites[1], proxy: true).Username, Is.EqualTo("alice"));
        foreach (var m in invites) m.Dispose();
    }

    [Test]
    public async Task Invite_WrongPassword_FailsWithTheSecond401()
    {
        Start(password: "wrong");
        BobAuthenticates();
        var call = await _alice.StartCallAsync(BobUri, Offer, "application/sdp");
        var failure = Assert.ThrowsAsync<SipCallFailedException>(async () => await call.Established.WaitAsync(Bound));
        Assert.That(failure!.StatusCode, Is.EqualTo(401));
        Assert.That(await call.Ended.WaitAsync(Bound), Is.EqualTo(new SipCallEnd(SipCallEndReason.Rejected, 401)));
        await _net.SettleAsync();
        Assert.That(_net.Requests("INVITE").Count(), Is.EqualTo(2), "RFC 3261 §22.2: rejected credentials are not sent again");
    }

    [Test]
    public async Task Invite_SameNonceAgainWithoutStale_FailsTheCall()
    {
        Start();
        var challenge = _authenticator.CreateChallenges();
        _bob.IncomingCall = call => call.Invite!.RespondAsync(401, headers: challenge.Select(c => new KeyValuePair<string, string>("WWW-Authenticate", c.ToString())));
        var call = await _alice.StartCallAsync(BobUri, Offer, "application/sdp");
        var failure = Assert.ThrowsAsync<SipCallFailedException>(async () => await call.Established.WaitAsync(Bound));
        Assert.That(failure!.StatusCode, Is.EqualTo(401));
        await _net.SettleAsync();
        Assert.That(_net.Requests("INVITE").Count(), Is.EqualTo(2));
    }

    [Test]
    public async Task Invite_StaleNonce_IsAnsweredAgainWithTheNewNonce()
    {
        Start();
        var seen = 0;
        _bob.IncomingCall = async call =>
        {
            var attempt = Interlocked.Increment(ref seen);
            if (attempt == 2)
            {
                // Credentials were fine but the nonce is declared stale (RFC 7616 §3.3): the client must try again.
                var stale = _authenticator.CreateChallenges(stale: true);
                await call.Invite!.RespondAsync(401, headers: stale.Select(c => new KeyValuePair<string, string>("WWW-Authenticate", c.ToString())));
                return;
            }

            if (!(await call.Invite!.AuthenticateAsync(_authenticator)).IsAuthenticated) return;
            await call.AcceptAsync(Answer, "application/sdp");
        };
        var call = await _alice.StartCallAsync(BobUri, Offer, "application/sdp");
        await call.Established.WaitAsync(Bound);
        await _net.SettleAsync();
        var invites = Invites();
        Assert.That(invites.Select(i => i.CSeqNumber), Is.EqualTo(new uint[] { 1, 2, 3 }));
        Assert.That(Credentials(invites[2]).Nonce, Is.Not.EqualTo(Credentials(invites[1]).Nonce));
        Assert.That(invites.Select(i => i.TopViaBranch).Distinct().Count(), Is.EqualTo(3));
        foreach (var m in invites) m.Dispose();
    }

    [Test]
    public async Task Invite_StaleForever_StopsAfterTheRetryLimit()
    {
        Start();
        _bob.IncomingCall = call => call.Invite!.RespondAsync(
            401, headers: _authenticator.CreateChallenges(stale: true).Select(c => new KeyValuePair<string, string>("WWW-Authenticate", c.ToString())));
        var call = await _alice.StartCallAsync(BobUri, Offer, "application/sdp");
        Assert.ThrowsAsync<SipCallFailedException>(async () => await call.Established.WaitAsync(Bound));
        await _net.SettleAsync();
        Assert.That(_net.Requests("INVITE").Count(), Is.EqualTo(1 + SipChallengeResponder.MaxRetries));
    }

    [Test]
    public async Task Invite_WithoutDigestClient_ChallengeFailsTheCall()
    {
        Start(withClient: false);
        BobAuthenticates();
        var call = await _alice.StartCallAsync(BobUri, Offer, "application/sdp");
        var failure = Assert.ThrowsAsync<SipCallFailedException>(async () => await call.Established.WaitAsync(Bound));
        Assert.That(failure!.StatusCode, Is.EqualTo(401));
        await _net.SettleAsync();
        Assert.That(_net.Requests("INVITE").Count(), Is.EqualTo(1));
    }

    private async Task<(SipCall Alice, SipCall Bob)> EstablishWithoutChallenge()
    {
        var incoming = new TaskCompletionSource<SipCall>(TaskCreationOptions.RunContinuationsAsynchronously);
        _bob.IncomingCall = async call =>
        {
            incoming.TrySetResult(call);
            await call.AcceptAsync(Answer, "application/sdp");
        };
        var call = await _alice.StartCallAsync(BobUri, Offer, "application/sdp");
        await call.Established.WaitAsync(Bound);
        var bobCall = await incoming.Task.WaitAsync(Bound);
        await bobCall.Established.WaitAsync(Bound);
        await _net.SettleAsync();
        return (call, bobCall);
    }

    /// <summary>Bob's call challenges every in-dialog request without valid credentials, then answers 200.</summary>
    private void ChallengeInDialog(SipCall bobCall) => bobCall.RequestReceived = async request =>
    {
        if (!(await request.AuthenticateAsync(_authenticator)).IsAuthenticated) return;
        if (request.Request.MethodKind == SipMethodKind.Invite) await request.RespondAsync(200, body: Answer, contentType: "application/sdp");
        else await request.RespondAsync(request.Request.MethodKind == SipMethodKind.Refer ? 202 : 200);
    };

    [TestCase("INFO")]
    [TestCase("MESSAGE")]
    [TestCase("UPDATE")]
    [TestCase("REFER")]
    public async Task InDialogRequest_Challenged_RetriedWithTheNextCSeq(string method)
    {
        Start();
        var (alice, bob) = await EstablishWithoutChallenge();
        ChallengeInDialog(bob);
        var sequence = alice.Dialog!.LocalSequence;
        using var response = method switch
        {
            "INFO" => await alice.SendInfoAsync(Encoding.ASCII.GetBytes("Signal=1"), "application/dtmf-relay").WaitAsync(Bound),
            "UPDATE" => await alice.UpdateAsync().WaitAsync(Bound),
            "REFER" => await alice.ReferAsync("sip:carol@192.0.2.9").WaitAsync(Bound),
            _ => await alice.Dialog.SendRequestAsync("MESSAGE", null, Encoding.ASCII.GetBytes("hi"), "text/plain").WaitAsync(Bound),
        };
        Assert.That(response.StatusCode, Is.InRange(200, 299));
        await _net.SettleAsync();
        var sent = _net.Requests(method).Select(w => (SipRequest)w.Parse()).ToArray();
        Assert.That(sent.Select(r => r.CSeqNumber), Is.EqualTo(new[] { sequence + 1, sequence + 2 }));
        Assert.That(sent[0].Authorization, Is.Empty);
        Assert.That(Credentials(sent[1]).Username, Is.EqualTo("alice"));
        Assert.That(sent[1].ToTag, Is.EqualTo(sent[0].ToTag));
        Assert.That(sent[1].Body.ToArray(), Is.EqualTo(sent[0].Body.ToArray()));
        Assert.That(alice.Dialog.LocalSequence, Is.EqualTo(sequence + 2));
        Assert.That(_net.Responses(500, method), Is.Empty, "the retry's CSeq is in order for the peer's dialog");
        foreach (var r in sent) r.Dispose();
    }

    [Test]
    public async Task ReInvite_Challenged_RetriedAndItsAckCarriesTheCredentials()
    {
        Start();
        var (alice, bob) = await EstablishWithoutChallenge();
        ChallengeInDialog(bob);
        using var response = await alice.ReInviteAsync(Offer, "application/sdp").WaitAsync(Bound);
        Assert.That(response.StatusCode, Is.EqualTo(200));
        await _net.SettleAsync();
        var reInvites = _net.Requests("INVITE").Skip(1).Select(w => (SipRequest)w.Parse()).ToArray();
        Assert.That(reInvites, Has.Length.EqualTo(2));
        Assert.That(reInvites[1].CSeqNumber, Is.EqualTo(reInvites[0].CSeqNumber + 1));
        using var ack = (SipRequest)_net.Requests("ACK").Last().Parse();
        Assert.That(ack.CSeqNumber, Is.EqualTo(reInvites[1].CSeqNumber));
        Assert.That(ack.Authorization.Single().ToString(), Is.EqualTo(reInvites[1].Authorization.Single().ToString()));
        Assert.That(alice.State, Is.EqualTo(SipCallState.Established));
        foreach (var r in reInvites) r.Dispose();
    }
}
