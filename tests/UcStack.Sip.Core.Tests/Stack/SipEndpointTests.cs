using System.Text;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;

namespace UcStack.Sip.Tests.Stack;

[TestFixture]
public sealed class SipEndpointTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private FakeSipNetwork _net = null!;

    [SetUp]
    public void SetUp() => _net = new FakeSipNetwork();

    [TearDown]
    public async Task TearDown() => await _net.DisposeAsync();

    private static SipRequest Request(SipEndpoint from, SipEndpoint to, string method, string? body = null)
    {
        var builder = from.CreateRequest(method, FakeSipNetwork.UriOf(to, "bob"));
        if (body is not null) builder.SetBody(Encoding.UTF8.GetBytes(body), "text/plain");
        return builder.Build();
    }

    [Test]
    public async Task SendRequest_OptionsWithoutHandler_Gets200WithAllow()
    {
        var alice = _net.AddEndpoint("alice");
        var bob = _net.AddEndpoint("bob");
        var pending = alice.SendRequestAsync(Request(alice, bob, "OPTIONS"), FakeSipNetwork.TargetOf(bob));
        await _net.SettleAsync();
        using var response = await pending.WaitAsync(Bound);
        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(response.Headers.GetValues("Allow").Single(), Does.Contain("INVITE"));
        Assert.That(response.ToTag, Is.Not.Null);
    }

    [Test]
    public async Task TableFull_Answers503WithRetryAfter_KeepsNothing_AndRecoversAfterTimerJ()
    {
        var alice = _net.AddEndpoint("alice");
        var bob = _net.AddEndpoint("bob", configure: o => o with { MaxTransactions = 2, OverloadRetryAfter = TimeSpan.FromSeconds(7) });

        // Over UDP each answered OPTIONS keeps its server transaction for 64*T1 = 32 s (timer J, RFC 3261 §17.2.2).
        for (var i = 0; i < 2; i++)
        {
            var accepted = alice.SendRequestAsync(Request(alice, bob, "OPTIONS"), FakeSipNetwork.TargetOf(bob));
            await _net.SettleAsync();
            using var ok = await accepted.WaitAsync(Bound);
            Assert.That(ok.StatusCode, Is.EqualTo(200));
        }

        Assert.That(await bob.GetTransactionCountAsync().WaitAsync(Bound), Is.EqualTo(2));
        var refused = alice.SendRequestAsync(Request(alice, bob, "OPTIONS"), FakeSipNetwork.TargetOf(bob));
        await _net.SettleAsync();
        using (var overloaded = await refused.WaitAsync(Bound))
        {
            Assert.That(overloaded.StatusCode, Is.EqualTo(503));
            Assert.That(overloaded.Headers.GetValues("Retry-After").Single(), Is.EqualTo("7"));
        }

        Assert.That(await bob.GetTransactionCountAsync().WaitAsync(Bound), Is.EqualTo(2), "the refusal itself holds no transaction");

        // Timer J drains the table; the next request is served again.
        await _net.AdvanceAsync(TimeSpan.FromSeconds(33));
        Assert.That(await bob.GetTransactionCountAsync().WaitAsync(Bound), Is.EqualTo(0));
        var again = alice.SendRequestAsync(Request(alice, bob, "OPTIONS"), FakeSipNetwork.TargetOf(bob));
        await _net.SettleAsync();
        using var served = await again.WaitAsync(Bound);
        Assert.That(served.StatusCode, Is.EqualTo(200));
    }

    [TestCase(0.5)]
    [TestCase(3601)]
    public void Options_OverloadRetryAfterOutOfRange_Throws(double seconds)
    {
        var options = new SipEndpointOptions { OverloadRetryAfter = TimeSpan.FromSeconds(seconds) };
        Assert.That(() => _net.AddEndpoint("bob", configure: _ => options), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public async Task CreateRequest_HasMandatoryHeadersAndRportVia()
    {
        var alice = _net.AddEndpoint("alice");
        var bob = _net.AddEndpoint("bob");
        using var request = Request(alice, bob, "MESSAGE", "hi");
        Assert.That(request.TopViaBranch, Does.StartWith("z9hG4bK"));
        Assert.That(request.Vias[0].HasRPort, Is.True);
        Assert.That(request.Vias[0].Host, Is.EqualTo("192.0.2.1"));
        Assert.That(request.MaxForwards, Is.EqualTo(70));
        Assert.That(request.ContentLength, Is.EqualTo(2));
        Assert.That(request.FromTag, Is.Not.Null.And.Length.GreaterThanOrEqualTo(16));
        Assert.That(request.Headers.GetValues("User-Agent").Single(), Is.EqualTo("UcStack"));
    }

    [Test]
    public async Task SendRequest_Message_HandlerSeesBodyAndAnswers()
    {
        var alice = _net.AddEndpoint("alice");
        var bob = _net.AddEndpoint("bob");
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        bob.RequestReceived = async incoming =>
        {
            seen.TrySetResult(Encoding.UTF8.GetString(incoming.Request.Body.Span));
            await incoming.RespondAsync(202);
        };
        var pending = alice.SendRequestAsync(Request(alice, bob, "MESSAGE", "hello bob"), FakeSipNetwork.TargetOf(bob));
        await _net.SettleAsync();
        Assert.That(await seen.Task.WaitAsync(Bound), Is.EqualTo("hello bob"));
        using var response = await pending.WaitAsync(Bound);
        Assert.That(response.StatusCode, Is.EqualTo(202));
    }

    [Test]
    public async Task SendRequest_NoAnswer_RetransmitsThenTimesOutAt64T1()
    {
        var alice = _net.AddEndpoint("alice");
        var bob = _net.AddEndpoint("bob");
        bob.RequestReceived = _ => Task.CompletedTask; // never answers
        var pending = alice.SendRequestAsync(Request(alice, bob, "MESSAGE", "x"), FakeSipNetwork.TargetOf(bob));
        await _net.AdvanceAsync(TimeSpan.FromSeconds(31.9));
        Assert.That(pending.IsCompleted, Is.False);
        await _net.AdvanceAsync(TimeSpan.FromSeconds(0.2));
        Assert.That(async () => await pending.WaitAsync(Bound), Throws.TypeOf<SipRequestTimeoutException>());

        // RFC 3261 §17.1.2.2: timer E at 0.5, 1.5, 3.5, 7.5, then every T2 = 4 s until 32 s: 11 copies in all.
        Assert.That(_net.Requests("MESSAGE").Count(), Is.EqualTo(11));
    }

    [Test]
    public async Task SendRequest_NoRoute_SurfacesTransportError()
    {
        var alice = _net.AddEndpoint("alice");
        var nowhere = new SipTransportTarget(SipTransportProtocol.Udp, new System.Net.IPEndPoint(System.Net.IPAddress.Parse("198.51.100.9"), 5060));
        var pending = alice.SendRequestAsync(alice.CreateRequest("OPTIONS", "sip:x@198.51.100.9").Build(), nowhere);
        await _net.SettleAsync();
        Assert.That(async () => await pending.WaitAsync(Bound), Throws.TypeOf<SipTransportException>());
    }

    [Test]
    public async Task Retransmitted_Request_ReachesHandlerOnceAndGetsTheResponseAgain()
    {
        var alice = _net.AddEndpoint("alice");
        var bob = _net.AddEndpoint("bob");
        var calls = 0;
        bob.RequestReceived = incoming =>
        {
            Interlocked.Increment(ref calls);
            return incoming.RespondAsync(200);
        };

        // Lose the first 200: alice retransmits at T1 and bob's transaction answers from its Completed state.
        var dropped = 0;
        _net.Drop = w => w.Status == 200 && Interlocked.Increment(ref dropped) == 1;
        var pending = alice.SendRequestAsync(Request(alice, bob, "MESSAGE", "x"), FakeSipNetwork.TargetOf(bob));
        await _net.SettleAsync();
        Assert.That(dropped, Is.EqualTo(1), "settling waits for the handler that answered");
        await _net.AdvanceAsync(TimeSpan.FromMilliseconds(600));
        using var response = await pending.WaitAsync(Bound);
        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(calls, Is.EqualTo(1));
        Assert.That(_net.Requests("MESSAGE").Count(), Is.EqualTo(2));
    }

    [Test]
    public async Task Handler_Throws_500IsSent()
    {
        var alice = _net.AddEndpoint("alice");
        var bob = _net.AddEndpoint("bob");
        bob.RequestReceived = _ => throw new InvalidOperationException("boom");
        var pending = alice.SendRequestAsync(Request(alice, bob, "INFO"), FakeSipNetwork.TargetOf(bob));
        using var response = await SettleUntil(pending);
        Assert.That(response.StatusCode, Is.EqualTo(500));
    }

    [Test]
    public async Task Request_WithUnknownToTag_Gets481()
    {
        var alice = _net.AddEndpoint("alice");
        var bob = _net.AddEndpoint("bob");
        var request = alice.CreateRequest("INFO", FakeSipNetwork.UriOf(bob, "bob")).SetTo(FakeSipNetwork.UriOf(bob, "bob"), null, "no-such-tag").Build();
        using var response = await SettleUntil(alice.SendRequestAsync(request, FakeSipNetwork.TargetOf(bob)));
        Assert.That(response.StatusCode, Is.EqualTo(481));
    }

    [Test]
    public async Task Request_WithRequire_Gets420WithUnsupported()
    {
        var alice = _net.AddEndpoint("alice");
        var bob = _net.AddEndpoint("bob");
        var request = alice.CreateRequest("OPTIONS", FakeSipNetwork.UriOf(bob, "bob")).AddHeader("Require", "foo, bar").Build();
        using var response = await SettleUntil(alice.SendRequestAsync(request, FakeSipNetwork.TargetOf(bob)));
        Assert.That(response.StatusCode, Is.EqualTo(420));
        Assert.That(response.Headers.GetValues("Unsupported").Single(), Is.EqualTo("foo, bar"));
    }

    [Test]
    public async Task UnknownMethodWithHandlerUnset_Gets405WithAllow()
    {
        var alice = _net.AddEndpoint("alice");
        var bob = _net.AddEndpoint("bob");
        using var response = await SettleUntil(alice.SendRequestAsync(Request(alice, bob, "PUBLISH"), FakeSipNetwork.TargetOf(bob)));
        Assert.That(response.StatusCode, Is.EqualTo(405));
        Assert.That(response.Headers.Contains("Allow"), Is.True);
    }

    [Test]
    public async Task FullTransactionTable_Gets503()
    {
        var alice = _net.AddEndpoint("alice");
        var bob = _net.AddEndpoint("bob", configure: o => o with { MaxTransactions = 1 });
        bob.RequestReceived = _ => Task.CompletedTask; // the first one holds the only slot
        var first = alice.SendRequestAsync(Request(alice, bob, "INFO"), FakeSipNetwork.TargetOf(bob));
        using var second = await SettleUntil(alice.SendRequestAsync(Request(alice, bob, "INFO"), FakeSipNetwork.TargetOf(bob)));
        Assert.That(second.StatusCode, Is.EqualTo(503));
        Assert.That(first.IsCompleted, Is.False);
    }

    [Test]
    public async Task SendRequest_Invite_IsRejected()
    {
        var alice = _net.AddEndpoint("alice");
        using var invite = alice.CreateRequest("INVITE", "sip:bob@192.0.2.99").Build();
        Assert.That(() => alice.SendRequestAsync(invite, FakeSipNetwork.TargetOf(alice)), Throws.ArgumentException);
    }

    [Test]
    public async Task Dispose_ReleasesEveryTimerAndFailsPendingRequests()
    {
        var alice = _net.AddEndpoint("alice");
        var bob = _net.AddEndpoint("bob");
        bob.RequestReceived = _ => Task.CompletedTask;
        var pending = alice.SendRequestAsync(Request(alice, bob, "MESSAGE", "x"), FakeSipNetwork.TargetOf(bob));
        await _net.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.That(_net.Clock.LiveTimers, Is.GreaterThan(0));
        await alice.DisposeAsync();
        await bob.DisposeAsync();
        Assert.That(_net.Clock.LiveTimers, Is.Zero);
        Assert.That(async () => await pending.WaitAsync(Bound), Throws.TypeOf<ObjectDisposedException>());
    }

    [Test]
    public async Task Transactions_AreReleasedAfterTimerK()
    {
        var alice = _net.AddEndpoint("alice");
        var bob = _net.AddEndpoint("bob");
        using var response = await SettleUntil(alice.SendRequestAsync(Request(alice, bob, "OPTIONS"), FakeSipNetwork.TargetOf(bob)));
        Assert.That(await alice.GetTransactionCountAsync(), Is.EqualTo(1));
        await _net.AdvanceAsync(TimeSpan.FromSeconds(33));
        Assert.That(await alice.GetTransactionCountAsync(), Is.Zero);
        Assert.That(await bob.GetTransactionCountAsync(), Is.Zero);
        Assert.That(_net.Clock.LiveTimers, Is.Zero);
    }

    /// <summary>Awaits work that finishes without fake time moving (handlers run on the thread pool and the
    /// endpoints' own loops carry it through); the real-time bound only turns a bug into a failure.</summary>
    private static Task<T> SettleUntil<T>(Task<T> task) => task.WaitAsync(Bound);
}
