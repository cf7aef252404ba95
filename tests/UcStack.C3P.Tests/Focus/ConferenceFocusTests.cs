using static UcStack.C3P.Tests.Focus.FocusKit;

namespace UcStack.C3P.Tests.Focus;

public sealed class ConferenceFocusTests
{
    private static ConferenceUser User(ConferenceFocus focus, string entity) => focus.GetDocument().Users!.Users.Single(u => u.Entity == entity);

    private static async Task<FocusKit> Started(string? policy = null, ConferenceUser[]? invitees = null)
    {
        var kit = new FocusKit();
        Assert.That((await kit.Create(policy, invitees)).Code, Is.EqualTo(C3PResponseCode.Success));
        Assert.That((await kit.Join(Ann)).Code, Is.EqualTo(C3PResponseCode.Success));
        return kit;
    }

    /// <summary>Asserts a refusal with <paramref name="reason"/> left the focus's state untouched.</summary>
    private static async Task AssertRefused(FocusKit kit, Func<Task<C3PResponse>> send, C3PFailureReason reason)
    {
        var before = (await kit.Focus()).GetDocument();
        var response = await send();
        Assert.Multiple(async () =>
        {
            Assert.That(response.Code, Is.EqualTo(C3PResponseCode.Failure));
            Assert.That(response.FailureReason, Is.EqualTo(reason));
            Assert.That((await kit.Focus()).GetDocument(), Is.SameAs(before), "no state change on failure");
        });
    }

    [Test]
    public async Task Join_Organizer_IsPresenterAndConnected()
    {
        using var kit = await Started();
        var ann = User(await kit.Focus(), Ann);
        Assert.Multiple(() =>
        {
            Assert.That(ann.Roles, Is.EqualTo(new[] { "presenter" }));
            Assert.That(ann.Endpoints.Single().Status, Is.EqualTo("connected"));
            Assert.That(ann.Endpoints.Single().SessionType, Is.EqualTo("focus"));
            Assert.That(ann.Endpoints.Single().Entity, Is.EqualTo("{ep-" + Ann + "}"));
        });
    }

    [Test]
    public async Task Join_AttendeeAskingForPresenter_GetsAttendee()
    {
        using var kit = await Started();
        var response = await kit.Join(Bob, role: "presenter");
        Assert.That(((AddUserCommand)response.Command).User!.Roles, Is.EqualTo(new[] { "attendee" }));
    }

    [Test]
    public async Task Join_InvitedPresenter_GetsPresenter()
    {
        using var kit = await Started(invitees: [new ConferenceUser { Entity = Bob, Roles = ValueList.From(["presenter"]) }]);
        var response = await kit.Join(Bob);
        Assert.That(((AddUserCommand)response.Command).User!.Roles, Is.EqualTo(new[] { "presenter" }));
    }

    [Test]
    public async Task Join_Twice_ChangesNothing()
    {
        using var kit = await Started();
        await kit.Join(Bob);
        var before = (await kit.Focus()).GetDocument();
        var again = await kit.Join(Bob);
        Assert.That(again.Code, Is.EqualTo(C3PResponseCode.Success));
        Assert.That((await kit.Focus()).GetDocument(), Is.SameAs(before));
    }

    [Test]
    public async Task Join_ForSomeoneElse_Forbidden()
    {
        using var kit = await Started();
        await AssertRefused(kit, () => kit.Send(Bob, FocusUri, JoinCommand(Carol)), C3PFailureReason.Forbidden);
    }

    [Test]
    public async Task Join_Locked_Forbidden()
    {
        using var kit = await Started();
        await kit.Lock(Ann);
        await AssertRefused(kit, () => kit.Join(Bob), C3PFailureReason.Forbidden);
    }

    [Test]
    public async Task Join_OpenAuthenticated_AnonymousForbidden()
    {
        using var kit = await Started();
        await AssertRefused(kit, () => kit.Join(Bob, authenticated: false), C3PFailureReason.Forbidden);
    }

