namespace UcStack.C3P;

/// <summary>Why a user left a conference's roster.</summary>
public enum ConferenceRemovalReason
{
    /// <summary>The user removed themselves (deleteUser on themselves, or the binding saw them leave).</summary>
    Left = 1,

    /// <summary>A presenter ejected the user (deleteUser).</summary>
    Ejected,

    /// <summary>A presenter refused the user waiting in the lobby (setLobbyAccess denied).</summary>
    Denied,

    /// <summary>The conference ended.</summary>
    ConferenceEnded,
}

/// <summary>Why a conference ended.</summary>
public enum ConferenceEndReason
{
    /// <summary>deleteConference.</summary>
    Deleted = 1,

    /// <summary>Its expiry time passed.</summary>
    Expired,
}

/// <summary>A user removed from a conference.</summary>
/// <param name="Entity">The user's URI.</param>
/// <param name="Reason">Why.</param>
public sealed record ConferenceUserRemoved(string Entity, ConferenceRemovalReason Reason);

/// <summary>
/// The focus of one conference, transport-agnostic: it admits users (admission policy, lock, lobby), enforces roles
/// (only presenters lock, eject, promote, admit from the lobby, or change other users' media), keeps the roster as an
/// RFC 4575 conference-info document and sends every subscriber a full document followed by partial ones whose
/// version increases by one per change. Every command either succeeds or returns the C3P failure response with no
/// state change. The conference ends on deleteConference or at its expiry time (on the <see cref="TimeProvider"/>).
/// </summary>
/// <remarks>Thread-safe: commands are serialised by a lock that is never held while user code runs; events are
/// raised after it is released, on the thread that ran the command (or the timer).</remarks>
public sealed partial class ConferenceFocus : IDisposable
{
    internal const string Presenter = "presenter";
    internal const string Attendee = "attendee";
    internal const string FocusSessionType = "focus";
    internal const string Connected = "connected";
    internal const string Pending = "pending";

    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly int _maxParticipants;
    private readonly Func<McuDialIn, IReadOnlyList<ConnectionInfoEntry>>? _dialInConnectionInfo;
    private readonly Dictionary<string, ConferenceUser> _users = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<ConferenceFocusSubscription> _subscriptions = [];
    private readonly ITimer _expiry;
    private ConferenceRecord _record;
    private ConferenceInfoDocument _document;
    private bool _locked;
    private bool _ended;

    /// <summary>Extra connection-info for MCU dial-ins (see <see cref="ConferenceFocusFactoryOptions.DialInConnectionInfo"/>).</summary>
    internal Func<McuDialIn, IReadOnlyList<ConnectionInfoEntry>>? DialInConnectionInfo
    {
        get => _dialInConnectionInfo;
        init => _dialInConnectionInfo = value;
    }

