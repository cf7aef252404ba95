using System.Collections.Concurrent;
using UcStack.Sip.Transport;

namespace UcStack.C3P.Tests.Sip;

/// <summary>The scenario over SIP on the in-memory network: create, join, promote, lock, a refused late
/// joiner, eject, IM to all, and every client's merged roster equal to the focus's state after every step.</summary>
public sealed class C3PSipEndToEndTests
{
    private static ConferenceInfoDocument NewConference() => new()
    {
        Description = new ConferenceDescription { Subject = "Design review", ConferenceId = "K7QW2Z9M" },
        ConferenceView = new ConferenceView { EntityViews = ValueList.From([new EntityView { Entity = "chat" }]) },
    };

    private static async Task AssertSameRoster(SipConferenceNetwork net, ConferenceFocus focus, params C3PConference[] sessions)
    {
        await net.RunUntil(() => sessions.All(s => Equals(s.Roster, focus.GetDocument())), TimeSpan.FromSeconds(120));
        var expected = focus.GetDocument();
        foreach (var session in sessions) Assert.That(session.Roster, Is.EqualTo(expected), "roster of a session after settling");
    }

    [TestCase(0.0, 0.0, 3)]
    [TestCase(0.15, 0.15, 5)]
    public async Task Conference_Scenario_EveryClientSeesTheSameRoster(double loss, double duplicates, int seed)
    {
        // The focus dialog and subscription run over TCP (their bodies exceed what RFC 3261 §18.1.1 lets UDP carry);
        // SERVICE and chat MESSAGEs over UDP, where the link's loss, duplication and jitter apply.
        await using var net = new SipConferenceNetwork(
            new SipLinkConditions { Latency = TimeSpan.FromMilliseconds(5), Jitter = TimeSpan.FromMilliseconds(loss > 0 ? 20 : 0), LossRate = loss, DuplicateRate = duplicates }, seed)
        {
            ServiceOverUdp = true,
        };
        var ann = net.AddUser("ann");
        var bob = net.AddUser("bob");
        var carol = net.AddUser("carol");
        var erin = net.AddUser("erin");
        var dave = net.AddUser("dave");

        // The organizer creates the conference and everyone joins.
        var created = await net.Drive(ann.CreateConferenceAsync(NewConference()));
        var focusUri = created.Entity;
        Assert.That(focusUri, Is.EqualTo(C3PAddress.Focus(ann.UserUri, "K7QW2Z9M")));
        var focus = (await net.Factory.GetFocusAsync("K7QW2Z9M"))!;
        var annIn = await net.Drive(ann.JoinAsync(focusUri));
        var bobIn = await net.Drive(bob.JoinAsync(focusUri));
        var carolIn = await net.Drive(carol.JoinAsync(focusUri));
        var erinIn = await net.Drive(erin.JoinAsync(focusUri));
        Assert.That(annIn.JoinedAs!.Roles, Is.EqualTo(new[] { "presenter" }));
        Assert.That(bobIn.JoinedAs!.Roles, Is.EqualTo(new[] { "attendee" }));
        await AssertSameRoster(net, focus, annIn, bobIn, carolIn, erinIn);
        Assert.That(annIn.Roster!.Users!.Users.Select(u => u.Entity), Is.EqualTo(new[] { ann.UserUri, bob.UserUri, carol.UserUri, erin.UserUri }));

        // An attendee may not lock; the organizer promotes Bob, who then can.
        var refused = Assert.ThrowsAsync<C3PRequestFailedException>(async () => await net.Drive(bobIn.LockAsync()));
        Assert.That(refused!.Reason, Is.EqualTo(C3PFailureReason.Forbidden));
        await net.Drive(annIn.PromoteAsync(bob.UserUri));
        await AssertSameRoster(net, focus, annIn, bobIn, carolIn, erinIn);
        Assert.That(carolIn.Roster!.Users!.Users.Single(u => u.Entity == bob.UserUri).Roles, Is.EqualTo(new[] { "presenter" }));
        await net.Drive(bobIn.LockAsync());
        await AssertSameRoster(net, focus, annIn, bobIn, carolIn, erinIn);
        Assert.That(erinIn.Roster!.ConferenceState!.Locked, Is.True);

        // A late joiner is refused by the lock.
        var late = Assert.ThrowsAsync<C3PRequestFailedException>(async () => await net.Drive(dave.JoinAsync(focusUri)));
        Assert.That(late!.Reason, Is.EqualTo(C3PFailureReason.Forbidden));
        await AssertSameRoster(net, focus, annIn, bobIn, carolIn, erinIn);

        // Everyone joins the chat MCU; Bob ejects Carol.
        foreach (var session in new[] { annIn, bobIn, carolIn, erinIn }) await net.Drive(session.JoinChatAsync());
        await AssertSameRoster(net, focus, annIn, bobIn, carolIn, erinIn);
        await net.Drive(bobIn.EjectAsync(carol.UserUri));
        Assert.That(await net.Drive(carolIn.Ended), Is.EqualTo(C3PConferenceEnd.Removed));
        await AssertSameRoster(net, focus, annIn, bobIn, erinIn);
        Assert.That(annIn.Roster!.Users!.Users.Select(u => u.Entity), Is.EqualTo(new[] { ann.UserUri, bob.UserUri, erin.UserUri }));

        // IM goes to every other member; the ejected user cannot send.
        var received = new ConcurrentDictionary<string, List<C3PChatMessage>>();
        foreach (var (name, session) in new[] { ("ann", annIn), ("bob", bobIn), ("erin", erinIn), ("carol", carolIn) })
        {
            received[name] = [];
            session.ChatMessageReceived += (_, m) =>
            {
                lock (received[name]) received[name].Add(m);
            };
        }

        await net.Drive(annIn.SendChatAsync("hello all"));
        await net.RunUntil(() => received["bob"].Count == 1 && received["erin"].Count == 1);
        Assert.Multiple(() =>
        {
            Assert.That(received["bob"].Single().Text, Is.EqualTo("hello all"));
            Assert.That(received["bob"].Single().Sender, Is.EqualTo(ann.UserUri));
            Assert.That(received["erin"].Single().Text, Is.EqualTo("hello all"));
            Assert.That(received["ann"], Is.Empty, "the sender does not get its own message back");
            Assert.That(received["carol"], Is.Empty);
        });
        var ejectedSends = Assert.ThrowsAsync<C3PSipException>(async () => await net.Drive(carolIn.SendChatAsync("still here?")));
        Assert.That(ejectedSends!.StatusCode, Is.EqualTo(403));

        // Mute: a presenter mutes Erin, whose messages are then refused; unmuted, they go through again.
        await net.Drive(bobIn.MuteAsync(erin.UserUri));
        await AssertSameRoster(net, focus, annIn, bobIn, erinIn);
        var muted = Assert.ThrowsAsync<C3PSipException>(async () => await net.Drive(erinIn.SendChatAsync("can you hear me")));
        Assert.That(muted!.StatusCode, Is.EqualTo(403));
        await net.Drive(bobIn.MuteAsync(erin.UserUri, muted: false));
        await net.Drive(erinIn.SendChatAsync("back"));
        await net.RunUntil(() => received["ann"].Count == 1 && received["bob"].Count == 2);
        Assert.That(received["ann"].Single().Text, Is.EqualTo("back"));

        // Erin leaves with BYE; then the organizer deletes the conference and every session ends.
        await net.Drive(erinIn.LeaveAsync());
        await net.RunUntil(() => !focus.IsParticipant(erin.UserUri));
        Assert.That(await net.Drive(erinIn.Ended), Is.EqualTo(C3PConferenceEnd.Left));
        await AssertSameRoster(net, focus, annIn, bobIn);
        Assert.That(annIn.Roster!.Users!.Users.Select(u => u.Entity), Is.EqualTo(new[] { ann.UserUri, bob.UserUri }));
        await net.Drive(ann.DeleteConferenceAsync(focusUri));
        Assert.That(await net.Drive(bobIn.Ended), Is.EqualTo(C3PConferenceEnd.ConferenceEnded).Or.EqualTo(C3PConferenceEnd.Removed));
        await net.Drive(annIn.Ended);
        Assert.That(focus.IsEnded, Is.True);
    }
}
