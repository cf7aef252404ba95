using System.Collections.Immutable;
using static UcStack.Psom.Tests.PsomHarness;

namespace UcStack.Psom.Tests.Sessions;

[TestFixture]
public sealed class PsomSessionTests
{
    [Test]
    public async Task Connect_ValidToken_WelcomesAndSnapshotsRoot()
    {
        await using var h = new PsomHarness();
        var client = await h.ConnectAsync("alice", PsomRole.Presenter);
        Assert.That(client.Version, Is.EqualTo(1));
        Assert.That(client.SessionId, Is.GreaterThan(0));
        Assert.That(client.Replica.TryGet(PsomObjectIds.Root, out var root), Is.True);
        Assert.That(root.TypeName, Is.EqualTo(PsomObjectTypes.Conference));
        Assert.That(h.Server.Sessions.Single().User, Is.EqualTo("alice"));
    }

    [TestCase("forged")]
    [TestCase("expired")]
    [TestCase("otherConference")]
    [TestCase("otherUser")]
    [TestCase("otherRole")]
    public async Task Connect_BadToken_RefusedWithoutAffectingOthers(string flaw)
    {
        await using var h = new PsomHarness();
        var alice = await h.ConnectAsync("alice", PsomRole.Presenter);
        byte[] token = flaw switch
        {
            "forged" => Forge(h.Token("mallory", PsomRole.Presenter)),
            "expired" => h.Token("mallory", PsomRole.Presenter, lifetime: TimeSpan.FromSeconds(1)),
            "otherConference" => h.Token("mallory", PsomRole.Presenter, conference: "conf-2"),
            "otherUser" => h.Token("bob", PsomRole.Presenter),
            _ => h.Token("mallory", PsomRole.Attendee),
        };
        if (flaw == "expired")
        {
            h.Time.Advance(TimeSpan.FromSeconds(2));
        }

        var e = Assert.ThrowsAsync<PsomOperationException>(async () => await h.ConnectAsync("mallory", PsomRole.Presenter, token: token));
        Assert.That(e!.Code, Is.EqualTo(PsomErrorCode.AdmissionDenied));

        var ack = await alice.CreateAsync(PsomObjectIds.Root, PsomObjectTypes.QuestionBoard).WaitAsync(Guard);
        Assert.That(ack.ObjectId, Is.GreaterThan(PsomObjectIds.Root));
    }

    [Test]
    public async Task Connect_NoCommonVersion_RefusedWithUnsupportedVersion()
    {
        await using var h = new PsomHarness();
        var options = h.Options("alice", PsomRole.Presenter) with { Versions = [7, 9] };
        var e = Assert.ThrowsAsync<PsomOperationException>(async () => await PsomClient.ConnectAsync(h.OpenRaw(), options).WaitAsync(Guard));
        Assert.That(e!.Code, Is.EqualTo(PsomErrorCode.UnsupportedVersion));
    }

    [Test]
    public async Task Create_ByPresenter_ReachesOtherSubscriberBeforeAck()
    {
        await using var h = new PsomHarness();
        var alice = await h.ConnectAsync("alice", PsomRole.Presenter);
        var bob = await h.ConnectAsync("bob", PsomRole.Attendee);
        var ack = await alice.CreateAsync(PsomObjectIds.Root, PsomObjectTypes.SlideDeck, Props(("title", "Q4"), ("currentPage", 1L)), persistent: true).WaitAsync(Guard);
        Assert.That(alice.Replica.TryGet(ack.ObjectId, out var mine), Is.True, "the requester's Event precedes its Ack");
        Assert.That(mine["title"].AsText(), Is.EqualTo("Q4"));
        await EventuallyAsync(() => bob.Replica.TryGet(ack.ObjectId, out _), "bob sees the deck");
        Assert.That(bob.Replica.Objects[ack.ObjectId], Is.EqualTo(mine));
        Assert.That(ack.TreeVersion, Is.EqualTo(1));
        Assert.That(ack.Version, Is.EqualTo(1));
    }

    [Test]
    public async Task Update_StaleBase_ConflictCarriesCurrentState()
    {
        await using var h = new PsomHarness();
        var alice = await h.ConnectAsync("alice", PsomRole.Presenter);
        var deck = await alice.CreateAsync(PsomObjectIds.Root, PsomObjectTypes.SlideDeck, Props(("currentPage", 1L))).WaitAsync(Guard);
        var second = await alice.UpdateAsync(deck.ObjectId, 1, Props(("currentPage", 2L))).WaitAsync(Guard);
        Assert.That(second.Version, Is.EqualTo(2));
        var e = Assert.ThrowsAsync<PsomOperationException>(async () => await alice.UpdateAsync(deck.ObjectId, 1, Props(("currentPage", 5L))).WaitAsync(Guard));
        Assert.That(e!.Code, Is.EqualTo(PsomErrorCode.Conflict));
        Assert.That(e.Current!.Version, Is.EqualTo(2));
        Assert.That(e.Current["currentPage"].AsInteger(), Is.EqualTo(2));
    }

