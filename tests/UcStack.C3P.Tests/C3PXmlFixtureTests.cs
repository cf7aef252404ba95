namespace UcStack.C3P.Tests;

/// <summary>Every command's request, success response and failure response, from files.</summary>
public sealed class C3PXmlFixtureTests
{
    private static readonly string[] Commands =
    [
        "addConference", "getConference", "modifyConference", "deleteConference", "getConferences", "getAvailableMcuTypes",
        "getConferencingCapabilities", "addUser", "endorseUser", "deleteUser", "modifyUserRoles", "modifyConferenceLock",
        "modifyEndpointMedia", "setLobbyAccess",
    ];

    private static IEnumerable<string> Names() => Fixtures.C3PNames();

    [Test]
    public void Fixtures_CoverEveryCommandWithRequestSuccessAndFailure()
    {
        var names = Names().ToHashSet();
        foreach (var command in Commands)
        {
            foreach (var kind in new[] { "request", "response.success", "response.failure" })
            {
                Assert.That(names.Any(n => (n.StartsWith(command + ".", StringComparison.Ordinal) || n.StartsWith(command + "-", StringComparison.Ordinal)) && n.EndsWith("." + kind + ".xml", StringComparison.Ordinal)),
                    Is.True, $"{command} {kind}");
            }
        }
    }

    [TestCaseSource(nameof(Names))]
    public void Parse_Fixture_MatchesItsFileName(string name)
    {
        var message = C3PXml.Parse(Fixtures.Bytes("c3p", name));
        var command = name[..name.IndexOfAny(['.', '-'])];
        Assert.That(message.Command.Name, Is.EqualTo(command));
        Assert.That(message.Command, Is.Not.InstanceOf<UnknownC3PCommand>());
        Assert.That(message.C3PVersion, Is.EqualTo("1"));
        if (name.Contains(".request.", StringComparison.Ordinal))
        {
            Assert.That(message, Is.InstanceOf<C3PRequest>());
        }
        else
        {
            var response = (C3PResponse)message;
            var failure = name.Contains(".failure.", StringComparison.Ordinal);
            Assert.That(response.Code, Is.EqualTo(failure ? C3PResponseCode.Failure : C3PResponseCode.Success));
            if (response.Command is EndorseUserCommand endorse)
            {
                Assert.That(endorse.Result, Is.EqualTo(failure ? "otherFailure" : "success"));
            }
            else
            {
                Assert.That(response.FailureReason, failure ? Is.Not.EqualTo(C3PFailureReason.None).And.Not.EqualTo(C3PFailureReason.Unrecognized) : Is.EqualTo(C3PFailureReason.None));
            }
        }
    }

    [TestCaseSource(nameof(Names))]
    public void WriteThenParse_Fixture_GivesTheSameMessage(string name)
    {
        var message = C3PXml.Parse(Fixtures.Bytes("c3p", name));
        Assert.Multiple(() =>
        {
            Assert.That(C3PXml.Parse(C3PXml.Write(message)), Is.EqualTo(message));
            Assert.That(C3PXml.Parse(C3PXml.Write(message, indent: true)), Is.EqualTo(message));
        });
    }

