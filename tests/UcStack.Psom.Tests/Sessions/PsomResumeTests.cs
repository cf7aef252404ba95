using static UcStack.Psom.Tests.PsomHarness;

namespace UcStack.Psom.Tests.Sessions;

[TestFixture]
public sealed class PsomResumeTests
{
    [Test]
    public async Task LateJoiner_GetsSnapshotOfEverything()
    {
        await using var h = new PsomHarness();
        var alice = await h.ConnectAsync("alice", PsomRole.Presenter);
        var deck = await alice.CreateAsync(1, PsomObjectTypes.SlideDeck, Props(("currentPage", 3L))).WaitAsync(Guard);
        var qa = await alice.CreateAsync(1, PsomObjectTypes.QuestionBoard).WaitAsync(Guard);
        await alice.CreateAsync(qa.ObjectId, PsomObjectTypes.Question, Props(("text", "hi"))).WaitAsync(Guard);

        var late = await h.ConnectAsync("late", PsomRole.Attendee);
        Assert.That(late.Replica.Objects.Values, Is.EquivalentTo(alice.Replica.Objects.Values));
        Assert.That(late.Replica.Objects[deck.ObjectId]["currentPage"].AsInteger(), Is.EqualTo(3));
        Assert.That(late.Replica.TreeVersion, Is.EqualTo(3));
    }

    [Test]
    public async Task LateJoiner_LargeTree_SnapshotAndReplaySplitAcrossFrames()
    {
        await using var h = new PsomHarness(configure: o => o with { MaxFrameLength = PsomWireLimits.MinMaxFrameLength });
        var alice = await h.ConnectAsync("alice", PsomRole.Presenter);
        var bob = await h.ConnectAsync("bob", PsomRole.Attendee);
        var replica = bob.Replica;
        await bob.CloseAsync();
        var text = new string('s', 500);
        for (var i = 0; i < 40; i++)
        {
            await alice.CreateAsync(1, "x.note", Props(("text", text))).WaitAsync(Guard);
        }

        // 40 objects of ~500 bytes cannot fit one 4 KiB frame: both answers must arrive in several parts.
        var late = await h.ConnectAsync("late", PsomRole.Attendee);
        Assert.That(late.Replica.Objects, Has.Count.EqualTo(41));
        var again = await h.ConnectAsync("bob", PsomRole.Attendee, replica: replica, subscribe: false);
        Assert.That(await again.SubscribeAsync(resume: true).WaitAsync(Guard), Is.True);
        Assert.That(again.Replica.Objects.Values, Is.EquivalentTo(alice.Replica.Objects.Values));
    }

    [Test]
    public async Task Subscribe_Depth_LimitsSnapshotAndEvents()
    {
        await using var h = new PsomHarness();
        var alice = await h.ConnectAsync("alice", PsomRole.Presenter);
        var qa = await alice.CreateAsync(1, PsomObjectTypes.QuestionBoard).WaitAsync(Guard);
        var shallow = await h.ConnectAsync("shallow", PsomRole.Attendee, subscribe: false);
        await shallow.SubscribeAsync(1, depth: 1).WaitAsync(Guard);
        var question = await alice.CreateAsync(qa.ObjectId, PsomObjectTypes.Question).WaitAsync(Guard);
        var deck = await alice.CreateAsync(1, PsomObjectTypes.SlideDeck).WaitAsync(Guard);
        await EventuallyAsync(() => shallow.Replica.TryGet(deck.ObjectId, out _), "depth-1 child seen");
        Assert.That(shallow.Replica.TryGet(question.ObjectId, out _), Is.False, "depth-2 grandchild not seen");
    }

    [Test]
    public async Task Reconnect_SinceVersion_ReplaysOnlyMissedChanges()
    {
        await using var h = new PsomHarness();
        var alice = await h.ConnectAsync("alice", PsomRole.Presenter);
        var bob = await h.ConnectAsync("bob", PsomRole.Attendee);
        var deck = await alice.CreateAsync(1, PsomObjectTypes.SlideDeck, Props(("currentPage", 1L)), persistent: true).WaitAsync(Guard);
        await EventuallyAsync(() => bob.Replica.TryGet(deck.ObjectId, out _), "bob synced");
        var replica = bob.Replica;
        await bob.CloseAsync();

        await alice.UpdateAsync(deck.ObjectId, 1, Props(("currentPage", 2L))).WaitAsync(Guard);
        var extra = await alice.CreateAsync(1, PsomObjectTypes.QuestionBoard).WaitAsync(Guard);

        var again = await h.ConnectAsync("bob", PsomRole.Attendee, replica: replica, subscribe: false);
        var replayed = await again.SubscribeAsync(resume: true).WaitAsync(Guard);
        Assert.That(replayed, Is.True);
        Assert.That(again.Replica.Objects[deck.ObjectId]["currentPage"].AsInteger(), Is.EqualTo(2));
        Assert.That(again.Replica.TryGet(extra.ObjectId, out _), Is.True);
        Assert.That(again.Replica.Objects.Values, Is.EquivalentTo(alice.Replica.Objects.Values));
    }

    [Test]
    public async Task Reconnect_LogOverrun_FallsBackToSnapshot()
    {
        await using var h = new PsomHarness(configure: o => o with { TreeLimits = new PsomTreeLimits { ReplayLogCapacity = 2 } });
        var alice = await h.ConnectAsync("alice", PsomRole.Presenter);
        var bob = await h.ConnectAsync("bob", PsomRole.Attendee);
        var replica = bob.Replica;
        await bob.CloseAsync();
        for (var i = 0; i < 5; i++)
        {
            await alice.CreateAsync(1, "x.y").WaitAsync(Guard);
        }

        var again = await h.ConnectAsync("bob", PsomRole.Attendee, replica: replica, subscribe: false);
        Assert.That(await again.SubscribeAsync(resume: true).WaitAsync(Guard), Is.False);
        Assert.That(again.Replica.Objects.Values, Is.EquivalentTo(alice.Replica.Objects.Values));
    }

    [Test]
    public async Task Reconnect_AfterServerRestart_NewIncarnationForcesSnapshot()
    {
        var store = new PsomMemoryObjectStore();
        await using var h = new PsomHarness(store);
        var alice = await h.ConnectAsync("alice", PsomRole.Presenter);
        await alice.CreateAsync(1, PsomObjectTypes.SlideDeck, persistent: true).WaitAsync(Guard);
        await alice.CreateAsync(1, PsomObjectTypes.Whiteboard).WaitAsync(Guard);
        var replica = alice.Replica;
        await h.RestartAsync(store);

        var again = await h.ConnectAsync("alice", PsomRole.Presenter, replica: replica, subscribe: false);
        Assert.That(again.Incarnation, Is.Not.EqualTo(replica.Incarnation));
        Assert.That(await again.SubscribeAsync(resume: true).WaitAsync(Guard), Is.False);
        Assert.That(again.Replica.Objects.Values.Select(o => o.TypeName), Is.EquivalentTo(new[] { PsomObjectTypes.Conference, PsomObjectTypes.SlideDeck }));
    }
}