    [Test]
    public async Task Join_ClosedAuthenticated_UninvitedWaitsInLobby()
    {
        using var kit = await Started("closedAuthenticated", [new ConferenceUser { Entity = Carol }]);
        Assert.That((await kit.Join(Carol)).Code, Is.EqualTo(C3PResponseCode.Success));
        var response = await kit.Join(Bob);
        var focus = await kit.Focus();
        Assert.Multiple(() =>
        {
            Assert.That(((AddUserCommand)response.Command).User!.Endpoints.Single().Status, Is.EqualTo("pending"));
            Assert.That(focus.IsParticipant(Bob), Is.False);
            Assert.That(focus.IsParticipant(Carol), Is.True);
        });
    }

    [Test]
    public async Task Join_ClosedAuthenticated_AnonymousForbidden()
    {
        using var kit = await Started("closedAuthenticated");
        await AssertRefused(kit, () => kit.Join(Bob, authenticated: false), C3PFailureReason.Forbidden);
    }

    [Test]
    public async Task Join_AnonymousPolicy_AnonymousWaitsInLobby_AuthenticatedJoins()
    {
        using var kit = await Started("anonymous");
        await kit.Join(Bob, authenticated: false);
        await kit.Join(Carol);
        var focus = await kit.Focus();
        Assert.That(focus.IsParticipant(Bob), Is.False);
        Assert.That(focus.IsParticipant(Carol), Is.True);
    }

    [Test]
    public async Task LobbyUser_CannotActUntilAdmitted()
    {
        using var kit = await Started("anonymous");
        await kit.Join(Bob, authenticated: false);
        await AssertRefused(kit, () => kit.JoinChat(Bob), C3PFailureReason.Forbidden);
    }

    [Test]
    public async Task SetLobbyAccess_Granted_Admits()
    {
        using var kit = await Started("anonymous");
        await kit.Join(Bob, authenticated: false);
        var response = await kit.Lobby(Ann, "granted", Bob);
        Assert.That(response.Code, Is.EqualTo(C3PResponseCode.Success));
        Assert.That((await kit.Focus()).IsParticipant(Bob), Is.True);
    }

    [Test]
    public async Task SetLobbyAccess_Denied_RemovesUser()
    {
        using var kit = await Started("anonymous");
        await kit.Join(Bob, authenticated: false);
        var focus = await kit.Focus();
        var removed = new List<ConferenceUserRemoved>();
        focus.UserRemoved += (_, e) => removed.Add(e);
        await kit.Lobby(Ann, "denied", Bob);
        Assert.That(removed, Is.EqualTo(new[] { new ConferenceUserRemoved(Bob, ConferenceRemovalReason.Denied) }));
        Assert.That(focus.GetDocument().Users!.Users.Select(u => u.Entity), Is.EqualTo(new[] { Ann }));
    }

    [Test]
    public async Task SetLobbyAccess_ByAttendee_Forbidden()
    {
        using var kit = await Started("anonymous");
        await kit.Join(Carol);
        await kit.Join(Bob, authenticated: false);
        await AssertRefused(kit, () => kit.Lobby(Carol, "granted", Bob), C3PFailureReason.Forbidden);
    }

    [Test]
    public async Task SetLobbyAccess_OneNamedUserNotWaiting_UserDoesNotExistAndNobodyAdmitted()
    {
        using var kit = await Started("anonymous");
        await kit.Join(Bob, authenticated: false);
        await AssertRefused(kit, () => kit.Lobby(Ann, "granted", Bob, Dave), C3PFailureReason.UserDoesNotExist);
    }

    [Test]
    public async Task SetLobbyAccess_UnknownAccess_RequestMalformed()
    {
        using var kit = await Started("anonymous");
        await kit.Join(Bob, authenticated: false);
        await AssertRefused(kit, () => kit.Lobby(Ann, "maybe", Bob), C3PFailureReason.RequestMalformed);
    }

