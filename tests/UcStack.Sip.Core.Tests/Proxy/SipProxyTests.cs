using System.Text;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;
using UcStack.Sip.UserAgent;

namespace UcStack.Sip.Tests.Proxy;

[TestFixture]
public sealed class SipProxyTests
{
    private static readonly byte[] Offer = Encoding.ASCII.GetBytes("v=0\r\n");
    private DomainHarness _harness = null!;

    [SetUp]
    public void SetUp() => _harness = new DomainHarness();

    [TearDown]
    public async Task TearDown() => await _harness.DisposeAsync();

    private async Task<(SipUserAgent Alice, SipUserAgent Bob)> TwoRegisteredUsers()
    {
        var alice = _harness.AddAgent("alice");
        var bob = _harness.AddAgent("bob");
        await _harness.RegisterAsync(alice, "alice");
        await _harness.RegisterAsync(bob, "bob");
        return (alice, bob);
    }

    [Test]
    public async Task Message_AliceToBob_ReachesBobThroughTheLocationService()
    {
        var (alice, bob) = await TwoRegisteredUsers();
        string? received = null;
        bob.Endpoint.RequestReceived = async request =>
        {
            received = Encoding.UTF8.GetString(request.Request.Body.Span) + "|" + request.Request.From.Uri;
            await request.RespondAsync(200);
        };
        using var response = await _harness.Run(alice.SendMessageAsync("sip:bob@example.org", Encoding.UTF8.GetBytes("hi bob"), target: DomainHarness.ServerTarget()));
        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(received, Is.EqualTo("hi bob|sip:alice@example.org"));
    }

    [Test]
    public async Task Message_UnknownUser_Answers404_NotRegistered_Answers480()
    {
        var (alice, _) = await TwoRegisteredUsers();
        using var unknown = await _harness.Run(alice.SendMessageAsync("sip:mallory@example.org", "x"u8.ToArray(), target: DomainHarness.ServerTarget()));
        using var offline = await _harness.Run(alice.SendMessageAsync("sip:carol@example.org", "x"u8.ToArray(), target: DomainHarness.ServerTarget()));
        Assert.That(unknown.StatusCode, Is.EqualTo(404));
        Assert.That(offline.StatusCode, Is.EqualTo(480));
    }

    [Test]
    public async Task Message_FromAnUnregisteredSource_IsChallenged407()
    {
        await TwoRegisteredUsers();
        var intruder = _harness.AddAgent("alice");
        using var response = await _harness.Run(intruder.SendMessageAsync("sip:bob@example.org", "x"u8.ToArray(), target: DomainHarness.ServerTarget()));
        Assert.That(response.StatusCode, Is.EqualTo(407));
        Assert.That(response.ProxyAuthenticate, Is.Not.Empty);
    }

    [Test]
    public async Task Request_MaxForwardsZero_Answers483()
    {
        var (alice, _) = await TwoRegisteredUsers();
        var request = alice.Endpoint.CreateRequest("MESSAGE", "sip:bob@example.org").SetMaxForwards(0).SetBody("x"u8, "text/plain").Build();
        using var response = await _harness.Run(alice.Endpoint.SendRequestAsync(request, DomainHarness.ServerTarget()));
        Assert.That(response.StatusCode, Is.EqualTo(483));
    }

    [Test]
    public async Task Request_ToAnotherDomainFromOutside_IsNotRelayed()
    {
        var stranger = _harness.AddAgent("eve");
        var request = stranger.Endpoint.CreateRequest("MESSAGE", "sip:someone@10.0.0.99").SetFrom("sip:eve@elsewhere.test").SetBody("x"u8, "text/plain").Build();
        using var response = await _harness.Run(stranger.Endpoint.SendRequestAsync(request, DomainHarness.ServerTarget()));
        Assert.That(response.StatusCode, Is.EqualTo(403));
    }

