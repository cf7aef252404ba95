using System.Globalization;
using System.Text;
using UcStack.Sip.Stack;
using UcStack.Sip.UserAgent;

namespace UcStack.Faults.Tests.Sip;

/// <summary>SUBSCRIBE/NOTIFY (RFC 6665) through loss, duplication and reordering. docs/faults.md §SIP.</summary>
[TestFixture]
public sealed class SipSubscriptionFaultTests
{
    private SipFaultHarness _net = null!;
    private SipEndpoint _alice = null!;
    private SipEndpoint _bob = null!;
    private TaskCompletionSource<SipNotifier> _notifier = null!;

    [TearDown]
    public async Task TearDown() => await _net.DisposeAsync();

    private async Task<(SipSubscription Subscription, SipNotifier Notifier, List<string> Seen)> SubscribeAsync(int seed, double loss)
    {
        _net = new SipFaultHarness(seed, SipFaultHarness.Rough(loss));
        _alice = _net.Add("alice", "10.0.0.1");
        _bob = _net.Add("bob", "10.0.0.2");
        var alice = new SipUserAgent(_alice);
        var bob = new SipUserAgent(_bob);
        _notifier = new TaskCompletionSource<SipNotifier>(TaskCreationOptions.RunContinuationsAsynchronously);
        bob.SubscriptionReceived = async incoming => _notifier.TrySetResult(await incoming.AcceptAsync(Encoding.ASCII.GetBytes("0"), "text/plain"));
        var subscribe = alice.SubscribeAsync(SipFaultHarness.UriOf(_bob, "bob"), "presence", TimeSpan.FromSeconds(600), "text/plain");
        Assert.That(await _net.RunUntilAsync(() => subscribe.IsCompleted, TimeSpan.FromSeconds(33)), Is.True);
        var subscription = await subscribe;
        var seen = new List<string>();
        subscription.NotificationReceived += (_, n) => { lock (seen) seen.Add(Encoding.ASCII.GetString(n.Body.Span)); };
        var notifier = await _notifier.Task.WaitAsync(SipFaultHarness.Bound);
        Assert.That(await _net.RunUntilAsync(() => subscription.State == SipSubscriptionState.Active, TimeSpan.FromSeconds(33)), Is.True, "the first NOTIFY never arrived");
        return (subscription, notifier, seen);
    }

    private async Task EndAsync(SipSubscription subscription, SipNotifier notifier)
    {
        var unsubscribe = subscription.UnsubscribeAsync();
        Assert.That(await _net.RunUntilAsync(() => unsubscribe.IsCompleted && notifier.Terminated.IsCompleted && subscription.Terminated.IsCompleted, TimeSpan.FromSeconds(40)), Is.True);
        await unsubscribe;
        await _net.AssertNoLeaksAsync(_alice, _bob);
    }

    [TestCase(31)]
    [TestCase(32)]
    [TestCase(33)]
    public async Task Notify_ThirtyPercentLoss_EveryStateArrivesOnceInOrder(int seed)
    {
        var (subscription, notifier, seen) = await SubscribeAsync(seed, 0.3);
        for (var i = 1; i <= 5; i++)
        {
            await notifier.NotifyAsync(Encoding.ASCII.GetBytes(i.ToString(CultureInfo.InvariantCulture)), "text/plain");

            // Waiting for each state before the next keeps one NOTIFY in flight, as RFC 6665 §4.2.2 asks of a notifier.
            var expected = i.ToString(CultureInfo.InvariantCulture);
            Assert.That(await _net.RunUntilAsync(() => { lock (seen) return seen.Contains(expected); }, TimeSpan.FromSeconds(33)), Is.True, $"state {i} never arrived");
            await _net.RunAsync(TimeSpan.FromSeconds(1));
        }

        // Retransmissions and duplicates are absorbed by the server transaction (RFC 3261 §17.2.2).
        // (The initial state "0" may come before the handler was attached, depending on what was lost.)
        lock (seen) Assert.That(seen.Where(s => s != "0"), Is.EqualTo(new[] { "1", "2", "3", "4", "5" }));
        await EndAsync(subscription, notifier);
    }

    [Test]
    public async Task Notify_BackToBackUnderReordering_SubscriberEndsOnTheLatestStateNeverGoesBack()
    {
        var (subscription, notifier, seen) = await SubscribeAsync(34, 0.2);
        for (var i = 1; i <= 8; i++) await notifier.NotifyAsync(Encoding.ASCII.GetBytes(i.ToString(CultureInfo.InvariantCulture)), "text/plain");
        await _net.RunAsync(TimeSpan.FromSeconds(35));

        // RFC 3261 §12.2.2: a NOTIFY overtaken by a newer one has a lower CSeq and is refused, so the subscriber may
        // skip a state but never goes back to an older one, and ends on the newest.
        List<int> numbers;
        lock (seen) numbers = seen.Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        Assert.That(numbers, Is.Ordered.Ascending.And.Unique);
        Assert.That(numbers[^1], Is.EqualTo(8));
        await EndAsync(subscription, notifier);
    }
}