    [Test]
    public async Task EndorseUser_Presenter_AdmitsFromLobby()
    {
        using var kit = await Started("anonymous");
        await kit.Join(Bob, authenticated: false);
        var response = await kit.Send(Ann, FocusUri, new EndorseUserCommand { Keys = new ConferenceKeys { ConfEntity = FocusUri }, User = new ConferenceUser { Entity = Bob } });
        Assert.That(((EndorseUserCommand)response.Command).Result, Is.EqualTo("success"));
        Assert.That((await kit.Focus()).IsParticipant(Bob), Is.True);
    }

    [Test]
    public async Task EndorseUser_UserNotWaiting_FailsWithOtherFailureResult()
    {
        using var kit = await Started();
        var before = (await kit.Focus()).GetDocument();
        var response = await kit.Send(Ann, FocusUri, new EndorseUserCommand { Keys = new ConferenceKeys { ConfEntity = FocusUri }, User = new ConferenceUser { Entity = Bob } });
        Assert.That(((EndorseUserCommand)response.Command).Result, Is.EqualTo("otherFailure"));
        Assert.That(response.FailureReason, Is.EqualTo(C3PFailureReason.UserDoesNotExist));
        Assert.That((await kit.Focus()).GetDocument(), Is.SameAs(before));
    }

    [Test]
    public async Task ModifyUserRoles_PresenterPromotes()
    {
        using var kit = await Started();
        await kit.Join(Bob);
        Assert.That((await kit.Promote(Ann, Bob)).Code, Is.EqualTo(C3PResponseCode.Success));
        Assert.That(User(await kit.Focus(), Bob).Roles, Is.EqualTo(new[] { "presenter" }));
    }

    [Test]
    public async Task ModifyUserRoles_AttendeePromotes_Forbidden()
    {
        using var kit = await Started();
        await kit.Join(Bob);
        await kit.Join(Carol);
        await AssertRefused(kit, () => kit.Promote(Bob, Carol), C3PFailureReason.Forbidden);
        await AssertRefused(kit, () => kit.Promote(Bob, Bob), C3PFailureReason.Forbidden);
    }

    [Test]
    public async Task ModifyUserRoles_UnknownRole_InvalidRole()
    {
        using var kit = await Started();
        await kit.Join(Bob);
        await AssertRefused(kit, () => kit.Promote(Ann, Bob, "boss"), C3PFailureReason.InvalidRole);
    }

    [Test]
    public async Task ModifyUserRoles_UnknownUser_UserDoesNotExist()
    {
        using var kit = await Started();
        await AssertRefused(kit, () => kit.Promote(Ann, Dave), C3PFailureReason.UserDoesNotExist);
    }

    [Test]
    public async Task ModifyUserRoles_DemoteOrganizer_Forbidden()
    {
        using var kit = await Started();
        await kit.Join(Bob);
        await kit.Promote(Ann, Bob);
        await AssertRefused(kit, () => kit.Promote(Bob, Ann, "attendee"), C3PFailureReason.Forbidden);
    }

    [Test]
    public async Task ModifyConferenceLock_Attendee_Forbidden()
    {
        using var kit = await Started();
        await kit.Join(Bob);
        await AssertRefused(kit, () => kit.Lock(Bob), C3PFailureReason.Forbidden);
    }

    [Test]
    public async Task ModifyConferenceLock_Presenter_LocksAndUnlocks()
    {
        using var kit = await Started();
        await kit.Lock(Ann);
        Assert.That((await kit.Focus()).GetDocument().ConferenceState!.Locked, Is.True);
        await kit.Lock(Ann, false);
        Assert.That((await kit.Focus()).GetDocument().ConferenceState!.Locked, Is.False);
        Assert.That((await kit.Join(Bob)).Code, Is.EqualTo(C3PResponseCode.Success));
    }

