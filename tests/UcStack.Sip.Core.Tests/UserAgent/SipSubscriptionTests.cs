using System.Text;
using UcStack.Sip.Stack;
using UcStack.Sip.Tests.Stack;
using UcStack.Sip.UserAgent;

namespace UcStack.Sip.Tests.UserAgent;

[TestFixture]
public sealed class SipSubscriptionTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private FakeSipNetwork _net = null!;
    private SipEndpoint _aliceEndpoint = null!;
    private SipEndpoint _bobEndpoint = null!;
    private SipUserAgent _alice = null!;
    private SipUserAgent _bob = null!;
    private TaskCompletionSource<SipNotifier> _notifier = null!;

    [SetUp]
    public void SetUp()
    {
        _net = new FakeSipNetwork();
        _aliceEndpoint = _net.AddEndpoint("alice");
        _bobEndpoint = _net.AddEndpoint("bob");
        _alice = new SipUserAgent(_aliceEndpoint);
        _bob = new SipUserAgent(_bobEndpoint);
        _notifier = new TaskCompletionSource<SipNotifier>(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _net.DisposeAsync();
        Assert.That(_net.Clock.LiveTimers, Is.Zero);
    }

    private void AcceptSubscriptions(TimeSpan? grant = null) => _bob.SubscriptionReceived = async incoming =>
    {
        Assert.That(incoming.EventPackage, Is.EqualTo("presence"));
        _notifier.TrySetResult(await incoming.AcceptAsync(Encoding.ASCII.GetBytes("open"), "text/plain", grant));
    };

    private static List<SipNotification> Collect(SipSubscription subscription)
    {
        var list = new List<SipNotification>();
        subscription.NotificationReceived += (_, n) => { lock (list) list.Add(n); };
        return list;
    }

    /// <summary>Settling waits for the notifier's handler, the NOTIFY it sends and the events it raises.</summary>
    private async Task SettledThen(Func<bool> condition)
    {
        await _net.SettleAsync();
        Assert.That(condition(), Is.True, "not reached once the network settled");
    }

    private Task<SipSubscription> Subscribe() =>
        _alice.SubscribeAsync(FakeSipNetwork.UriOf(_bobEndpoint, "bob"), "presence", TimeSpan.FromSeconds(600), "text/plain");

    [Test]
    public async Task Lifecycle_ActiveRefreshNotifyTerminatedByNotifier()
    {
        AcceptSubscriptions();
        var subscription = await Subscribe().WaitAsync(Bound);
        var notifications = Collect(subscription);
        var notifier = await _notifier.Task.WaitAsync(Bound);
        await SettledThen(() => subscription.State == SipSubscriptionState.Active);
        Assert.That(notifier.State, Is.EqualTo(SipSubscriptionState.Active));
        using (var first = (SipRequest)_net.Requests("NOTIFY").Single().Parse())
        {
            Assert.That(first.Headers.GetValues("Subscription-State").Single(), Is.EqualTo("active;expires=600"));
            Assert.That(first.Headers.GetValues("Event").Single(), Is.EqualTo("presence"));
        }

        // 600 s granted: the refresh goes 30 s before expiry, in the dialog.
        await _net.AdvanceAsync(TimeSpan.FromSeconds(569), stepMs: 1000);
        Assert.That(_net.Requests("SUBSCRIBE").Count(), Is.EqualTo(1));
        await _net.AdvanceAsync(TimeSpan.FromSeconds(1), stepMs: 1000);
        Assert.That(_net.Requests("SUBSCRIBE").Count(), Is.EqualTo(2));
        using (var refresh = (SipRequest)_net.Requests("SUBSCRIBE").Last().Parse()) Assert.That(refresh.ToTag, Is.Not.Null);

        await notifier.NotifyAsync(Encoding.ASCII.GetBytes("closed"), "text/plain");
        await notifier.TerminateAsync("noresource");
        Assert.That(await subscription.Terminated.WaitAsync(Bound), Is.EqualTo("noresource"));
        Assert.That(subscription.State, Is.EqualTo(SipSubscriptionState.Terminated));
        await SettledThen(() => { lock (notifications) return notifications.Count > 0 && notifications[^1].State == SipSubscriptionState.Terminated; });
        lock (notifications)
        {
            // The first NOTIFY ("open") may precede the subscription to the event; events keep their order.
            Assert.That(notifications.Select(n => Encoding.ASCII.GetString(n.Body.Span)).TakeLast(3), Is.EqualTo(new[] { "", "closed", "" }));
            Assert.That(notifications[^1].Reason, Is.EqualTo("noresource"));
        }

        Assert.That(await _aliceEndpoint.GetDialogCountAsync(), Is.Zero);
        Assert.That(await _bobEndpoint.GetDialogCountAsync(), Is.Zero);
    }

    [Test]
    public async Task NotifyBeforeTwoHundred_CreatesTheDialog()
    {
        AcceptSubscriptions();
        var okays = 0;
        _net.Drop = w => w.Status == 200 && w.CSeqMethod == "SUBSCRIBE" && Interlocked.Increment(ref okays) == 1;
        var subscribing = Subscribe();
        await _notifier.Task.WaitAsync(Bound);
        await _net.SettleAsync();
        Assert.That(subscribing.IsCompleted, Is.False, "the 200 was lost");
        Assert.That(_net.Requests("NOTIFY").Count(), Is.EqualTo(1));
        Assert.That(_net.Responses(200, "NOTIFY").Count(), Is.EqualTo(1), "the NOTIFY was taken, not refused with 481");
        await _net.AdvanceAsync(TimeSpan.FromMilliseconds(600));
        var subscription = await subscribing.WaitAsync(Bound);
        Assert.That(subscription.State, Is.EqualTo(SipSubscriptionState.Active));
        Assert.That(await _aliceEndpoint.GetDialogCountAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task NoSubscriptionHandler_Gets489()
    {
        var failure = Assert.ThrowsAsync<SipSubscriptionException>(async () => await Subscribe().WaitAsync(Bound));
        Assert.That(failure!.StatusCode, Is.EqualTo(489));
    }

    [Test]
    public async Task Dispose_Unsubscribes_NotifierSendsTerminated()
    {
        AcceptSubscriptions();
        var subscription = await Subscribe().WaitAsync(Bound);
        var notifier = await _notifier.Task.WaitAsync(Bound);
        await SettledThen(() => subscription.State == SipSubscriptionState.Active);
        await subscription.DisposeAsync().AsTask().WaitAsync(Bound);
        Assert.That(await notifier.Terminated.WaitAsync(Bound), Is.EqualTo("timeout"));

        // The subscriber ends either by the notifier's final NOTIFY (reason=timeout, RFC 6665 §4.1.2.3) or by its
        // own disposal finishing first; which one arrives first is a race the API does not promise to order.
        Assert.That(await subscription.Terminated.WaitAsync(Bound), Is.AnyOf("timeout", "disposed"));
        using var unsubscribe = (SipRequest)_net.Requests("SUBSCRIBE").Last().Parse();
        Assert.That(unsubscribe.Expires, Is.EqualTo(0u));
    }

    [Test]
    public async Task Notifier_ExpiresUnrefreshedSubscription()
    {
        AcceptSubscriptions(TimeSpan.FromSeconds(60));
        var subscription = await Subscribe().WaitAsync(Bound);
        var notifier = await _notifier.Task.WaitAsync(Bound);
        _net.Drop = w => w.Method == "SUBSCRIBE"; // refreshes are lost
        await _net.AdvanceAsync(TimeSpan.FromSeconds(61), stepMs: 1000);
        Assert.That(await notifier.Terminated.WaitAsync(Bound), Is.EqualTo("timeout"));
        Assert.That(await subscription.Terminated.WaitAsync(Bound), Is.Not.Null);
    }

    [Test]
    public async Task NoNotifyWithin64T1OfTheTwoHundred_TerminatesTheSubscription()
    {
        // The notifier answers 200 but never sends the NOTIFY that RFC 6665 §4.1.2.4 requires.
        _bob.SubscriptionReceived = incoming => incoming.Request.RespondAsync(200, headers: [new("Expires", "600")]);
        var subscription = await Subscribe().WaitAsync(Bound);
        await _net.AdvanceAsync(TimeSpan.FromSeconds(31.9));
        Assert.That(subscription.State, Is.EqualTo(SipSubscriptionState.Initial));
        Assert.That(subscription.Terminated.IsCompleted, Is.False);
        await _net.AdvanceAsync(TimeSpan.FromSeconds(0.2));
        Assert.That(await subscription.Terminated.WaitAsync(Bound), Is.EqualTo(SipSubscription.NoNotifyReason));
        Assert.That(subscription.State, Is.EqualTo(SipSubscriptionState.Terminated));
        Assert.That(await _aliceEndpoint.GetDialogCountAsync(), Is.Zero);
    }

    [Test]
    public async Task NotifyAfterTheTwoHundred_StopsTheNoNotifyTimer()
    {
        AcceptSubscriptions();
        var subscription = await Subscribe().WaitAsync(Bound);
        await SettledThen(() => subscription.State == SipSubscriptionState.Active);
        await _net.AdvanceAsync(TimeSpan.FromSeconds(40), stepMs: 1000);
        Assert.That(subscription.State, Is.EqualTo(SipSubscriptionState.Active));
        Assert.That(subscription.Terminated.IsCompleted, Is.False);
    }
}