    [Test]
    public async Task Update_NullValue_RemovesProperty()
    {
        await using var h = new PsomHarness();
        var alice = await h.ConnectAsync("alice", PsomRole.Presenter);
        var deck = await alice.CreateAsync(PsomObjectIds.Root, PsomObjectTypes.SlideDeck, Props(("title", "x"), ("note", "y"))).WaitAsync(Guard);
        await alice.UpdateAsync(deck.ObjectId, -1, PsomProperties.Empty.Add("note", PsomValue.Null)).WaitAsync(Guard);
        Assert.That(alice.Replica.Objects[deck.ObjectId].Properties.ContainsKey("note"), Is.False);
        Assert.That(alice.Replica.Objects[deck.ObjectId]["title"].AsText(), Is.EqualTo("x"));
    }

    [Test]
    public async Task Delete_Subtree_RemovesDescendantsEverywhere()
    {
        await using var h = new PsomHarness();
        var alice = await h.ConnectAsync("alice", PsomRole.Presenter);
        var bob = await h.ConnectAsync("bob", PsomRole.Attendee);
        var board = await alice.CreateAsync(PsomObjectIds.Root, PsomObjectTypes.QuestionBoard).WaitAsync(Guard);
        var question = await bob.CreateAsync(board.ObjectId, PsomObjectTypes.Question, Props(("text", "why?"))).WaitAsync(Guard);
        await alice.DeleteAsync(board.ObjectId, 1).WaitAsync(Guard);
        await EventuallyAsync(() => !bob.Replica.TryGet(question.ObjectId, out _) && !bob.Replica.TryGet(board.ObjectId, out _), "subtree gone");
        var (_, objects) = await h.Server.GetTreeAsync(Conference);
        Assert.That(objects.Select(o => o.Id), Is.EqualTo(new[] { PsomObjectIds.Root }));
    }

    [Test]
    public async Task Attendee_RolesLimitWhatTheyMayDo()
    {
        await using var h = new PsomHarness();
        var alice = await h.ConnectAsync("alice", PsomRole.Presenter);
        var bob = await h.ConnectAsync("bob", PsomRole.Attendee);
        var carol = await h.ConnectAsync("carol", PsomRole.Attendee);

        var forbidden = Assert.ThrowsAsync<PsomOperationException>(async () => await bob.CreateAsync(PsomObjectIds.Root, PsomObjectTypes.SlideDeck).WaitAsync(Guard));
        Assert.That(forbidden!.Code, Is.EqualTo(PsomErrorCode.Forbidden));

        var poll = await alice.CreateAsync(PsomObjectIds.Root, PsomObjectTypes.Poll, Props(("question", "Lunch?"), ("choices", "yes\nno"))).WaitAsync(Guard);
        var vote = await bob.CreateAsync(poll.ObjectId, PsomObjectTypes.PollVote, Props(("choice", 0L))).WaitAsync(Guard);
        await bob.UpdateAsync(vote.ObjectId, vote.Version, Props(("choice", 1L))).WaitAsync(Guard);

        var notHers = Assert.ThrowsAsync<PsomOperationException>(async () => await carol.UpdateAsync(vote.ObjectId, -1, Props(("choice", 0L))).WaitAsync(Guard));
        Assert.That(notHers!.Code, Is.EqualTo(PsomErrorCode.Forbidden));
        var notThePoll = Assert.ThrowsAsync<PsomOperationException>(async () => await bob.UpdateAsync(poll.ObjectId, -1, Props(("closed", true))).WaitAsync(Guard));
        Assert.That(notThePoll!.Code, Is.EqualTo(PsomErrorCode.Forbidden));

        await alice.UpdateAsync(poll.ObjectId, -1, Props(("closed", true))).WaitAsync(Guard);
        var closed = Assert.ThrowsAsync<PsomOperationException>(async () => await carol.CreateAsync(poll.ObjectId, PsomObjectTypes.PollVote, Props(("choice", 0L))).WaitAsync(Guard));
        Assert.That(closed!.Code, Is.EqualTo(PsomErrorCode.Forbidden));

        var tally = await alice.InvokeAsync(poll.ObjectId, "tally").WaitAsync(Guard);
        Assert.That(tally["total"].AsInteger(), Is.EqualTo(1));
        Assert.That(tally["count.1"].AsInteger(), Is.EqualTo(1));
    }