    [Test]
    public async Task ModifyConferenceLock_WrongConference_ConferenceDoesNotExist()
    {
        using var kit = await Started();
        await AssertRefused(
            kit,
            () => kit.Send(Ann, FocusUri, new ModifyConferenceLockCommand { Keys = new ConferenceKeys { ConfEntity = C3PAddress.Focus(Ann, "OTHER123") }, Locked = true }),
            C3PFailureReason.ConferenceDoesNotExist);
    }

    [Test]
    public async Task DeleteUser_PresenterEjects()
    {
        using var kit = await Started();
        await kit.Join(Bob);
        var focus = await kit.Focus();
        var removed = new List<ConferenceUserRemoved>();
        focus.UserRemoved += (_, e) => removed.Add(e);
        Assert.That((await kit.Eject(Ann, Bob)).Code, Is.EqualTo(C3PResponseCode.Success));
        Assert.That(removed, Is.EqualTo(new[] { new ConferenceUserRemoved(Bob, ConferenceRemovalReason.Ejected) }));
        Assert.That(focus.GetDocument().ConferenceState!.UserCount, Is.EqualTo(1));
    }

    [Test]
    public async Task DeleteUser_Self_Leaves()
    {
        using var kit = await Started();
        await kit.Join(Bob);
        var focus = await kit.Focus();
        var removed = new List<ConferenceUserRemoved>();
        focus.UserRemoved += (_, e) => removed.Add(e);
        await kit.Eject(Bob, Bob);
        Assert.That(removed, Is.EqualTo(new[] { new ConferenceUserRemoved(Bob, ConferenceRemovalReason.Left) }));
    }

    [Test]
    public async Task DeleteUser_AttendeeEjects_Forbidden()
    {
        using var kit = await Started();
        await kit.Join(Bob);
        await kit.Join(Carol);
        await AssertRefused(kit, () => kit.Eject(Bob, Carol), C3PFailureReason.Forbidden);
    }

    [Test]
    public async Task DeleteUser_Organizer_Forbidden()
    {
        using var kit = await Started();
        await kit.Join(Bob);
        await kit.Promote(Ann, Bob);
        await AssertRefused(kit, () => kit.Eject(Bob, Ann), C3PFailureReason.Forbidden);
    }

    [Test]
    public async Task DeleteUser_Unknown_UserDoesNotExist()
    {
        using var kit = await Started();
        await AssertRefused(kit, () => kit.Eject(Ann, Dave), C3PFailureReason.UserDoesNotExist);
    }

    [Test]
    public async Task DeleteUser_FromMcuOnly_KeepsUserInConference()
    {
        using var kit = await Started();
        await kit.Join(Bob);
        await kit.JoinChat(Bob);
        var response = await kit.Send(Bob, FocusUri, new DeleteUserCommand { McuUri = ChatUri, Keys = new UserKeys { ConfEntity = FocusUri, UserEntity = Bob } });
        Assert.That(response.Code, Is.EqualTo(C3PResponseCode.Success));
        var focus = await kit.Focus();
        Assert.That(focus.IsParticipant(Bob), Is.True);
        Assert.That(focus.GetMcuMembers("chat"), Is.Empty);
    }

    [Test]
    public async Task AddUser_DialInToChat_AddsMcuEndpointAndConnectionInfo()
    {
        using var kit = await Started();
        await kit.Join(Bob);
        var response = await kit.JoinChat(Bob);
        var command = (AddUserCommand)response.Command;
        Assert.Multiple(async () =>
        {
            Assert.That(command.ConnectionInfo!.Single(e => e.Key == "Mcu-Server-Uri").Value, Is.EqualTo(ChatUri));
            Assert.That(command.User!.Endpoints.Single().SessionType, Is.EqualTo("chat"));
            Assert.That((await kit.Focus()).GetMcuMembers("chat"), Is.EqualTo(new[] { Bob }));
            Assert.That((await kit.Focus()).CheckMcuSender(Bob, "chat"), Is.EqualTo(C3PFailureReason.None));
        });
    }

