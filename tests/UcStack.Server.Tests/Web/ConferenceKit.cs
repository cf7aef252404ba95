using UcStack.C3P;

namespace UcStack.Server.Tests.Web;

/// <summary>C3P requests the HTTPS tests send: a conference organised by alice, and users joining it.</summary>
internal static class ConferenceKit
{
    public const string Alice = "sip:alice@example.org";
    public const string Bob = "sip:bob@example.org";
    public const string ConferenceId = "K7QW2Z9M";
    private static long _nextRequestId;

    public static string FocusUri => C3PAddress.Focus(Alice, ConferenceId);

    public static C3PRequest Request(string from, string to, C3PCommand command) =>
        new() { RequestId = (ulong)Interlocked.Increment(ref _nextRequestId), From = from, To = to, C3PVersion = "1", Command = command };

    public static C3PRequest AddConference(string organizer = Alice) => Request(organizer, C3PAddress.FocusFactory(organizer), new AddConferenceCommand
    {
        ConferenceInfo = new ConferenceInfoDocument
        {
            Description = new ConferenceDescription { Subject = "Quarterly review", ConferenceId = ConferenceId },
            ConferenceView = new ConferenceView { EntityViews = ValueList.From([new EntityView { Entity = "chat" }]) },
        },
    });

    public static C3PRequest Join(string user) => Request(user, FocusUri, new AddUserCommand
    {
        Keys = new ConferenceKeys { ConfEntity = FocusUri },
        User = new ConferenceUser
        {
            Entity = user,
            Roles = ValueList.From(["attendee"]),
            Endpoints = ValueList.From([new ConferenceEndpoint { Entity = "{focus-" + user + "}" }]),
        },
    });

    /// <summary>Creates alice's conference directly on a factory (as the SIP binding would).</summary>
    public static async Task CreateAsync(ConferenceFocusFactory factory)
    {
        var response = await factory.HandleAsync(AddConference(), new C3PCaller(Alice));
        Assert.That(response.Code, Is.EqualTo(C3PResponseCode.Success), response.FailureReason.ToString());
    }
}
