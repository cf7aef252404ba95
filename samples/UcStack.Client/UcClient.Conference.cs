using UcStack.C3P;

namespace UcStack.Client;

/// <summary>A chat line in a conference.</summary>
/// <param name="Sender">Who wrote it.</param>
/// <param name="Text">The text.</param>
internal sealed record ConferenceChat(string Sender, string Text);

/// <summary>Who is in a conference and in which role.</summary>
/// <param name="Members">Each member's URI and roles, e.g. <c>sip:bob@example.org(presenter)</c>.</param>
internal sealed record ConferenceRoster(IReadOnlyList<string> Members);

internal sealed partial class UcClient
{
    private readonly Lock _conferenceGate = new();
    private C3PClient? _c3p;
    private C3PConference? _conference;

    /// <summary>Raised (thread pool) for each chat message in the joined conference.</summary>
    public event EventHandler<ConferenceChat>? ConferenceChatReceived;

    /// <summary>Raised (thread pool) when the joined conference's roster changes.</summary>
    public event EventHandler<ConferenceRoster>? ConferenceRosterChanged;

    /// <summary>The joined conference, if any.</summary>
    public C3PConference? Conference => _conference;

    /// <summary>Creates a conference with a chat MCU and a meeting (content) MCU (C3P addConference, a SERVICE to our focus factory).</summary>
    /// <returns>The conference's focus URI (share it with whoever should join).</returns>
    /// <exception cref="FeatureUnavailableException">The server has no focus factory.</exception>
    public async Task<string> CreateConferenceAsync(string subject, CancellationToken cancellationToken = default)
    {
        var created = await Conferencing(c => c.CreateConferenceAsync(
            new ConferenceInfoDocument
            {
                Description = new ConferenceDescription { Subject = subject },
                ConferenceView = new ConferenceView { EntityViews = ValueList.From([new EntityView { Entity = ConferenceChatMcu.McuType }, new EntityView { Entity = ConferenceMeetingMcu.McuType }]) },
            },
            cancellationToken)).ConfigureAwait(false);
        return created.Entity;
    }

    /// <summary>Joins a conference (the focus INVITE with addUser, then its conference-info subscription) and its chat.</summary>
    /// <exception cref="FeatureUnavailableException">The server has no focus for it.</exception>
    public async Task JoinConferenceAsync(string focusUri, CancellationToken cancellationToken = default)
    {
        if (_conference is not null) throw new InvalidOperationException("already in a conference; leave it first");
        var conference = await Conferencing(c => c.JoinAsync(focusUri, cancellationToken: cancellationToken)).ConfigureAwait(false);
        conference.ChatMessageReceived += (_, m) => ConferenceChatReceived?.Invoke(this, new ConferenceChat(m.Sender, m.Text));
        conference.RosterChanged += (_, roster) => ConferenceRosterChanged?.Invoke(this, Describe(roster));
        _conference = conference;
        await conference.JoinChatAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Makes a member a presenter (modifyUserRoles; only an organizer or presenter may).</summary>
    public Task PromoteAsync(string user, CancellationToken cancellationToken = default) =>
        Joined().PromoteAsync(Settings.UriOf(user), cancellationToken: cancellationToken);

    /// <summary>Sends a chat message to the conference's chat MCU.</summary>
    public Task SendConferenceChatAsync(string text, CancellationToken cancellationToken = default) =>
        Joined().SendChatAsync(text, cancellationToken);

    /// <summary>The current roster of the joined conference.</summary>
    public ConferenceRoster CurrentRoster() => Describe(Joined().Roster);

    /// <summary>Leaves the joined conference (unsubscribe and BYE).</summary>
    public async Task LeaveConferenceAsync(CancellationToken cancellationToken = default)
    {
        var conference = Interlocked.Exchange(ref _conference, null) ?? throw new InvalidOperationException("not in a conference");
        await DisposeContentAsync().ConfigureAwait(false);
        await conference.LeaveAsync(cancellationToken).ConfigureAwait(false);
        await conference.DisposeAsync().ConfigureAwait(false);
    }

    private C3PConference Joined() => _conference ?? throw new InvalidOperationException("not in a conference; join one first");

    private async Task<T> Conferencing<T>(Func<C3PClient, Task<T>> action)
    {
        C3PClient client;
        lock (_conferenceGate)
        {
            // Created on first use: it chains itself in front of our request handler for the focus's requests.
            client = _c3p ??= new C3PClient(Agent, new C3PClientOptions { UserUri = Settings.AddressOfRecord, FocusServer = ServerTarget }, _loggerFactory);
        }

        try
        {
            return await action(client).ConfigureAwait(false);
        }
        catch (C3PSipException e) when (e.StatusCode is 404 or 405 or 480 or 501)
        {
            throw new FeatureUnavailableException($"no conference focus: the SERVICE/INVITE got {e.StatusCode} {e.ReasonPhrase}", e);
        }
    }

    private static ConferenceRoster Describe(ConferenceInfoDocument? roster) =>
        new([.. (roster?.Users?.Users ?? Enumerable.Empty<ConferenceUser>())
            .Select(u => u.Roles is { Count: > 0 } roles ? $"{u.Entity}({string.Join('+', roles)})" : u.Entity)]);

    private async Task DisposeConferenceAsync()
    {
        await DisposeContentAsync().ConfigureAwait(false);
        var conference = Interlocked.Exchange(ref _conference, null);
        if (conference is not null) await conference.DisposeAsync().ConfigureAwait(false);
        if (_c3p is not null) await _c3p.DisposeAsync().ConfigureAwait(false);
    }
}
