using System.Text;
using UcStack.Sip.Stack;
using UcStack.Sip.Tests.Stack;
using UcStack.Sip.UserAgent;

namespace UcStack.Sip.Tests.UserAgent;

/// <summary>The UAC side of RFC 3262: PRACK for reliable provisional responses, in RSeq order.</summary>
[TestFixture]
public sealed class SipCallPrackTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly byte[] Answer = Encoding.ASCII.GetBytes("v=0\r\no=bob 2 2 IN IP4 192.0.2.2\r\n");
    private FakeSipNetwork _net = null!;
    private SipEndpoint _aliceEndpoint = null!;
    private SipUserAgent _alice = null!;
    private RawPeer _peer = null!;
    private readonly List<SipRequest> _received = [];

    private void Start(bool reliable)
    {
        _net = new FakeSipNetwork();
        _aliceEndpoint = _net.AddEndpoint("alice", configure: o => o with { ReliableProvisionals = reliable });
        _alice = new SipUserAgent(_aliceEndpoint);
        _peer = _net.AddRawPeer();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _net.DisposeAsync();
        foreach (var r in _received) r.Dispose();
        _received.Clear();
        Assert.That(_net.Clock.LiveTimers, Is.Zero);
    }

    private System.Net.IPEndPoint Alice => _aliceEndpoint.ListenPoints[0].EndPoint;

    /// <summary>Every request that reached the peer since the last call, once the network settled.</summary>
    private async Task<List<SipRequest>> Arrived()
    {
        await _net.SettleAsync();
        var list = _peer.Drain().Select(m => m.Message).OfType<SipRequest>().ToList();
        _received.AddRange(list);
        return list;
    }

    private void Provisional(SipRequest invite, int code, uint? rseq)
    {
        var builder = SipResponseBuilder.For(invite, code).WithToTag("uas").AddContact(_peer.Uri("bob"));
        if (rseq is { } n) builder.AddHeader("Require", "100rel").AddHeader("RSeq", n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = builder.Build();
        _peer.Send(response, Alice);
    }

    [Test]
    public async Task ReliableProvisionals_PrackedOncePerRSeqInOrder()
    {
        Start(reliable: true);
        var reported = new List<int>();
        var call = await _alice.StartCallAsync(_peer.Uri("bob"), default, null, target: _peer.Target,
            progress: new Progress(p => { lock (reported) reported.Add(p.StatusCode); }));
        var invite = (await Arrived()).Single(r => r.Method == "INVITE");
        Assert.That(invite.Supported, Does.Contain("100rel"), "RFC 3262 §4: the UAC announces it");

        Provisional(invite, 183, 5);
        var prack = (await Arrived()).Single();
        Assert.That(prack.Method, Is.EqualTo("PRACK"));
        Assert.That(prack.Headers.GetValues("RAck").Single(), Is.EqualTo($"5 {invite.CSeqNumber} INVITE"));
        Assert.That(prack.ToTag, Is.EqualTo("uas"));
        Assert.That(prack.CallId, Is.EqualTo(invite.CallId));
        Assert.That(prack.CSeqNumber, Is.EqualTo(invite.CSeqNumber + 1), "PRACK is a new request in the early dialog");
        using (var ok = SipResponseBuilder.For(prack, 200).Build()) _peer.Send(ok, Alice);

        Provisional(invite, 183, 5); // a retransmission: no second PRACK
        Provisional(invite, 180, 7); // out of order: neither acknowledged nor processed
        Assert.That(await Arrived(), Is.Empty);

        Provisional(invite, 180, 6);
        var second = (await Arrived()).Single();
        Assert.That(second.Headers.GetValues("RAck").Single(), Is.EqualTo($"6 {invite.CSeqNumber} INVITE"));
        Assert.That(second.CSeqNumber, Is.EqualTo(prack.CSeqNumber + 1));
        using (var ok = SipResponseBuilder.For(second, 200).Build()) _peer.Send(ok, Alice);

        Provisional(invite, 180, null); // unreliable provisionals still pass, without PRACK
        using (var answer = SipResponseBuilder.For(invite, 200).WithToTag("uas").AddContact(_peer.Uri("bob")).SetBody(Answer, "application/sdp").Build()) _peer.Send(answer, Alice);
        await call.Established.WaitAsync(Bound);
        var after = await Arrived();
        Assert.That(after.Select(r => r.Method), Is.EqualTo(new[] { "ACK" }));
        lock (reported) Assert.That(reported, Is.EqualTo(new[] { 183, 180, 180 }));
    }

    [Test]
    public async Task OptionOff_NoSupportedAndNoPrack()
    {
        Start(reliable: false);
        var call = await _alice.StartCallAsync(_peer.Uri("bob"), default, null, target: _peer.Target);
        var invite = (await Arrived()).Single(r => r.Method == "INVITE");
        Assert.That(invite.Supported, Is.Empty);
        Provisional(invite, 183, 1);
        Assert.That(await Arrived(), Is.Empty);
        Assert.That(call.State, Is.EqualTo(SipCallState.Proceeding));
    }

    [Test]
    public async Task ReliableProvisional_WithoutRSeq_IsNotProcessed()
    {
        Start(reliable: true);
        var reported = 0;
        var call = await _alice.StartCallAsync(_peer.Uri("bob"), default, null, target: _peer.Target,
            progress: new Progress(_ => Interlocked.Increment(ref reported)));
        var invite = (await Arrived()).Single(r => r.Method == "INVITE");
        using (var bad = SipResponseBuilder.For(invite, 183).WithToTag("uas").AddContact(_peer.Uri("bob")).AddHeader("Require", "100rel").Build()) _peer.Send(bad, Alice);
        Assert.That(await Arrived(), Is.Empty);
        Assert.That(reported, Is.Zero);
        Assert.That(call.State, Is.EqualTo(SipCallState.Proceeding));
    }
}
