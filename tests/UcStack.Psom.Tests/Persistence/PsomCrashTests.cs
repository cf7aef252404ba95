using static UcStack.Psom.Tests.PsomHarness;

namespace UcStack.Psom.Tests.Persistence;

[TestFixture]
public sealed class PsomCrashTests
{
    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("psom-crash-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task Crash_BetweenAckAndNextChange_NothingAcknowledgedLost()
    {
        var crashing = new CrashingStore(new PsomFileObjectStore(_directory));
        await using var h = new PsomHarness(crashing);
        var alice = await h.ConnectAsync("alice", PsomRole.Presenter);
        var acknowledged = new List<long>();
        var deck = await alice.CreateAsync(1, PsomObjectTypes.SlideDeck, Props(("currentPage", 1L)), persistent: true).WaitAsync(Guard);
        acknowledged.Add(deck.ObjectId);
        await alice.UpdateAsync(deck.ObjectId, 1, Props(("currentPage", 7L))).WaitAsync(Guard);
        var qa = await alice.CreateAsync(1, PsomObjectTypes.QuestionBoard, persistent: true).WaitAsync(Guard);
        acknowledged.Add(qa.ObjectId);

        // The next change's store write "crashes" the process: it never completes and nothing after it runs.
        crashing.CrashOnNextSave = true;
        var doomed = alice.CreateAsync(1, PsomObjectTypes.Poll, persistent: true);
        await crashing.Crashed.WaitAsync(Guard);
        Assert.That(doomed.IsCompleted, Is.False, "a change whose store write did not finish is never acknowledged");

        // The write never reached the disk (the process "died" inside it); restart on the same directory
        // with a fresh store instance: what was acknowledged is all there.
        crashing.Release();
        await h.RestartAsync(new PsomFileObjectStore(_directory));
        var (_, objects) = await h.Server.GetTreeAsync(Conference);
        Assert.That(objects.Select(o => o.Id), Is.SupersetOf(acknowledged));
        Assert.That(objects.Single(o => o.Id == deck.ObjectId)["currentPage"].AsInteger(), Is.EqualTo(7));
        Assert.That(objects.Any(o => o.TypeName == PsomObjectTypes.Poll), Is.False);

        // Ids keep growing after the restart; nothing is reused.
        var bob = await h.ConnectAsync("bob", PsomRole.Presenter);
        var after = await bob.CreateAsync(1, "x.y", persistent: true).WaitAsync(Guard);
        Assert.That(after.ObjectId, Is.GreaterThan(qa.ObjectId));
    }

    [Test]
    public async Task StoreFailure_ChangeRefusedAndUndone()
    {
        var failing = new FailingStore();
        await using var h = new PsomHarness(failing);
        var alice = await h.ConnectAsync("alice", PsomRole.Presenter);
        var deck = await alice.CreateAsync(1, PsomObjectTypes.SlideDeck, Props(("currentPage", 1L)), persistent: true).WaitAsync(Guard);
        failing.Fail = true;
        var e = Assert.ThrowsAsync<PsomOperationException>(async () => await alice.UpdateAsync(deck.ObjectId, 1, Props(("currentPage", 2L))).WaitAsync(Guard));
        Assert.That(e!.Code, Is.EqualTo(PsomErrorCode.StoreFailed));
        var delete = Assert.ThrowsAsync<PsomOperationException>(async () => await alice.DeleteAsync(deck.ObjectId, 1).WaitAsync(Guard));
        Assert.That(delete!.Code, Is.EqualTo(PsomErrorCode.StoreFailed));
        failing.Fail = false;

        var (tree, objects) = await h.Server.GetTreeAsync(Conference);
        Assert.That(tree, Is.EqualTo(1));
        Assert.That(objects.Single(o => o.Id == deck.ObjectId).Version, Is.EqualTo(1));
        var ok = await alice.UpdateAsync(deck.ObjectId, 1, Props(("currentPage", 2L))).WaitAsync(Guard);
        Assert.That(ok.Version, Is.EqualTo(2));
        Assert.That(ok.TreeVersion, Is.EqualTo(2), "the refused changes left no gap in the tree version");
    }

    private sealed class CrashingStore(IPsomObjectStore inner) : IPsomObjectStore
    {
        private readonly TaskCompletionSource _crashed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool CrashOnNextSave { get; set; }

        public Task Crashed => _crashed.Task;

        public void Release() => _release.TrySetException(new IOException("process died"));

        public ValueTask<PsomStoredState?> LoadAsync(string conferenceId, CancellationToken cancellationToken = default) => inner.LoadAsync(conferenceId, cancellationToken);

        public async ValueTask SaveAsync(string conferenceId, PsomStoredState state, CancellationToken cancellationToken = default)
        {
            if (CrashOnNextSave)
            {
                _crashed.TrySetResult();
                await _release.Task;
            }

            await inner.SaveAsync(conferenceId, state, cancellationToken);
        }
    }

    private sealed class FailingStore : IPsomObjectStore
    {
        private readonly PsomMemoryObjectStore _inner = new();

        public bool Fail { get; set; }

        public ValueTask<PsomStoredState?> LoadAsync(string conferenceId, CancellationToken cancellationToken = default) => _inner.LoadAsync(conferenceId, cancellationToken);

        public ValueTask SaveAsync(string conferenceId, PsomStoredState state, CancellationToken cancellationToken = default) =>
            Fail ? throw new IOException("disk full") : _inner.SaveAsync(conferenceId, state, cancellationToken);
    }
}
