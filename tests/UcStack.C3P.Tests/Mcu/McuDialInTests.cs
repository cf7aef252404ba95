using UcStack.C3P.Tests.Focus;
using static UcStack.C3P.Tests.Focus.FocusKit;

namespace UcStack.C3P.Tests.Mcu;

/// <summary>The dial-in hook (<see cref="ConferenceFocusFactoryOptions.DialInConnectionInfo"/>) and the meeting MCU's
/// connection-info keys (<see cref="ConferenceMeetingMcu"/>).</summary>
[TestFixture]
public sealed class McuDialInTests
{
    private static readonly MeetingConnection Connection = new("psom://127.0.0.1:8057/" + ConferenceId, Bob, "attendee", [1, 2, 3, 250]);

    private static async Task<FocusKit> Started(Func<McuDialIn, IReadOnlyList<ConnectionInfoEntry>> hook)
    {
        var kit = new FocusKit(new ConferenceFocusFactoryOptions { AvailableMcuTypes = ["chat", "meeting"], DialInConnectionInfo = hook });
        await kit.Send(Ann, C3PAddress.FocusFactory(Ann), NewConference(mcuTypes: ["chat", "meeting"]));
        await kit.Join(Ann);
        await kit.Join(Bob);
        return kit;
    }

    [Test]
    public async Task DialIn_Meeting_AppendsTheHooksEntriesForTheAdmittedUserAndRole()
    {
        var seen = new List<McuDialIn>();
        using var kit = await Started(dialIn =>
        {
            seen.Add(dialIn);
            return dialIn.McuType == ConferenceMeetingMcu.McuType ? ConferenceMeetingMcu.ToConnectionInfo(Connection with { User = dialIn.User }) : [];
        });

        var annResponse = await kit.Send(Ann, FocusUri, ConferenceMeetingMcu.DialIn(FocusUri, Ann));
        var bobResponse = await kit.Send(Bob, FocusUri, ConferenceMeetingMcu.DialIn(FocusUri, Bob));
        var chat = await kit.JoinChat(Bob);

        Assert.That(seen, Is.EqualTo(new[]
        {
            new McuDialIn(ConferenceId, "meeting", Ann, IsPresenter: true),
            new McuDialIn(ConferenceId, "meeting", Bob, IsPresenter: false),
            new McuDialIn(ConferenceId, "chat", Bob, IsPresenter: false),
        }));
        Assert.That(ConferenceMeetingMcu.TryReadConnection((AddUserCommand)bobResponse.Command, out var read), Is.True);
        Assert.That(read!.ContentServerUrl, Is.EqualTo(Connection.ContentServerUrl));
        Assert.That(read.Token, Is.EqualTo(Connection.Token));
        Assert.That(((AddUserCommand)annResponse.Command).ConnectionInfo!.Select(e => e.Key), Is.EqualTo(new[]
        {
            "Mcu-Server-Uri", "Mcu-Conference-Uri", ConferenceMeetingMcu.ContentServerUrlKey, ConferenceMeetingMcu.UserKey, ConferenceMeetingMcu.RoleKey, ConferenceMeetingMcu.TokenKey,
        }));
        Assert.That(((AddUserCommand)chat.Command).ConnectionInfo!, Has.Count.EqualTo(2), "the chat dial-in gets only the MCU URIs");
        Assert.That((await kit.Focus()).GetMcuMembers("meeting"), Is.EquivalentTo(new[] { Ann, Bob }));
    }

    [Test]
    public async Task DialIn_HookThrows_FailsWithoutChangingTheRoster()
    {
        using var kit = await Started(_ => throw new InvalidOperationException("content server down"));
        var response = await kit.Send(Bob, FocusUri, ConferenceMeetingMcu.DialIn(FocusUri, Bob));
        Assert.That(response.Code, Is.EqualTo(C3PResponseCode.Failure));
        Assert.That(response.FailureReason, Is.EqualTo(C3PFailureReason.OtherFailure));
        Assert.That((await kit.Focus()).GetMcuMembers("meeting"), Is.Empty);
    }

    [Test]
    public void ConnectionInfo_WrittenThenRead_RoundTrips()
    {
        var command = new AddUserCommand { ConnectionInfo = ValueList.From(ConferenceMeetingMcu.ToConnectionInfo(Connection)) };
        Assert.That(ConferenceMeetingMcu.TryReadConnection(command, out var read), Is.True);
        Assert.That(read! with { Token = Connection.Token }, Is.EqualTo(Connection));
        Assert.That(read.Token, Is.EqualTo(Connection.Token));
    }

    [TestCase(ConferenceMeetingMcu.TokenKey, "not base64!")]
    [TestCase(ConferenceMeetingMcu.TokenKey, "")]
    [TestCase(ConferenceMeetingMcu.ContentServerUrlKey, "")]
    public void TryReadConnection_MissingOrBadValue_IsFalse(string key, string value)
    {
        var entries = ConferenceMeetingMcu.ToConnectionInfo(Connection).Select(e => e.Key == key ? e with { Value = value } : e);
        Assert.That(ConferenceMeetingMcu.TryReadConnection(new AddUserCommand { ConnectionInfo = ValueList.From(entries) }, out _), Is.False);
        Assert.That(ConferenceMeetingMcu.TryReadConnection(new AddUserCommand(), out _), Is.False);
    }

    [Test]
    public void DialIn_NotAFocusUri_Throws() =>
        Assert.That(() => ConferenceMeetingMcu.DialIn(ChatUri, Bob), Throws.ArgumentException);

    [Test]
    public void DialIn_NamesTheMeetingMcuOfTheConference()
    {
        var command = ConferenceMeetingMcu.DialIn(FocusUri, Bob);
        Assert.That(command.McuUri, Is.EqualTo(C3PAddress.Mcu(Ann, "meeting", ConferenceId)));
        Assert.That(command.Kind, Is.EqualTo(AddUserKind.DialIn));
        Assert.That(command.User!.Entity, Is.EqualTo(Bob));
    }
}
