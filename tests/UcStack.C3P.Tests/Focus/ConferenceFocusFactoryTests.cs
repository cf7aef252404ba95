namespace UcStack.C3P.Tests.Focus;

public sealed class ConferenceFocusFactoryTests
{
    private static readonly string FactoryUri = C3PAddress.FocusFactory(FocusKit.Ann);

    [Test]
    public async Task AddConference_Valid_ReturnsFocusEntityAndMcuUris()
    {
        using var kit = new FocusKit();
        var response = await kit.Create();
        var info = ((AddConferenceCommand)response.Command).ConferenceInfo!;
        Assert.Multiple(() =>
        {
            Assert.That(response.Code, Is.EqualTo(C3PResponseCode.Success));
            Assert.That(info.Entity, Is.EqualTo(FocusKit.FocusUri));
            Assert.That(info.Description!.ConferenceId, Is.EqualTo(FocusKit.ConferenceId));
            Assert.That(info.Description.AdmissionPolicy, Is.EqualTo("openAuthenticated"));
            Assert.That(info.Description.ConfUris!.Entries.Select(e => e.Uri), Is.EqualTo(new[] { FocusKit.ChatUri, FocusKit.AvUri }));
            Assert.That(info.Description.ExpiryTime, Is.EqualTo(kit.Time.GetUtcNow() + TimeSpan.FromHours(8)));
            Assert.That(info.Version, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task AddConference_NoId_GeneratesOne()
    {
        using var kit = new FocusKit();
        var response = await kit.Send(FocusKit.Ann, FactoryUri, FocusKit.NewConference(id: null));
        var id = ((AddConferenceCommand)response.Command).ConferenceInfo!.Description!.ConferenceId!;
        Assert.That(id, Has.Length.EqualTo(12).And.Match("^[A-Z2-9]+$"));
    }

    [TestCase("short", C3PFailureReason.RequestMalformed)]
    [TestCase("HAS-DASH1", C3PFailureReason.RequestMalformed)]
    public async Task AddConference_BadId_RequestMalformed(string id, C3PFailureReason reason)
    {
        using var kit = new FocusKit();
        var response = await kit.Send(FocusKit.Ann, FactoryUri, FocusKit.NewConference(id: id));
        Assert.That(response.FailureReason, Is.EqualTo(reason));
        Assert.That(await kit.Store.ListAsync(null), Is.Empty);
    }

    [Test]
    public async Task AddConference_Twice_ConferenceExists()
    {
        using var kit = new FocusKit();
        await kit.Create();
        var again = await kit.Create();
        Assert.That(again.FailureReason, Is.EqualTo(C3PFailureReason.ConferenceExists));
    }

    [Test]
    public async Task AddConference_UnavailableMcuType_McuTypeNotAvailable()
    {
        using var kit = new FocusKit();
        var response = await kit.Send(FocusKit.Ann, FactoryUri, FocusKit.NewConference(mcuTypes: ["chat", "meeting"]));
        Assert.That(response.FailureReason, Is.EqualTo(C3PFailureReason.McuTypeNotAvailable));
        Assert.That(await kit.Store.ListAsync(null), Is.Empty);
    }

    [Test]
    public async Task AddConference_UnknownPolicy_RequestMalformed()
    {
        using var kit = new FocusKit();
        var response = await kit.Create(policy: "everyone");
        Assert.That(response.FailureReason, Is.EqualTo(C3PFailureReason.RequestMalformed));
    }

    [Test]
    public async Task AddConference_ExpiryInPast_RequestMalformed()
    {
        using var kit = new FocusKit();
        var response = await kit.Send(FocusKit.Ann, FactoryUri, FocusKit.NewConference(expiry: kit.Time.GetUtcNow().AddMinutes(-1)));
        Assert.That(response.FailureReason, Is.EqualTo(C3PFailureReason.RequestMalformed));
    }

    [Test]
    public async Task AddConference_InviteeWithUnknownRole_InvalidRole()
    {
        using var kit = new FocusKit();
        var response = await kit.Create(invitees: [new ConferenceUser { Entity = FocusKit.Bob, Roles = ValueList.From(["boss"]) }]);
        Assert.That(response.FailureReason, Is.EqualTo(C3PFailureReason.InvalidRole));
    }

    [Test]
    public async Task AddConference_OverOrganizerLimit_MaximumConferencesExceeded()
    {
        using var kit = new FocusKit(new ConferenceFocusFactoryOptions { MaxConferencesPerOrganizer = 1 });
        Assert.That((await kit.Send(FocusKit.Ann, FactoryUri, FocusKit.NewConference(id: "AAAAAAAA", mcuTypes: []))).Code, Is.EqualTo(C3PResponseCode.Success));
        var second = await kit.Send(FocusKit.Ann, FactoryUri, FocusKit.NewConference(id: "BBBBBBBB", mcuTypes: []));
        Assert.That(second.FailureReason, Is.EqualTo(C3PFailureReason.MaximumConferencesExceeded));
    }

    [Test]
    public async Task AddConference_Anonymous_Forbidden()
    {
        using var kit = new FocusKit();
        var response = await kit.Send(FocusKit.Ann, FactoryUri, FocusKit.NewConference(), authenticated: false);
        Assert.That(response.FailureReason, Is.EqualTo(C3PFailureReason.Forbidden));
    }

    [Test]
    public async Task AddConference_NoConferenceInfo_RequestMalformed()
    {
        using var kit = new FocusKit();
        var response = await kit.Send(FocusKit.Ann, FactoryUri, new AddConferenceCommand());
        Assert.That(response.FailureReason, Is.EqualTo(C3PFailureReason.RequestMalformed));
    }

    [Test]
    public async Task Handle_FromIsNotTheCaller_Forbidden()
    {
        using var kit = new FocusKit();
        var request = kit.Request(FocusKit.Bob, FactoryUri, FocusKit.NewConference());
        var response = await kit.Factory.HandleAsync(request, new C3PCaller(FocusKit.Ann));
        Assert.That(response.FailureReason, Is.EqualTo(C3PFailureReason.Forbidden));
    }

    [Test]
    public async Task Handle_ToIsNotAConferencingUri_RequestMalformed()
    {
        using var kit = new FocusKit();
        var response = await kit.Send(FocusKit.Ann, "sip:somewhere@example.org", FocusKit.NewConference());
        Assert.That(response.FailureReason, Is.EqualTo(C3PFailureReason.RequestMalformed));
    }

    [Test]
    public async Task Handle_UnknownConference_ConferenceDoesNotExist()
    {
        using var kit = new FocusKit();
        var response = await kit.Join(FocusKit.Bob);
        Assert.That(response.FailureReason, Is.EqualTo(C3PFailureReason.ConferenceDoesNotExist));
    }

    [Test]
    public async Task Handle_UnknownCommand_NotSupported()
    {
        using var kit = new FocusKit();
        var response = await kit.Send(FocusKit.Ann, FactoryUri, new UnknownC3PCommand(C3PNamespaces.Cccp, "getEncryptionKey"));
        Assert.That(response.FailureReason, Is.EqualTo(C3PFailureReason.NotSupported));
    }

    [Test]
    public async Task GetAvailableMcuTypes_ListsTheRegistry()
    {
        using var kit = new FocusKit();
        var response = await kit.Send(FocusKit.Bob, C3PAddress.FocusFactory(FocusKit.Bob), new GetAvailableMcuTypesCommand());
        Assert.That(((GetAvailableMcuTypesCommand)response.Command).McuTypes, Is.EqualTo(new[] { "chat", "audio-video" }));
    }

    [Test]
    public async Task GetConferencingCapabilities_Succeeds()
    {
        using var kit = new FocusKit();
        var response = await kit.Send(FocusKit.Bob, C3PAddress.FocusFactory(FocusKit.Bob), new GetConferencingCapabilitiesCommand());
        Assert.That(response.Code, Is.EqualTo(C3PResponseCode.Success));
    }

    [Test]
    public async Task GetConference_Organizer_GetsLiveRoster()
    {
        using var kit = new FocusKit();
        await kit.Create();
        await kit.Join(FocusKit.Bob);
        var response = await kit.Send(FocusKit.Ann, FactoryUri, new GetConferenceCommand { Keys = new ConferenceKeys { ConferenceId = FocusKit.ConferenceId } });
        var info = ((GetConferenceCommand)response.Command).ConferenceInfo!;
        Assert.That(info.Users!.Users.Select(u => u.Entity), Is.EqualTo(new[] { FocusKit.Bob }));
        Assert.That(info, Is.EqualTo((await kit.Focus()).GetDocument()));
    }

    [Test]
    public async Task GetConference_Stranger_Forbidden()
    {
        using var kit = new FocusKit();
        await kit.Create();
        var response = await kit.Send(FocusKit.Carol, C3PAddress.FocusFactory(FocusKit.Carol), new GetConferenceCommand { Keys = new ConferenceKeys { ConfEntity = FocusKit.FocusUri } });
        Assert.That(response.FailureReason, Is.EqualTo(C3PFailureReason.Forbidden));
    }

    [Test]
    public async Task GetConference_Unknown_ConferenceDoesNotExist()
    {
        using var kit = new FocusKit();
        var response = await kit.Send(FocusKit.Ann, FactoryUri, new GetConferenceCommand { Keys = new ConferenceKeys { ConferenceId = "NOPE1234" } });
        Assert.That(response.FailureReason, Is.EqualTo(C3PFailureReason.ConferenceDoesNotExist));
    }

    [Test]
    public async Task GetConferences_ListsOnlyTheCallersConferences()
    {
        using var kit = new FocusKit();
        await kit.Create();
        await kit.Send(FocusKit.Bob, C3PAddress.FocusFactory(FocusKit.Bob), FocusKit.NewConference(id: "BOBCONF1"));
        var response = await kit.Send(FocusKit.Ann, FactoryUri, new GetConferencesCommand());
        Assert.That(((GetConferencesCommand)response.Command).Conferences.Select(c => c.Entity), Is.EqualTo(new[] { FocusKit.FocusUri }));
    }

    [Test]
    public async Task ModifyConference_Organizer_ChangesSubjectAndNotifies()
    {
        using var kit = new FocusKit();
        await kit.Create();
        await kit.Join(FocusKit.Ann);
        var response = await kit.Send(FocusKit.Ann, FactoryUri, new ModifyConferenceCommand
        {
            Keys = new ConferenceKeys { ConferenceId = FocusKit.ConferenceId },
            ConferenceInfo = new ConferenceInfoDocument { Description = new ConferenceDescription { Subject = "Renamed" } },
        });
        Assert.That(response.Code, Is.EqualTo(C3PResponseCode.Success));
        Assert.That((await kit.Focus()).GetDocument().Description!.Subject, Is.EqualTo("Renamed"));
        Assert.That((await kit.Store.GetAsync(FocusKit.ConferenceId))!.Subject, Is.EqualTo("Renamed"));
    }

    [Test]
    public async Task ModifyConference_NotOrganizer_ForbiddenAndUnchanged()
    {
        using var kit = new FocusKit();
        await kit.Create();
        var response = await kit.Send(FocusKit.Bob, C3PAddress.FocusFactory(FocusKit.Bob), new ModifyConferenceCommand
        {
            Keys = new ConferenceKeys { ConfEntity = FocusKit.FocusUri },
            ConferenceInfo = new ConferenceInfoDocument { Description = new ConferenceDescription { Subject = "Mine now" } },
        });
        Assert.That(response.FailureReason, Is.EqualTo(C3PFailureReason.Forbidden));
        Assert.That((await kit.Store.GetAsync(FocusKit.ConferenceId))!.Subject, Is.EqualTo("Design review"));
    }

    [Test]
    public async Task ModifyConference_UnsupportedField_NotSupportedAndUnchanged()
    {
        using var kit = new FocusKit();
        await kit.Create();
        var before = (await kit.Focus()).GetDocument();
        var response = await kit.Send(FocusKit.Ann, FactoryUri, new ModifyConferenceCommand
        {
            Keys = new ConferenceKeys { ConferenceId = FocusKit.ConferenceId },
            ConferenceInfo = new ConferenceInfoDocument { Description = new ConferenceDescription { Subject = "x", Keywords = "y" } },
        });
        Assert.That(response.FailureReason, Is.EqualTo(C3PFailureReason.NotSupported));
        Assert.That((await kit.Focus()).GetDocument(), Is.SameAs(before));
    }

    [Test]
    public async Task DeleteConference_Organizer_EndsItForEveryone()
    {
        using var kit = new FocusKit();
        await kit.Create();
        await kit.Join(FocusKit.Bob);
        var focus = await kit.Focus();
        var removed = new List<ConferenceUserRemoved>();
        focus.UserRemoved += (_, e) => removed.Add(e);
        var response = await kit.Send(FocusKit.Ann, FactoryUri, new DeleteConferenceCommand { Keys = new ConferenceKeys { ConferenceId = FocusKit.ConferenceId } });
        Assert.Multiple(async () =>
        {
            Assert.That(((DeleteConferenceCommand)response.Command).ConferenceInfo!.Entity, Is.EqualTo(FocusKit.FocusUri));
            Assert.That(focus.IsEnded, Is.True);
            Assert.That(removed, Is.EqualTo(new[] { new ConferenceUserRemoved(FocusKit.Bob, ConferenceRemovalReason.ConferenceEnded) }));
            Assert.That(await kit.Store.GetAsync(FocusKit.ConferenceId), Is.Null);
            Assert.That(await kit.Factory.GetFocusAsync(FocusKit.ConferenceId), Is.Null);
        });
    }

    [Test]
    public async Task DeleteConference_Attendee_ForbiddenAndRunning()
    {
        using var kit = new FocusKit();
        await kit.Create();
        await kit.Join(FocusKit.Bob);
        var response = await kit.Send(FocusKit.Bob, C3PAddress.FocusFactory(FocusKit.Bob), new DeleteConferenceCommand { Keys = new ConferenceKeys { ConfEntity = FocusKit.FocusUri } });
        Assert.That(response.FailureReason, Is.EqualTo(C3PFailureReason.Forbidden));
        Assert.That((await kit.Focus()).IsEnded, Is.False);
    }

    [Test]
    public async Task Expiry_OnTheTimeProvider_EndsTheConferenceAndForgetsIt()
    {
        using var kit = new FocusKit();
        await kit.Create();
        var focus = await kit.Focus();
        var ended = new TaskCompletionSource<ConferenceEndReason>();
        focus.Ended += (_, r) => ended.TrySetResult(r);
        kit.Time.Advance(TimeSpan.FromHours(8) - TimeSpan.FromSeconds(1));
        Assert.That(ended.Task.IsCompleted, Is.False);
        kit.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await ended.Task.WaitAsync(TimeSpan.FromSeconds(10)), Is.EqualTo(ConferenceEndReason.Expired));
        var response = await kit.Join(FocusKit.Bob);
        Assert.That(response.FailureReason, Is.EqualTo(C3PFailureReason.ConferenceDoesNotExist));
    }

    [Test]
    public async Task Focus_RestartedFromStore_WhenNotLive()
    {
        using var kit = new FocusKit();
        var record = new ConferenceRecord
        {
            ConferenceId = "STORED01",
            Organizer = FocusKit.Ann,
            FocusUri = C3PAddress.Focus(FocusKit.Ann, "STORED01"),
            ExpiryTime = kit.Time.GetUtcNow().AddHours(1),
        };
        await kit.Store.TryAddAsync(record);
        var response = await kit.Send(FocusKit.Bob, record.FocusUri, new AddUserCommand
        {
            Keys = new ConferenceKeys { ConfEntity = record.FocusUri },
            User = new ConferenceUser { Entity = FocusKit.Bob },
        });
        Assert.That(response.Code, Is.EqualTo(C3PResponseCode.Success));
    }

    [Test]
    public async Task AddConference_UninterpretedContent_IsPublishedAsSent()
    {
        using var kit = new FocusKit();
        var pstn = new XmlExtensionElement(C3PNamespaces.MsConferenceInfo, "pstn-access") { Children = ValueList.From<XmlExtensionNode>([new XmlExtensionText("on")]) };
        var command = FocusKit.NewConference();
        command = command with
        {
            ConferenceInfo = command.ConferenceInfo! with
            {
                Description = command.ConferenceInfo.Description! with { Keywords = "design", Extensions = ValueList.From([pstn]) },
                HostInfo = new HostInfo { DisplayText = "Ann's host" },
            },
        };
        var response = await kit.Send(FocusKit.Ann, FactoryUri, command);
        var info = ((AddConferenceCommand)response.Command).ConferenceInfo!;
        Assert.Multiple(() =>
        {
            Assert.That(info.Description!.Keywords, Is.EqualTo("design"));
            Assert.That(info.Description.Extensions, Is.EqualTo(new[] { pstn }));
            Assert.That(info.HostInfo!.DisplayText, Is.EqualTo("Ann's host"));
        });
    }
}