    [TestCaseSource(nameof(Names))]
    public void Write_Fixture_IsStableAfterOneRoundTrip(string name)
    {
        var first = C3PXml.Write(C3PXml.Parse(Fixtures.Bytes("c3p", name)));
        var second = C3PXml.Write(C3PXml.Parse(first));
        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void Parse_AddUserFixtures_ClassifiesJoinDialInAndDialOut()
    {
        Assert.Multiple(() =>
        {
            Assert.That(((AddUserCommand)C3PXml.Parse(Fixtures.Bytes("c3p", "addUser-join.request.xml")).Command).Kind, Is.EqualTo(AddUserKind.Join));
            Assert.That(((AddUserCommand)C3PXml.Parse(Fixtures.Bytes("c3p", "addUser-dialin.request.xml")).Command).Kind, Is.EqualTo(AddUserKind.DialIn));
            Assert.That(((AddUserCommand)C3PXml.Parse(Fixtures.Bytes("c3p", "addUser-dialout.request.xml")).Command).Kind, Is.EqualTo(AddUserKind.DialOut));
        });
    }

    [Test]
    public void Parse_DialInResponse_ReadsConnectionInfo()
    {
        var addUser = (AddUserCommand)C3PXml.Parse(Fixtures.Bytes("c3p", "addUser-dialin.response.success.xml")).Command;
        Assert.That(addUser.ConnectionInfo!.Select(e => e.Key), Is.EqualTo(new[] { "Mcu-Server-Uri", "Mcu-Conference-Uri", "sAuthId" }));
        Assert.That(addUser.ConnectionInfo![2].Value, Is.EqualTo("184467"));
    }

    [Test]
    public void Parse_AddConferenceRequest_ReadsMicrosoftProvisioningFields()
    {
        var info = ((AddConferenceCommand)C3PXml.Parse(Fixtures.Bytes("c3p", "addConference.request.xml")).Command).ConferenceInfo!;
        Assert.Multiple(() =>
        {
            Assert.That(info.Entity, Is.Empty);
            Assert.That(info.Description!.Subject, Is.EqualTo("Design review"));
            Assert.That(info.Description.ConferenceId, Is.EqualTo("K7QW2Z9M"));
            Assert.That(info.Description.ExpiryTime, Is.EqualTo(new DateTimeOffset(2009, 7, 13, 17, 0, 0, TimeSpan.Zero)));
            Assert.That(info.Description.AdmissionPolicy, Is.EqualTo("openAuthenticated"));
            Assert.That(info.ConferenceState!.Locked, Is.False);
            Assert.That(info.ConferenceView!.EntityViews.Select(v => v.Entity), Is.EqualTo(new[] { "chat", "audio-video" }));
        });
    }

    [Test]
    public void Parse_ModifyEndpointMedia_ReadsKeysAndMedia()
    {
        var command = (ModifyEndpointMediaCommand)C3PXml.Parse(Fixtures.Bytes("c3p", "modifyEndpointMedia.request.xml")).Command;
        Assert.Multiple(() =>
        {
            Assert.That(command.McuUri, Does.Contain("app:conf:audio-video"));
            Assert.That(command.Keys!.MediaId, Is.EqualTo("1"));
            Assert.That(command.Keys.UserEntity, Is.EqualTo("sip:bob@example.org"));
            Assert.That(command.Media!.Status, Is.EqualTo("recvonly"));
            Assert.That(command.Media.MediaIngressFilter, Is.EqualTo("block"));
        });
    }

    [Test]
    public void Parse_SmallCommands_ReadTheirFields()
    {
        var roles = (ModifyUserRolesCommand)C3PXml.Parse(Fixtures.Bytes("c3p", "modifyUserRoles.request.xml")).Command;
        var locked = (ModifyConferenceLockCommand)C3PXml.Parse(Fixtures.Bytes("c3p", "modifyConferenceLock.request.xml")).Command;
        var lobby = (SetLobbyAccessCommand)C3PXml.Parse(Fixtures.Bytes("c3p", "setLobbyAccess.request.xml")).Command;
        var types = (GetAvailableMcuTypesCommand)C3PXml.Parse(Fixtures.Bytes("c3p", "getAvailableMcuTypes.response.success.xml")).Command;
        var list = (GetConferencesCommand)C3PXml.Parse(Fixtures.Bytes("c3p", "getConferences.response.success.xml")).Command;
        var get = (GetConferenceCommand)C3PXml.Parse(Fixtures.Bytes("c3p", "getConference.request.xml")).Command;
        Assert.Multiple(() =>
        {
            Assert.That(roles.Roles, Is.EqualTo(new[] { "presenter" }));
            Assert.That(locked.Locked, Is.True);
            Assert.That(lobby.UserEntities, Is.EqualTo(new[] { "sip:dave@example.net" }));
            Assert.That(lobby.Access, Is.EqualTo("granted"));
            Assert.That(types.McuTypes, Is.EqualTo(new[] { "chat", "audio-video", "meeting", "phone-conf" }));
            Assert.That(list.Conferences, Has.Count.EqualTo(2));
            Assert.That(get.Keys!.ConferenceId, Is.EqualTo("K7QW2Z9M"));
            Assert.That(get.EncryptionCertificate, Does.StartWith("MIIB"));
        });
    }

    [Test]
    public void Parse_Capabilities_KeepsUnmodelledContentAsExtensions()
    {
        var command = C3PXml.Parse(Fixtures.Bytes("c3p", "getConferencingCapabilities.response.success.xml")).Command;
        Assert.That(command.Extensions.Select(e => e.LocalName), Is.EqualTo(new[] { "mcu-types", "capabilities" }));
    }
}