    [Test]
    public async Task Leave_NonPersistentObjectsGo_PersistentStay()
    {
        await using var h = new PsomHarness();
        var observer = await h.ConnectAsync("obs", PsomRole.Attendee);
        var alice = await h.ConnectAsync("alice", PsomRole.Presenter);
        var kept = await alice.CreateAsync(PsomObjectIds.Root, PsomObjectTypes.SlideDeck, persistent: true).WaitAsync(Guard);
        var gone = await alice.CreateAsync(PsomObjectIds.Root, PsomObjectTypes.Whiteboard).WaitAsync(Guard);
        await alice.CreateAsync(gone.ObjectId, PsomObjectTypes.Stroke).WaitAsync(Guard);
        await alice.CloseAsync();
        await EventuallyAsync(() => !observer.Replica.TryGet(gone.ObjectId, out _), "whiteboard removed with its owner");
        Assert.That(observer.Replica.TryGet(kept.ObjectId, out _), Is.True);
        Assert.That(observer.Replica.Objects, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Create_PersistentUnderNonPersistent_Refused()
    {
        await using var h = new PsomHarness();
        var alice = await h.ConnectAsync("alice", PsomRole.Presenter);
        var board = await alice.CreateAsync(PsomObjectIds.Root, PsomObjectTypes.Whiteboard).WaitAsync(Guard);
        var e = Assert.ThrowsAsync<PsomOperationException>(async () => await alice.CreateAsync(board.ObjectId, PsomObjectTypes.Stroke, persistent: true).WaitAsync(Guard));
        Assert.That(e!.Code, Is.EqualTo(PsomErrorCode.InvalidArgument));
    }

    [Test]
    public async Task Invoke_UnknownMethod_MethodNotFound()
    {
        await using var h = new PsomHarness();
        var alice = await h.ConnectAsync("alice", PsomRole.Presenter);
        var e = Assert.ThrowsAsync<PsomOperationException>(async () => await alice.InvokeAsync(PsomObjectIds.Root, "explode").WaitAsync(Guard));
        Assert.That(e!.Code, Is.EqualTo(PsomErrorCode.MethodNotFound));
        var missing = Assert.ThrowsAsync<PsomOperationException>(async () => await alice.InvokeAsync(999, "tally").WaitAsync(Guard));
        Assert.That(missing!.Code, Is.EqualTo(PsomErrorCode.NotFound));
    }

    [Test]
    public async Task Invoke_HandlerThrows_MethodFailedAndSessionSurvives()
    {
        await using var h = new PsomHarness();
        h.Server.RegisterMethod(PsomObjectTypes.Conference, "boom", (_, _) => throw new InvalidOperationException("secret detail"));
        var alice = await h.ConnectAsync("alice", PsomRole.Presenter);
        var e = Assert.ThrowsAsync<PsomOperationException>(async () => await alice.InvokeAsync(PsomObjectIds.Root, "boom").WaitAsync(Guard));
        Assert.That(e!.Code, Is.EqualTo(PsomErrorCode.MethodFailed));
        Assert.That(e.Detail, Does.Not.Contain("secret"));
        Assert.That((await alice.CreateAsync(PsomObjectIds.Root, "x.y").WaitAsync(Guard)).ObjectId, Is.GreaterThan(1));
    }

    [Test]
    public async Task Invoke_Flood_BeyondConcurrencyLimit_RefusedWithLimitExceeded()
    {
        await using var h = new PsomHarness();
        var gate = new TaskCompletionSource<ImmutableSortedDictionary<string, PsomValue>>(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Server.RegisterMethod(PsomObjectTypes.Conference, "slow", (_, _) => new ValueTask<ImmutableSortedDictionary<string, PsomValue>>(gate.Task));
        var alice = await h.ConnectAsync("alice", PsomRole.Presenter);
        var calls = Enumerable.Range(0, 40).Select(_ => alice.InvokeAsync(PsomObjectIds.Root, "slow")).ToList();
        await EventuallyAsync(() => calls.Count(c => c.IsFaulted) == 8, "8 calls beyond the limit refused");
        Assert.That(calls.Where(c => c.IsFaulted).Select(c => ((PsomOperationException)c.Exception!.InnerException!).Code), Is.All.EqualTo(PsomErrorCode.LimitExceeded));
        gate.SetResult(PsomProperties.Empty);
        await Task.WhenAll(calls.Where(c => !c.IsFaulted)).WaitAsync(Guard);
    }

    [Test]
    public async Task Callback_ServerToClient_CorrelatedAndTimesOut()
    {
        await using var h = new PsomHarness();
        var alice = await h.ConnectAsync("alice", PsomRole.Presenter);
        alice.RegisterCallback("ring", (invoke, _) => ValueTask.FromResult(Props(("echo", invoke.Arguments["n"]))));
        var never = new TaskCompletionSource<ImmutableSortedDictionary<string, PsomValue>>();
        alice.RegisterCallback("hang", (_, _) => new ValueTask<ImmutableSortedDictionary<string, PsomValue>>(never.Task));

        var result = await h.Server.InvokeClientAsync(alice.SessionId, PsomObjectIds.Root, "ring", Props(("n", 42L))).WaitAsync(Guard);
        Assert.That(result["echo"].AsInteger(), Is.EqualTo(42));

        var unknown = Assert.ThrowsAsync<PsomOperationException>(async () => await h.Server.InvokeClientAsync(alice.SessionId, 1, "nope").WaitAsync(Guard));
        Assert.That(unknown!.Code, Is.EqualTo(PsomErrorCode.MethodNotFound));

        var hanging = h.Server.InvokeClientAsync(alice.SessionId, 1, "hang");
        await Task.Delay(20);
        h.Time.Advance(h.Server.Options.InvokeTimeout);
        var timeout = Assert.ThrowsAsync<PsomOperationException>(async () => await hanging.WaitAsync(Guard));
        Assert.That(timeout!.Code, Is.EqualTo(PsomErrorCode.Timeout));
        never.SetResult(PsomProperties.Empty);
    }

    [Test]
    public async Task KeepAlive_SilentPeer_DroppedAfterIdleTimeout()
    {
        await using var h = new PsomHarness();
        var raw = h.OpenRaw();
        var hello = new PsomHelloMessage { Versions = [1], ConferenceId = Conference, User = "quiet", Role = PsomRole.Attendee, Token = h.Token("quiet", PsomRole.Attendee) };
        await raw.Output.WriteAsync(PsomFrameCodec.Encode(hello, 1));

        var frames = await ReadFramesAsync(raw, 1);
        Assert.That(frames[0].Message, Is.TypeOf<PsomWelcomeMessage>());

        h.Time.Advance(h.Server.Options.PingInterval);
        frames = await ReadFramesAsync(raw, 1);
        Assert.That(frames[0].Message, Is.TypeOf<PsomPingMessage>(), "the server pings an idle session");

        h.Time.Advance(h.Server.Options.IdleTimeout);
        var reason = await h.ServerSessions[0].WaitAsync(Guard);
        Assert.That(reason.Code, Is.EqualTo(PsomErrorCode.IdleTimeout));
    }

    [Test]
    public async Task KeepAlive_AnsweringPeer_StaysConnected()
    {
        await using var h = new PsomHarness();
        var alice = await h.ConnectAsync("alice", PsomRole.Presenter);
        for (var i = 0; i < 10; i++)
        {
            h.Time.Advance(h.Server.Options.PingInterval);
            await Task.Delay(10);
        }

        Assert.That(h.ServerSessions[0].IsCompleted, Is.False);
        Assert.That((await alice.CreateAsync(1, "x.y").WaitAsync(Guard)).TreeVersion, Is.EqualTo(1));
    }

    [Test]
    public async Task Hello_NeverSent_ConnectionClosedAfterHelloTimeout()
    {
        await using var h = new PsomHarness();
        _ = h.OpenRaw();
        await Task.Delay(10);
        h.Time.Advance(h.Server.Options.HelloTimeout);
        var reason = await h.ServerSessions[0].WaitAsync(Guard);
        Assert.That(reason.Code, Is.EqualTo(PsomErrorCode.ProtocolError));
    }

    internal static async Task<List<PsomFrame>> ReadFramesAsync(System.IO.Pipelines.IDuplexPipe raw, int count)
    {
        var frames = new List<PsomFrame>();
        while (frames.Count < count)
        {
            var result = await raw.Input.ReadAsync().AsTask().WaitAsync(Guard);
            var buffer = result.Buffer;
            while (frames.Count < count && PsomFrameCodec.TryDecode(buffer, PsomWireLimits.DefaultMaxFrameLength, out var frame, out var consumed, out _) == PsomDecodeStatus.Complete)
            {
                frames.Add(frame);
                buffer = buffer.Slice(consumed);
            }

            raw.Input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        return frames;
    }

    private static byte[] Forge(byte[] token)
    {
        token[^1] ^= 0x01;
        return token;
    }
}