    [Test]
    public async Task AddUser_DialInToMcuNotInConference_McuTypeNotAvailable()
    {
        using var kit = new FocusKit();
        await kit.Send(Ann, C3PAddress.FocusFactory(Ann), NewConference(mcuTypes: ["audio-video"]));
        await kit.Join(Ann);
        await AssertRefused(kit, () => kit.JoinChat(Ann), C3PFailureReason.McuTypeNotAvailable);
    }

    [Test]
    public async Task AddUser_DialOut_NotSupported()
    {
        using var kit = await Started();
        await AssertRefused(
            kit,
            () => kit.Send(Ann, FocusUri, new AddUserCommand
            {
                McuUri = AvUri,
                Keys = new ConferenceKeys { ConfEntity = FocusUri },
                User = new ConferenceUser { Entity = Dave, Endpoints = ValueList.From([new ConferenceEndpoint { Entity = "x", JoiningMethod = "dialed-out" }]) },
            }),
            C3PFailureReason.NotSupported);
    }

    [Test]
    public async Task ModifyEndpointMedia_PresenterMutesOther_SenderRefused()
    {
        using var kit = await Started();
        await kit.Join(Bob);
        await kit.JoinChat(Bob);
        Assert.That((await kit.Mute(Ann, Bob)).Code, Is.EqualTo(C3PResponseCode.Success));
        var focus = await kit.Focus();
        Assert.That(focus.CheckMcuSender(Bob, "chat"), Is.EqualTo(C3PFailureReason.Forbidden));
        Assert.That(User(focus, Bob).Endpoints.Single(e => e.SessionType == "chat").Media.Single().Status, Is.EqualTo("recvonly"));
        await kit.Mute(Ann, Bob, "sendrecv");
        Assert.That(focus.CheckMcuSender(Bob, "chat"), Is.EqualTo(C3PFailureReason.None));
    }

    [Test]
    public async Task ModifyEndpointMedia_AttendeeMutesOther_Forbidden()
    {
        using var kit = await Started();
        await kit.Join(Bob);
        await kit.Join(Carol);
        await kit.JoinChat(Carol);
        await AssertRefused(kit, () => kit.Mute(Bob, Carol), C3PFailureReason.Forbidden);
    }

    [Test]
    public async Task ModifyEndpointMedia_Self_Allowed()
    {
        using var kit = await Started();
        await kit.Join(Bob);
        await kit.JoinChat(Bob);
        Assert.That((await kit.Mute(Bob, Bob)).Code, Is.EqualTo(C3PResponseCode.Success));
    }

    [Test]
    public async Task ModifyEndpointMedia_UnknownEndpoint_EndpointDoesNotExist()
    {
        using var kit = await Started();
        await kit.Join(Bob);
        await AssertRefused(kit, () => kit.Mute(Ann, Bob), C3PFailureReason.EndpointDoesNotExist);
        await AssertRefused(kit, () => kit.Mute(Ann, Dave), C3PFailureReason.UserDoesNotExist);
    }

    [Test]
    public async Task InConferenceCommand_FromNonParticipant_Forbidden()
    {
        using var kit = await Started();
        await AssertRefused(kit, () => kit.Lock(Dave), C3PFailureReason.Forbidden);
    }

    [Test]
    public async Task ModifyConference_InConference_PresenterChangesSubject()
    {
        using var kit = await Started();
        var response = await kit.Send(Ann, FocusUri, new ModifyConferenceCommand
        {
            Keys = new ConferenceKeys { ConfEntity = FocusUri },
            ConferenceInfo = new ConferenceInfoDocument { Description = new ConferenceDescription { Subject = "Now" } },
        });
        Assert.That(response.Code, Is.EqualTo(C3PResponseCode.Success));
        Assert.That((await kit.Focus()).GetDocument().Description!.Subject, Is.EqualTo("Now"));
    }