    /// <summary>Starts the focus of a provisioned conference with an empty roster.</summary>
    /// <param name="record">The conference.</param>
    /// <param name="timeProvider">The clock for the expiry; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="maxParticipants">How many users the roster holds at most.</param>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxParticipants"/> is not positive.</exception>
    public ConferenceFocus(ConferenceRecord record, TimeProvider? timeProvider = null, int maxParticipants = 250)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxParticipants);
        _record = record;
        _time = timeProvider ?? TimeProvider.System;
        _maxParticipants = maxParticipants;
        _locked = record.Locked;
        _document = Describe(record);
        var due = record.ExpiryTime - _time.GetUtcNow();
        _expiry = _time.CreateTimer(static s => ((ConferenceFocus)s!).End(ConferenceEndReason.Expired), this, due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The conference id.</summary>
    public string ConferenceId => _record.ConferenceId;

    /// <summary>The focus URI.</summary>
    public string FocusUri => _record.FocusUri;

    /// <summary>The organizer's URI.</summary>
    public string Organizer => _record.Organizer;

    /// <summary>The conference as provisioned (with the changes modifyConference made).</summary>
    public ConferenceRecord Record
    {
        get
        {
            lock (_gate) return _record;
        }
    }

    /// <summary>Whether the conference has ended.</summary>
    public bool IsEnded
    {
        get
        {
            lock (_gate) return _ended;
        }
    }

    /// <summary>Raised after a user was removed from the roster (the binding ends that user's dialogs).</summary>
    public event EventHandler<ConferenceUserRemoved>? UserRemoved;

    /// <summary>Raised once when the conference ended.</summary>
    public event EventHandler<ConferenceEndReason>? Ended;

    /// <summary>The current state as a full, normalised conference-info document (with the current version).</summary>
    /// <returns>The document.</returns>
    public ConferenceInfoDocument GetDocument()
    {
        lock (_gate) return _document;
    }

    /// <summary>Whether <paramref name="entity"/> is on the roster and admitted (not waiting in the lobby).</summary>
    /// <param name="entity">The user's URI.</param>
    /// <returns>Whether the user takes part.</returns>
    public bool IsParticipant(string entity)
    {
        lock (_gate) return !_ended && _users.TryGetValue(entity, out var user) && !InLobby(user);
    }

    /// <summary>The admitted users joined to an MCU of <paramref name="mcuType"/> (with an endpoint of that session type).</summary>
    /// <param name="mcuType">The MCU type, e.g. <c>chat</c>.</param>
    /// <returns>Their URIs, in roster order.</returns>
    public IReadOnlyList<string> GetMcuMembers(string mcuType)
    {
        lock (_gate)
        {
            if (_ended) return [];
            return _document.Users?.Users
                .Where(u => !InLobby(u) && McuEndpoint(u, mcuType) is not null)
                .Select(u => u.Entity)
                .ToList() ?? [];
        }
    }

    /// <summary>Whether <paramref name="entity"/> may send on the MCU of <paramref name="mcuType"/>: admitted, joined to
    /// that MCU, and none of its media there muted (status <c>recvonly</c>/<c>inactive</c> or ingress blocked).</summary>
    /// <param name="entity">The user's URI.</param>
    /// <param name="mcuType">The MCU type.</param>
    /// <returns>The refusal reason, or <see cref="C3PFailureReason.None"/> when the user may send.</returns>
    public C3PFailureReason CheckMcuSender(string entity, string mcuType)
    {
        lock (_gate)
        {
            if (_ended) return C3PFailureReason.ConferenceDoesNotExist;
            if (!_users.TryGetValue(entity, out var user) || InLobby(user)) return C3PFailureReason.UserDoesNotExist;
            if (McuEndpoint(user, mcuType) is not { } endpoint) return C3PFailureReason.EndpointDoesNotExist;
            var muted = endpoint.Media.Any(static m => m.Status is "recvonly" or "inactive" || m.MediaIngressFilter == "block");
            return muted ? C3PFailureReason.Forbidden : C3PFailureReason.None;
        }
    }

    /// <summary>Subscribes a participant to the conference state: the subscriber first gets the full document,
    /// then every change as a partial document.</summary>
    /// <param name="caller">The subscribing user; must be on the roster.</param>
    /// <param name="subscriber">Receives the documents.</param>
    /// <param name="subscription">The subscription (dispose it to stop), when this returns <see cref="C3PFailureReason.None"/>.</param>
    /// <returns><see cref="C3PFailureReason.None"/>, <see cref="C3PFailureReason.ConferenceDoesNotExist"/> (ended), or
    /// <see cref="C3PFailureReason.Forbidden"/> (not on the roster).</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public C3PFailureReason Subscribe(C3PCaller caller, IConferenceSubscriber subscriber, out ConferenceFocusSubscription? subscription)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(subscriber);
        subscription = null;
        lock (_gate)
        {
            if (_ended) return C3PFailureReason.ConferenceDoesNotExist;
            if (!_users.ContainsKey(caller.Uri)) return C3PFailureReason.Forbidden;
            subscription = new ConferenceFocusSubscription(this, caller.Uri, subscriber);
            subscription.Enqueue(_document, null);
            _subscriptions.Add(subscription);
        }

        subscription.Start();
        return C3PFailureReason.None;
    }

    /// <summary>Ends the conference: every subscriber gets <c>state="deleted"</c>, every user is removed.</summary>
    /// <param name="reason">Why.</param>
    public void End(ConferenceEndReason reason)
    {
        List<string> removed;
        lock (_gate)
        {
            if (_ended) return;
            _ended = true;
            removed = [.. _users.Keys];
            _users.Clear();

            // RFC 4575 §5.1: a conference-info with state deleted tells subscribers the conference is gone.
            var gone = new ConferenceInfoDocument { Entity = FocusUri, State = ConferenceElementState.Deleted, Version = (_document.Version ?? 0) + 1 };
            foreach (var subscription in _subscriptions)
            {
                subscription.Enqueue(gone, null);
                subscription.Close(ConferenceSubscriptionEnd.ConferenceEnded);
            }

            _subscriptions.Clear();
        }

        _expiry.Dispose();
        foreach (var entity in removed) UserRemoved?.Invoke(this, new ConferenceUserRemoved(entity, ConferenceRemovalReason.ConferenceEnded));
        Ended?.Invoke(this, reason);
    }

    /// <summary>Removes a user as if they had sent deleteUser for themselves (the binding saw their focus dialog end).</summary>
    /// <param name="entity">The user's URI.</param>
    /// <returns>Whether the user was on the roster.</returns>
    public bool Leave(string entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var events = new List<ConferenceUserRemoved>();
        bool removed;
        lock (_gate)
        {
            removed = !_ended && RemoveUserLocked(entity, ConferenceRemovalReason.Left, events);
        }

        Raise(events);
        return removed;
    }

    /// <summary>Stops the expiry timer and ends the conference if it has not ended.</summary>
    public void Dispose() => End(ConferenceEndReason.Deleted);

    internal void RemoveSubscription(ConferenceFocusSubscription subscription)
    {
        lock (_gate) _subscriptions.Remove(subscription);
    }

    /// <summary>The full document of a conference with an empty roster (version 1).</summary>
    internal static ConferenceInfoDocument Describe(ConferenceRecord record) => ConferenceInfoMerger.Normalize(BuildInitialDocument(record));

    /// <summary>Whether <paramref name="entity"/> is an admitted presenter.</summary>
    internal bool IsPresenterUser(string entity)
    {
        lock (_gate) return !_ended && _users.TryGetValue(entity, out var user) && !InLobby(user) && IsPresenter(user);
    }

    private static bool InLobby(ConferenceUser user) =>
        user.Endpoints.Any(static e => e.SessionType == FocusSessionType && e.Status == Pending);

    private static ConferenceEndpoint? McuEndpoint(ConferenceUser user, string mcuType) =>
        user.Endpoints.FirstOrDefault(e => string.Equals(e.SessionType, mcuType, StringComparison.OrdinalIgnoreCase));

    private static bool IsPresenter(ConferenceUser user) => user.Roles?.Contains(Presenter) == true;

    private void Raise(List<ConferenceUserRemoved> events)
    {
        foreach (var e in events) UserRemoved?.Invoke(this, e);
    }

    /// <summary>Applies a partial document to the state and queues it to every subscriber (under the lock).</summary>
    private void PublishLocked(ConferenceInfoDocument partial)
    {
        var update = partial with { Entity = FocusUri, State = ConferenceElementState.Partial, Version = (_document.Version ?? 0) + 1 };

        // The focus keeps its own state with the same merge its subscribers run, so a subscriber that applied
        // every notification holds exactly this document.
        var result = ConferenceInfoMerger.Apply(_document, update);
        _document = result.State ?? throw new InvalidOperationException("a focus update did not merge: " + result.RefreshReason);
        foreach (var subscription in _subscriptions) subscription.Enqueue(update, _document);
    }

    private void PublishUserLocked(ConferenceUser user) =>
        PublishLocked(new ConferenceInfoDocument
        {
            ConferenceState = new ConferenceStateInfo { UserCount = (uint)_users.Count },
            Users = new ConferenceUsers { Users = ValueList.From([user with { State = ConferenceElementState.Full }]) },
        });

    private bool RemoveUserLocked(string entity, ConferenceRemovalReason reason, List<ConferenceUserRemoved> events)
    {
        if (!_users.Remove(entity, out var user)) return false;
        PublishLocked(new ConferenceInfoDocument
        {
            ConferenceState = new ConferenceStateInfo { UserCount = (uint)_users.Count },
            Users = new ConferenceUsers { Users = ValueList.From([new ConferenceUser { Entity = user.Entity, State = ConferenceElementState.Deleted }]) },
        });
        foreach (var subscription in _subscriptions.Where(s => C3PAddress.SameUri(s.SubscriberUri, entity)).ToList())
        {
            subscription.Close(ConferenceSubscriptionEnd.UserRemoved);
            _subscriptions.Remove(subscription);
        }

        events.Add(new ConferenceUserRemoved(user.Entity, reason));
        return true;
    }

    private static ConferenceInfoDocument BuildInitialDocument(ConferenceRecord record)
    {
        // What the organizer sent and the focus does not interpret is published as sent; the focus owns the id,
        // subject, expiry, policy, MCU URIs, conference-state and the roster.
        var sent = record.Provisioned;
        var views = sent?.ConferenceView?.EntityViews ?? ValueList<EntityView>.Empty;
        return new ConferenceInfoDocument
        {
            Entity = record.FocusUri,
            State = ConferenceElementState.Full,
            Version = 1,
            Description = (sent?.Description ?? new ConferenceDescription()) with
            {
                Subject = record.Subject,
                ConferenceId = record.ConferenceId,
                ExpiryTime = record.ExpiryTime,
                AdmissionPolicy = ConferenceAdmissionPolicies.ToText(record.AdmissionPolicy),
                ConfUris = record.McuTypes.Count == 0 ? null : new ConferenceUris
                {
                    Entries = ValueList.From(record.McuTypes.Select(t => new ConferenceUri
                    {
                        Uri = C3PAddress.Mcu(record.Organizer, t, record.ConferenceId),
                        Purpose = t,
                    })),
                },
            },
            HostInfo = sent?.HostInfo,
            ConferenceState = new ConferenceStateInfo { Active = true, Locked = record.Locked, UserCount = 0 },
            Users = new ConferenceUsers(),
            ConferenceView = record.McuTypes.Count == 0 ? null : new ConferenceView
            {
                EntityViews = ValueList.From(record.McuTypes.Select(t =>
                    views.FirstOrDefault(v => string.Equals(v.Entity, t, StringComparison.OrdinalIgnoreCase)) is { } view ? view with { Entity = t } : new EntityView { Entity = t })),
            },
            Extensions = sent?.Extensions ?? ValueList<XmlExtensionElement>.Empty,
            ExtraAttributes = sent?.ExtraAttributes ?? ValueList<XmlAttributeEntry>.Empty,
        };
    }
}
