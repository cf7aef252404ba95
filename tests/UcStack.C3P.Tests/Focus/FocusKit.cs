using Microsoft.Extensions.Time.Testing;

namespace UcStack.C3P.Tests.Focus;

/// <summary>Builds requests and drives a focus factory; every response is also written and parsed back, so only
/// responses that survive the wire pass.</summary>
internal sealed class FocusKit : IDisposable
{
    public const string Ann = "sip:ann@example.org";
    public const string Bob = "sip:bob@example.org";
    public const string Carol = "sip:carol@example.org";
    public const string Dave = "sip:dave@example.org";
    public const string ConferenceId = "K7QW2Z9M";
    private ulong _nextId = 1;

    public FocusKit(ConferenceFocusFactoryOptions? options = null)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        Factory = new ConferenceFocusFactory(options ?? new ConferenceFocusFactoryOptions { AvailableMcuTypes = ["chat", "audio-video"] }, Store, Time);
    }

    public FakeTimeProvider Time { get; }

    public InMemoryConferenceStore Store { get; } = new();

    public ConferenceFocusFactory Factory { get; }

    public static string FocusUri => C3PAddress.Focus(Ann, ConferenceId);

    public static string ChatUri => C3PAddress.Mcu(Ann, "chat", ConferenceId);

    public static string AvUri => C3PAddress.Mcu(Ann, "audio-video", ConferenceId);

    public C3PRequest Request(string from, string to, C3PCommand command) =>
        new() { RequestId = _nextId++, From = from, To = to, C3PVersion = "1", Command = command };

    public async Task<C3PResponse> Send(string from, string to, C3PCommand command, bool authenticated = true)
    {
        var request = Request(from, to, command);
        var response = await Factory.HandleAsync(request, new C3PCaller(from, authenticated));
        Assert.That(response.Answers(request), Is.True, "the response correlates with its request");
        var reparsed = C3PXml.Parse(C3PXml.Write(response));
        Assert.That(reparsed, Is.EqualTo(response), "the response survives the wire");
        return response;
    }

    public static AddConferenceCommand NewConference(
        string? id = ConferenceId, string? policy = null, string[]? mcuTypes = null, ConferenceUser[]? invitees = null, DateTimeOffset? expiry = null) => new()
    {
        ConferenceInfo = new ConferenceInfoDocument
        {
            Description = new ConferenceDescription
            {
                Subject = "Design review",
                ConferenceId = id,
                AdmissionPolicy = policy,
                ExpiryTime = expiry,
            },
            Users = invitees is null ? null : new ConferenceUsers { Users = ValueList.From(invitees) },
            ConferenceView = new ConferenceView { EntityViews = ValueList.From((mcuTypes ?? ["chat", "audio-video"]).Select(t => new EntityView { Entity = t })) },
        },
    };

    public Task<C3PResponse> Create(string? policy = null, ConferenceUser[]? invitees = null) =>
        Send(Ann, C3PAddress.FocusFactory(Ann), NewConference(policy: policy, invitees: invitees));

    public static AddUserCommand JoinCommand(string user, string role = "attendee") => new()
    {
        Keys = new ConferenceKeys { ConfEntity = FocusUri },
        User = new ConferenceUser
        {
            Entity = user,
            Roles = ValueList.From([role]),
            Endpoints = ValueList.From([new ConferenceEndpoint { Entity = "{ep-" + user + "}" }]),
        },
    };

    public Task<C3PResponse> Join(string user, bool authenticated = true, string role = "attendee") =>
        Send(user, FocusUri, JoinCommand(user, role), authenticated);

    public Task<C3PResponse> JoinChat(string user) =>
        Send(user, FocusUri, new AddUserCommand
        {
            McuUri = ChatUri,
            Keys = new ConferenceKeys { ConfEntity = FocusUri },
            User = new ConferenceUser
            {
                Entity = user,
                Endpoints = ValueList.From([new ConferenceEndpoint
                {
                    Entity = "chat-" + user,
                    Media = ValueList.From([new ConferenceMedia { Id = "1", Type = "message", Status = "sendrecv" }]),
                }]),
            },
        });

    public Task<C3PResponse> Promote(string by, string user, string role = "presenter") =>
        Send(by, FocusUri, new ModifyUserRolesCommand
        {
            Keys = new UserKeys { ConfEntity = FocusUri, UserEntity = user },
            Roles = ValueList.From([role]),
        });

    public Task<C3PResponse> Lock(string by, bool locked = true) =>
        Send(by, FocusUri, new ModifyConferenceLockCommand { Keys = new ConferenceKeys { ConfEntity = FocusUri }, Locked = locked });

    public Task<C3PResponse> Eject(string by, string user) =>
        Send(by, FocusUri, new DeleteUserCommand { Keys = new UserKeys { ConfEntity = FocusUri, UserEntity = user } });

    public Task<C3PResponse> Mute(string by, string user, string status = "recvonly") =>
        Send(by, FocusUri, new ModifyEndpointMediaCommand
        {
            McuUri = ChatUri,
            Keys = new MediaKeys { ConfEntity = FocusUri, UserEntity = user, EndpointEntity = "chat-" + user, MediaId = "1" },
            Media = new ConferenceMedia { Id = "1", Status = status },
        });

    public Task<C3PResponse> Lobby(string by, string access, params string[] users) =>
        Send(by, FocusUri, new SetLobbyAccessCommand { Keys = new ConferenceKeys { ConfEntity = FocusUri }, UserEntities = ValueList.From(users), Access = access });

    public async Task<ConferenceFocus> Focus() => (await Factory.GetFocusAsync(ConferenceId))!;

    public void Dispose() => Factory.Dispose();
}

/// <summary>Collects what a focus delivers to one subscriber.</summary>
internal sealed class RecordingSubscriber : IConferenceSubscriber
{
    private readonly object _gate = new();
    private readonly List<ConferenceInfoDocument> _documents = [];
    private readonly TaskCompletionSource<ConferenceSubscriptionEnd> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<ConferenceSubscriptionEnd> Closed => _closed.Task;

    public IReadOnlyList<ConferenceInfoDocument> Documents
    {
        get
        {
            lock (_gate) return [.. _documents];
        }
    }

    public Task DeliverAsync(ConferenceInfoDocument document, CancellationToken cancellationToken)
    {
        lock (_gate) _documents.Add(document);
        return Task.CompletedTask;
    }

    public Task ClosedAsync(ConferenceSubscriptionEnd reason)
    {
        _closed.TrySetResult(reason);
        return Task.CompletedTask;
    }

    /// <summary>Waits (bounded by a 10 s token, not by sleeping) until <paramref name="count"/> documents arrived.</summary>
    public async Task WaitFor(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (Documents.Count < count)
        {
            timeout.Token.ThrowIfCancellationRequested();
            await Task.Yield();
        }
    }
}