    [Test]
    public async Task Invite_RecordRouted_ByeAndAckPassThroughTheProxy()
    {
        var (alice, bob) = await TwoRegisteredUsers();
        SipCall? bobCall = null;
        bob.IncomingCall = async call =>
        {
            bobCall = call;
            await call.RingAsync();
            await call.AcceptAsync(Offer, "application/sdp");
        };

        var call = await _harness.Run(alice.StartCallAsync("sip:bob@example.org", Offer, "application/sdp", target: DomainHarness.ServerTarget()));
        await _harness.Run(call.Established);
        await _harness.RunUntil(() => bobCall?.Established.IsCompleted == true);
        Assert.That(bobCall!.State, Is.EqualTo(SipCallState.Established));
        Assert.That(call.Dialog!.RouteSet.Select(r => r.ToString()), Is.EqualTo(new[] { "<sip:10.0.0.10:5060;lr>" }));
        var ended = bobCall.Ended;
        await _harness.Run(call.HangUpAsync());
        var end = await _harness.Run(ended);
        Assert.That(end.Reason, Is.EqualTo(SipCallEndReason.RemoteHangUp));
        var server = DomainHarness.ServerTarget().EndPoint;
        var byes = _harness.Network.Trace.Where(e => e.Kind == SipInMemoryTraceKind.Delivered && e.Detail.StartsWith("BYE ", StringComparison.Ordinal)).ToList();
        Assert.That(byes, Has.Count.GreaterThanOrEqualTo(2), string.Join("\n", _harness.Network.Trace));
        Assert.That(byes.Select(e => e.To.Equals(server) || e.From.Equals(server)), Is.All.True, "every BYE hop touches the proxy");
        Assert.That(_harness.Network.Trace.Count(e => e.Kind == SipInMemoryTraceKind.Delivered && e.Detail.StartsWith("ACK ", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(2), "the ACK went in two hops");
    }

    [Test]
    public async Task Invite_TwoContacts_OneAnswers_TheOtherIsCancelled()
    {
        var alice = _harness.AddAgent("alice");
        var desk = _harness.AddAgent("bob");
        var phone = _harness.AddAgent("bob");
        await _harness.RegisterAsync(alice, "alice");
        await _harness.RegisterAsync(desk, "bob");
        await _harness.RegisterAsync(phone, "bob");
        Assert.That(await _harness.Server.Locations.LookupAsync("sip:bob@example.org"), Has.Count.EqualTo(2));
        SipCall? ringing = null;
        desk.IncomingCall = async call =>
        {
            await call.RingAsync();
            await Task.Delay(TimeSpan.FromSeconds(1), _harness.Time).ConfigureAwait(false);
            await call.AcceptAsync(Offer, "application/sdp");
        };
        phone.IncomingCall = async call =>
        {
            ringing = call;
            await call.RingAsync();
        };

        var call = await _harness.Run(alice.StartCallAsync("sip:bob@example.org", Offer, "application/sdp", target: DomainHarness.ServerTarget()));
        await _harness.Run(call.Established);
        await _harness.RunUntil(() => ringing?.Ended.IsCompleted == true);
        Assert.That(ringing!.Ended.IsCompleted, Is.True);
        Assert.That((await ringing.Ended).Reason, Is.EqualTo(SipCallEndReason.Cancelled));
    }

    [Test]
    public async Task Invite_Decline6xxOnOneBranch_CancelsTheOtherAndReachesTheCaller()
    {
        var alice = _harness.AddAgent("alice");
        var desk = _harness.AddAgent("bob");
        var phone = _harness.AddAgent("bob");
        await _harness.RegisterAsync(alice, "alice");
        await _harness.RegisterAsync(desk, "bob");
        await _harness.RegisterAsync(phone, "bob");
        SipCall? ringing = null;
        desk.IncomingCall = async call =>
        {
            await call.RingAsync();
            await Task.Delay(TimeSpan.FromSeconds(1), _harness.Time).ConfigureAwait(false);
            await call.RejectAsync(603);
        };
        phone.IncomingCall = async call =>
        {
            ringing = call;
            await call.RingAsync();
        };

        var call = await _harness.Run(alice.StartCallAsync("sip:bob@example.org", Offer, "application/sdp", target: DomainHarness.ServerTarget()));
        var end = await _harness.Run(call.Ended);
        Assert.That(end, Is.EqualTo(new SipCallEnd(SipCallEndReason.Rejected, 603)));
        await _harness.RunUntil(() => ringing?.Ended.IsCompleted == true);
        Assert.That((await ringing!.Ended).Reason, Is.EqualTo(SipCallEndReason.Cancelled));
    }

    [Test]
    public async Task Invite_CallerCancels_EveryBranchIsCancelled()
    {
        var alice = _harness.AddAgent("alice");
        var desk = _harness.AddAgent("bob");
        var phone = _harness.AddAgent("bob");
        await _harness.RegisterAsync(alice, "alice");
        await _harness.RegisterAsync(desk, "bob");
        await _harness.RegisterAsync(phone, "bob");
        var ringing = new List<SipCall>();
        Func<SipCall, Task> ring = async call =>
        {
            lock (ringing) ringing.Add(call);
            await call.RingAsync();
        };
        desk.IncomingCall = ring;
        phone.IncomingCall = ring;

        var progress = new List<int>();
        var call = await _harness.Run(alice.StartCallAsync("sip:bob@example.org", Offer, "application/sdp", target: DomainHarness.ServerTarget(),
            progress: new Progress(progress)));
        await _harness.RunUntil(() => { lock (progress) return progress.Count > 0; });
        await _harness.Run(call.CancelAsync());
        var end = await _harness.Run(call.Ended);
        Assert.That(end.Reason, Is.EqualTo(SipCallEndReason.Cancelled));
        await _harness.RunUntil(() => { lock (ringing) return ringing.Count == 2 && ringing.All(c => c.Ended.IsCompleted); });
        lock (ringing) Assert.That(ringing.Select(c => c.Ended.Result.Reason), Is.All.EqualTo(SipCallEndReason.Cancelled));
    }

    private sealed class Progress(List<int> into) : IProgress<SipProvisionalResponse>
    {
        public void Report(SipProvisionalResponse value)
        {
            lock (into) into.Add(value.StatusCode);
        }
    }
}
