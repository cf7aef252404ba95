using System.Collections.Immutable;
using UcStack.Faults.Tests.Simulation;
using UcStack.Psom;

namespace UcStack.Faults.Tests.Psom;

/// <summary>Psom sessions whose stream drops in the middle of a commit, then reconnect and resync.
/// docs/faults.md §Psom.</summary>
[TestFixture]
public sealed class PsomFaultTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);
    private static readonly string Big = new('x', 300);
    private LeakCheckingTimeProvider _clock = null!;
    private PsomAdmissionKey _key = null!;
    private PsomServer _server = null!;
    private readonly List<Task<PsomCloseReason>> _sessions = [];
    private readonly List<PsomClient> _clients = [];

    [SetUp]
    public void SetUp()
    {
        _clock = new LeakCheckingTimeProvider();
        _key = new PsomAdmissionKey(Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray());
        _server = new PsomServer(new PsomServerOptions { AdmissionKey = _key, TimeProvider = _clock });
    }

    [TearDown]
    public async Task TearDown()
    {
        foreach (var client in _clients) await client.DisposeAsync();
        await _server.DisposeAsync();
        await Task.WhenAll(_sessions).WaitAsync(Guard);
        _key.Dispose();
    }

    private async Task<(PsomClient Client, CuttableStream Stream, Task<PsomCloseReason> Session)> ConnectAsync(string user, PsomRole role, PsomReplica? replica = null, bool subscribe = true)
    {
        var stream = new CuttableStream();
        var session = _server.RunSessionAsync(stream.ServerEnd);
        _sessions.Add(session);
        var options = new PsomClientOptions
        {
            ConferenceId = "faults",
            User = user,
            Role = role,
            Token = PsomAdmissionToken.Issue(_key, "faults", user, role, TimeSpan.FromHours(1), _clock),
            TimeProvider = _clock,
        };
        var client = await PsomClient.ConnectAsync(stream.ClientEnd, options, replica).WaitAsync(Guard);
        _clients.Add(client);
        if (subscribe) await client.SubscribeAsync().WaitAsync(Guard);
        return (client, stream, session);
    }

    private static ImmutableSortedDictionary<string, PsomValue> Props(string a, string b, string c) =>
        PsomProperties.Of([KeyValuePair.Create("a", PsomValue.FromText(a)), KeyValuePair.Create("b", PsomValue.FromText(b)), KeyValuePair.Create("c", PsomValue.FromText(c))]);

    private static (string A, string B, string C) Read(PsomReplica replica, long id)
    {
        var o = replica.Objects[id];
        return (o["a"].AsText(), o["b"].AsText(), o["c"].AsText());
    }

    /// <summary>What the server holds, as a late joiner sees it.</summary>
    private async Task<PsomReplica> ServerStateAsync()
    {
        var (probe, _, _) = await ConnectAsync("probe-" + _clients.Count, PsomRole.Attendee);
        return probe.Replica;
    }

    // Byte offsets into the three-property Update frame (well over 900 bytes) at which the stream drops.
    [TestCase(0)]
    [TestCase(1)]
    [TestCase(3)]
    [TestCase(8)]
    [TestCase(40)]
    [TestCase(500)]
    [TestCase(900)]
    public async Task StreamDropsWhileTheCommitIsSent_NothingOfItIsAppliedAndTheResyncedReplicaMatches(int bytes)
    {
        var (alice, stream, session) = await ConnectAsync("alice", PsomRole.Presenter);
        var deck = await alice.CreateAsync(PsomObjectIds.Root, PsomObjectTypes.SlideDeck, Props("a0", "b0", "c0"), persistent: true).WaitAsync(Guard);
        var replica = alice.Replica;

        stream.CutUpAfter(bytes);
        var update = alice.UpdateAsync(deck.ObjectId, -1, Props("a1" + Big, "b1" + Big, "c1" + Big));

        // The caller gets a failure, not a hang; the server's session ends and the partial frame goes with it.
        Assert.That(async () => await update.WaitAsync(Guard), Throws.InstanceOf<PsomOperationException>());
        await session.WaitAsync(Guard);
        Assert.That(Read(await ServerStateAsync(), deck.ObjectId), Is.EqualTo(("a0", "b0", "c0")), "a commit cut short is not applied, not even in part");

        // Reconnect with the replica held so far and resume: the replica equals the server's state.
        var (again, _, _) = await ConnectAsync("alice", PsomRole.Presenter, replica, subscribe: false);
        await again.SubscribeAsync(resume: true).WaitAsync(Guard);
        Assert.That(again.Replica.Objects.Values, Is.EquivalentTo((await ServerStateAsync()).Objects.Values));
        var retried = await again.UpdateAsync(deck.ObjectId, -1, Props("a1", "b1", "c1")).WaitAsync(Guard);
        Assert.That(retried.RequestId, Is.Positive);
        Assert.That(Read(await ServerStateAsync(), deck.ObjectId), Is.EqualTo(("a1", "b1", "c1")));
        await ShutDownAndAssertNoLeaksAsync();
    }

    [TestCase(0)]
    [TestCase(5)]
    public async Task StreamDropsBeforeTheAckArrives_TheCommitIsWholeAndResumeReplaysIt(int bytes)
    {
        var (bob, _, _) = await ConnectAsync("bob", PsomRole.Attendee);
        var (alice, stream, session) = await ConnectAsync("alice", PsomRole.Presenter);
        var deck = await alice.CreateAsync(PsomObjectIds.Root, PsomObjectTypes.SlideDeck, Props("a0", "b0", "c0"), persistent: true).WaitAsync(Guard);
        var replica = alice.Replica;

        // The Update reaches the server whole; the way back drops inside the Ack.
        stream.CutDownAfter(bytes);
        var update = alice.UpdateAsync(deck.ObjectId, -1, Props("a1", "b1", "c1"));
        Assert.That(async () => await update.WaitAsync(Guard), Throws.InstanceOf<PsomOperationException>(), "the caller cannot know: it is told the session failed");
        await session.WaitAsync(Guard);

        // The server applied it whole, and everyone else saw the whole of it.
        Assert.That(Read(await ServerStateAsync(), deck.ObjectId), Is.EqualTo(("a1", "b1", "c1")));
        var deadline = DateTime.UtcNow + Guard;
        while (bob.Replica.Objects.TryGetValue(deck.ObjectId, out var seen) && seen["a"].AsText() != "a1" && DateTime.UtcNow < deadline) await Task.Yield();
        Assert.That(Read(bob.Replica, deck.ObjectId), Is.EqualTo(("a1", "b1", "c1")));

        // Resume replays the commit the Ack of which was lost, so alice learns its outcome.
        var (again, _, _) = await ConnectAsync("alice", PsomRole.Presenter, replica, subscribe: false);
        Assert.That(await again.SubscribeAsync(resume: true).WaitAsync(Guard), Is.True, "replayed from the log, not a snapshot");
        Assert.That(Read(again.Replica, deck.ObjectId), Is.EqualTo(("a1", "b1", "c1")));
        await ShutDownAndAssertNoLeaksAsync();
    }

    private async Task ShutDownAndAssertNoLeaksAsync()
    {
        foreach (var client in _clients) await client.DisposeAsync();
        _clients.Clear();
        await _server.DisposeAsync();
        await Task.WhenAll(_sessions).WaitAsync(Guard);
        Assert.That(_clock.Created, Is.Positive, "no timer was used: the leak check would prove nothing");
        Assert.That(await _clock.ArmedAfterCleanupAsync(), Is.Zero, () => "timers still armed: " + _clock.DescribeArmed());
    }
}