    [Test]
    public async Task UnknownCommandAtFocus_NotSupported()
    {
        using var kit = await Started();
        await AssertRefused(kit, () => kit.Send(Ann, FocusUri, new UnknownC3PCommand(C3PNamespaces.Cccp, "doMagic")), C3PFailureReason.NotSupported);
    }

    [Test]
    public async Task Subscribe_GetsFullThenPartials_WhoseMergeEqualsTheFocusState()
    {
        using var kit = await Started();
        var focus = await kit.Focus();
        var subscriber = new RecordingSubscriber();
        Assert.That(focus.Subscribe(new C3PCaller(Ann), subscriber, out var subscription), Is.EqualTo(C3PFailureReason.None));
        await using (subscription)
        {
            await kit.Join(Bob);
            await kit.Promote(Ann, Bob);
            await kit.Lock(Ann);
            await kit.Join(Carol);                       // refused: no notification
            await kit.JoinChat(Bob);
            await kit.Eject(Ann, Bob);
            await subscriber.WaitFor(6);
            var documents = subscriber.Documents;
            Assert.That(documents[0].State, Is.EqualTo(ConferenceElementState.Full));
            Assert.That(documents.Skip(1).Select(d => d.State), Is.All.EqualTo(ConferenceElementState.Partial));
            Assert.That(documents.Select(d => d.Version), Is.Ordered.Ascending);
            var tracker = new ConferenceStateTracker();
            foreach (var document in documents)
            {
                // Each document goes over the wire as it would in a NOTIFY.
                var result = tracker.Apply(ConferenceInfoXml.Parse(ConferenceInfoXml.Write(document)));
                Assert.That(result.Outcome, Is.Not.EqualTo(ConferenceMergeOutcome.NeedsFullRefresh));
            }

            Assert.That(tracker.Current, Is.EqualTo(focus.GetDocument()));
        }
    }

    [Test]
    public async Task Subscribe_NotOnRoster_Forbidden()
    {
        using var kit = await Started();
        var focus = await kit.Focus();
        Assert.That(focus.Subscribe(new C3PCaller(Dave), new RecordingSubscriber(), out var subscription), Is.EqualTo(C3PFailureReason.Forbidden));
        Assert.That(subscription, Is.Null);
    }

    [Test]
    public async Task Subscription_OfEjectedUser_IsClosed()
    {
        using var kit = await Started();
        await kit.Join(Bob);
        var focus = await kit.Focus();
        var subscriber = new RecordingSubscriber();
        focus.Subscribe(new C3PCaller(Bob), subscriber, out var subscription);
        await using (subscription)
        {
            await kit.Eject(Ann, Bob);
            Assert.That(await subscriber.Closed.WaitAsync(TimeSpan.FromSeconds(10)), Is.EqualTo(ConferenceSubscriptionEnd.UserRemoved));
            Assert.That(subscriber.Documents[^1].Users!.Users.Single().State, Is.EqualTo(ConferenceElementState.Deleted));
        }
    }

    [Test]
    public async Task Subscription_ConferenceEnds_DeletedDocumentThenClosed()
    {
        using var kit = await Started();
        var focus = await kit.Focus();
        var subscriber = new RecordingSubscriber();
        focus.Subscribe(new C3PCaller(Ann), subscriber, out var subscription);
        await using (subscription)
        {
            focus.End(ConferenceEndReason.Deleted);
            Assert.That(await subscriber.Closed.WaitAsync(TimeSpan.FromSeconds(10)), Is.EqualTo(ConferenceSubscriptionEnd.ConferenceEnded));
            Assert.That(subscriber.Documents[^1].State, Is.EqualTo(ConferenceElementState.Deleted));
        }
    }
}
