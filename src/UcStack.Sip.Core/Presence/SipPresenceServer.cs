using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using UcStack.Sip.Registrar;
using UcStack.Sip.Stack;
using UcStack.Sip.UserAgent;

namespace UcStack.Sip.Presence;

/// <summary>
/// A presence server for the users of its domains: an event state compositor for PUBLISH (RFC 3903: SIP-ETag,
/// SIP-If-Match, expiry, 412) and a presence agent answering SUBSCRIBE with <c>Event: presence</c> (RFC 3856),
/// sending a NOTIFY with a PIDF body (RFC 3863) at once and on every change, with RFC 6665 subscription expiry and
/// refresh handled by <see cref="SipNotifier"/>.
/// </summary>
/// <remarks>
/// <para>Thread-safe: one lock over the presentity table, never held while sending. Composition policy: a
/// presentity's state is its most recent live publication; with none it is <c>closed</c>. Authorization policy:
/// a user publishes only their own presence, and any authenticated user of the domain may watch any other.
/// Log EventIds 1360–1379 (highest used: 1362).</para>
/// <para>Not done (yet): presence authorization rules (RFC 5025) and winfo, partial publication (RFC 5264),
/// merging several devices' tuples into one document, and the NOTIFY a subscription refresh triggers carries no
/// body (the <see cref="SipNotifier"/> sends it).</para>
/// </remarks>
public sealed partial class SipPresenceServer : IDisposable
{
    private const string EventPackage = "presence";
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Presentity> _presentities = new(StringComparer.Ordinal);
    private readonly SipEndpoint _endpoint;
    private readonly SipPresenceOptions _options;
    private readonly ISipUserStore _users;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _order;
    private bool _disposed;

    /// <summary>Creates the presence server.</summary>
    /// <param name="endpoint">The endpoint its NOTIFYs are sent from (not owned).</param>
    /// <param name="options">Domains and limits.</param>
    /// <param name="users">The users of the domains (404 for others).</param>
    /// <param name="timeProvider">The clock publications expire on; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">Logging; none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">A required argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public SipPresenceServer(
        SipEndpoint endpoint, SipPresenceOptions options, ISipUserStore users, TimeProvider? timeProvider = null, ILogger<SipPresenceServer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(users);
        options.Validate();
        _endpoint = endpoint;
        _options = options;
        _users = users;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Whether a request is for this server: PUBLISH or SUBSCRIBE with <c>Event: presence</c> outside a
    /// dialog, for a URI in one of the domains.</summary>
    /// <param name="request">The request.</param>
    /// <returns><see langword="true"/> when <see cref="HandlePublishAsync"/> or <see cref="HandleSubscribeAsync"/> should take it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    public bool IsPresenceRequest(SipRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.MethodKind is not (SipMethodKind.Publish or SipMethodKind.Subscribe) || request.ToTag is not null) return false;
        if (!request.Headers.TryGetFirst("Event", out var header)) return false;
        var value = header.Value;
        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        var package = (semicolon < 0 ? value : value[..semicolon]).Trim();
        try
        {
            return string.Equals(package, EventPackage, StringComparison.OrdinalIgnoreCase)
                && SipAddressOfRecord.IsInDomain(request.RequestUri, _options.Domains);
        }
        catch (SipParseException)
        {
            return false;
        }
    }

    /// <summary>The current presence of an address of record (its most recent live publication, else closed).</summary>
    /// <param name="addressOfRecord">The canonical address of record.</param>
    /// <returns>The document.</returns>
    public PidfDocument GetPresence(string addressOfRecord)
    {
        ArgumentNullException.ThrowIfNull(addressOfRecord);
        lock (_gate) return Compose(addressOfRecord, _presentities.GetValueOrDefault(addressOfRecord));
    }

    /// <summary>Answers a PUBLISH for presence (RFC 3903 §6).</summary>
    /// <param name="incoming">The request.</param>
    /// <param name="publisher">The authenticated user who sent it (see <see cref="Proxy.SipProxy.AuthorizeAsync"/>),
    /// or <see langword="null"/> when not a user of the domain.</param>
    /// <param name="cancellationToken">Cancels lookups.</param>
    /// <returns>A task that completes when the request is answered.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="incoming"/> is <see langword="null"/>.</exception>
    public async Task HandlePublishAsync(SipIncomingRequest incoming, string? publisher, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        var request = incoming.Request;
        var presentityUri = request.RequestUri;
        if (!SipAddressOfRecord.TryCanonicalize(presentityUri, out var addressOfRecord)
            || !await _users.ExistsAsync(SipAddressOfRecord.UserOf(presentityUri)!, cancellationToken).ConfigureAwait(false))
        {
            await RespondAsync(incoming, 404, null, null, cancellationToken).ConfigureAwait(false);
            return;
        }

        // RFC 3903 §6 step 2: the publisher must be allowed to publish for the presentity: only the user themself.
        if (!string.Equals(publisher, SipAddressOfRecord.UserOf(presentityUri), StringComparison.Ordinal))
        {
            await RespondAsync(incoming, 403, "Not Your Presence", null, cancellationToken).ConfigureAwait(false);
            return;
        }

        var outcome = Publish(request, addressOfRecord);
        await RespondAsync(incoming, outcome.Status, outcome.Reason, outcome.Headers, cancellationToken).ConfigureAwait(false);
        if (outcome.Changed) NotifyWatchers(addressOfRecord);
    }

    /// <summary>Answers a SUBSCRIBE for presence (RFC 3856 §6): accepts it for a known presentity and sends the
    /// current state at once.</summary>
    /// <param name="incoming">The request.</param>
    /// <param name="watcher">The authenticated user who sent it, or <see langword="null"/> when not a user of the domain.</param>
    /// <param name="cancellationToken">Cancels lookups.</param>
    /// <returns>A task that completes when the request is answered.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="incoming"/> is <see langword="null"/>.</exception>
    public async Task HandleSubscribeAsync(SipIncomingRequest incoming, string? watcher, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        var request = incoming.Request;
        var presentityUri = request.RequestUri;
        if (!SipAddressOfRecord.TryCanonicalize(presentityUri, out var addressOfRecord)
            || !await _users.ExistsAsync(SipAddressOfRecord.UserOf(presentityUri)!, cancellationToken).ConfigureAwait(false))
        {
            await RespondAsync(incoming, 404, null, null, cancellationToken).ConfigureAwait(false);
            return;
        }

        // RFC 3856 §5.1.2: subscriptions are authorized; ours: any authenticated user of the domain.
        if (watcher is null)
        {
            await RespondAsync(incoming, 403, "Watchers Must Be Users Of The Domain", null, cancellationToken).ConfigureAwait(false);
            return;
        }

        // RFC 3856 §6.7 / RFC 6665 §4.2.1: a subscriber that cannot read PIDF gets 406.
        var accepts = request.Headers.GetValues("Accept");
        if (accepts.Count > 0 && !accepts.Any(a => a.Contains(PidfDocument.ContentType, StringComparison.OrdinalIgnoreCase)))
        {
            await RespondAsync(incoming, 406, null, [new("Accept", PidfDocument.ContentType)], cancellationToken).ConfigureAwait(false);
            return;
        }

        var requested = TimeSpan.FromSeconds(request.Expires ?? 3600);
        if (requested != TimeSpan.Zero && requested < _options.MinExpires)
        {
            await RespondAsync(incoming, 423, null, [MinExpires()], cancellationToken).ConfigureAwait(false);
            return;
        }

        PidfDocument state;
        long version;
        lock (_gate)
        {
            var presentity = _presentities.GetValueOrDefault(addressOfRecord);
            if (presentity is not null && presentity.Watchers.Count >= _options.MaxWatchersPerPresentity) state = null!;
            else state = Compose(addressOfRecord, presentity);
            version = presentity?.Version ?? 0;
        }

        if (state is null)
        {
            await RespondAsync(incoming, 403, "Too Many Watchers", null, cancellationToken).ConfigureAwait(false);
            return;
        }

        var subscription = new SipIncomingSubscription(_endpoint, incoming, EventPackage);
        var granted = requested < _options.MaxExpires ? requested : _options.MaxExpires;
        var notifier = await subscription.AcceptAsync(state.ToBytes(), PidfDocument.ContentType, granted).WaitAsync(cancellationToken).ConfigureAwait(false);
        Log.Watching(_logger, watcher, addressOfRecord);
        bool stale;
        lock (_gate)
        {
            var presentity = GetOrAdd(addressOfRecord);
            presentity.Watchers.Add(notifier);
            stale = presentity.Version != version;
        }

        _ = notifier.Terminated.ContinueWith(
            _ => RemoveWatcher(addressOfRecord, notifier), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        // A publication that landed between reading the state and adding the watcher is sent now.
        if (stale) _ = NotifyQuietlyAsync(notifier, GetPresence(addressOfRecord).ToBytes());
    }

    /// <summary>Cancels every publication timer. Subscriptions end with the endpoint.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var presentity in _presentities.Values)
            {
                foreach (var publication in presentity.Publications) publication.Timer.Dispose();
                presentity.Publications.Clear();
            }
        }
    }

    private PublishOutcome Publish(SipRequest request, string addressOfRecord)
    {
        // RFC 3903 §6 step 5: Expires as asked, at least the minimum (423), at most the maximum.
        var expires = request.Expires is { } seconds ? TimeSpan.FromSeconds(seconds) : _options.DefaultExpires;
        if (expires != TimeSpan.Zero && expires < _options.MinExpires) return new PublishOutcome(423, null, [MinExpires()], false);
        if (expires > _options.MaxExpires) expires = _options.MaxExpires;
        var ifMatch = request.Headers.TryGetFirst("SIP-If-Match", out var match) ? match.Value.Trim() : null;
        var body = request.Body;
        PidfDocument? document = null;
        if (!body.IsEmpty)
        {
            // RFC 3903 §6 step 3: a body of a type the event package does not allow gets 415.
            if (request.ContentType is not { } type || !string.Equals(type.MediaType, PidfDocument.ContentType, StringComparison.OrdinalIgnoreCase))
                return new PublishOutcome(415, null, [new("Accept", PidfDocument.ContentType)], false);
            if (!PidfDocument.TryParse(body.Span, out document, out var error)) return new PublishOutcome(400, Reason(error), null, false);
            document = new PidfDocument(addressOfRecord, document.Status, document.Note);
        }
        else if (ifMatch is null)
        {
            // RFC 3903 §6 step 4: an initial publication needs a body.
            return new PublishOutcome(400, "Initial PUBLISH Needs A Body", null, false);
        }

        lock (_gate)
        {
            if (_disposed) return new PublishOutcome(503, null, null, false);
            var presentity = _presentities.GetValueOrDefault(addressOfRecord);
            Publication? publication = null;
            if (ifMatch is not null)
            {
                // RFC 3903 §6 step 2: an entity-tag we do not hold for this resource gets 412.
                publication = presentity?.Publications.FirstOrDefault(p => p.ETag == ifMatch);
                if (publication is null) return new PublishOutcome(412, null, null, false);
                if (expires == TimeSpan.Zero)
                {
                    // RFC 3903 §6 step 5: Expires 0 removes the publication.
                    publication.Timer.Dispose();
                    presentity!.Publications.Remove(publication);
                    presentity.Version++;
                    RemoveIfIdle(addressOfRecord, presentity);
                    return new PublishOutcome(200, null, [new("Expires", "0")], true);
                }
            }
            else if (expires == TimeSpan.Zero)
            {
                return new PublishOutcome(200, null, [new("Expires", "0")], false);
            }

            presentity ??= GetOrAdd(addressOfRecord);
            if (publication is null)
            {
                if (presentity.Publications.Count >= _options.MaxPublicationsPerPresentity) return new PublishOutcome(403, "Too Many Publications", null, false);
                publication = new Publication();
                presentity.Publications.Add(publication);
            }
            else
            {
                publication.Timer.Dispose();
            }

            // RFC 3903 §6 step 6: every accepted PUBLISH gets a fresh entity-tag and a new expiry.
            var changed = document is not null;
            publication.ETag = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            if (document is not null)
            {
                publication.Document = document;
                publication.Order = ++_order;
                presentity.Version++;
            }

            var tag = publication.ETag;
            publication.Timer = _time.CreateTimer(_ => OnPublicationExpired(addressOfRecord, tag), null, expires, Timeout.InfiniteTimeSpan);
            Log.Published(_logger, addressOfRecord, publication.Document!.Status);
            return new PublishOutcome(200, null, [new("SIP-ETag", tag), new("Expires", ((long)expires.TotalSeconds).ToString(CultureInfo.InvariantCulture))], changed);
        }
    }

    private void OnPublicationExpired(string addressOfRecord, string etag)
    {
        lock (_gate)
        {
            if (!_presentities.TryGetValue(addressOfRecord, out var presentity)) return;
            var publication = presentity.Publications.FirstOrDefault(p => p.ETag == etag);
            if (publication is null) return;
            publication.Timer.Dispose();
            presentity.Publications.Remove(publication);
            presentity.Version++;
            RemoveIfIdle(addressOfRecord, presentity);
        }

        NotifyWatchers(addressOfRecord);
    }

    private void NotifyWatchers(string addressOfRecord)
    {
        SipNotifier[] watchers;
        byte[] body;
        lock (_gate)
        {
            var presentity = _presentities.GetValueOrDefault(addressOfRecord);
            watchers = presentity is null ? [] : [.. presentity.Watchers];
            body = Compose(addressOfRecord, presentity).ToBytes();
        }

        foreach (var watcher in watchers) _ = NotifyQuietlyAsync(watcher, body);
    }

    private static async Task NotifyQuietlyAsync(SipNotifier notifier, byte[] body)
    {
        try
        {
            await notifier.NotifyAsync(body, PidfDocument.ContentType).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
        {
            // the subscription ended meanwhile
        }
    }

    private void RemoveWatcher(string addressOfRecord, SipNotifier notifier)
    {
        lock (_gate)
        {
            if (!_presentities.TryGetValue(addressOfRecord, out var presentity)) return;
            presentity.Watchers.Remove(notifier);
            RemoveIfIdle(addressOfRecord, presentity);
        }
    }

    private Presentity GetOrAdd(string addressOfRecord)
    {
        if (!_presentities.TryGetValue(addressOfRecord, out var presentity))
        {
            presentity = new Presentity();
            _presentities.Add(addressOfRecord, presentity);
        }

        return presentity;
    }

    private void RemoveIfIdle(string addressOfRecord, Presentity presentity)
    {
        if (presentity.Publications.Count == 0 && presentity.Watchers.Count == 0) _presentities.Remove(addressOfRecord);
    }

    private static PidfDocument Compose(string addressOfRecord, Presentity? presentity)
    {
        var latest = presentity?.Publications.Where(p => p.Document is not null).MaxBy(p => p.Order);
        return latest?.Document ?? new PidfDocument(addressOfRecord, PidfBasicStatus.Closed);
    }

    private KeyValuePair<string, string> MinExpires() =>
        new("Min-Expires", ((long)_options.MinExpires.TotalSeconds).ToString(CultureInfo.InvariantCulture));

    private static async Task RespondAsync(
        SipIncomingRequest incoming, int status, string? reason, IReadOnlyList<KeyValuePair<string, string>>? headers, CancellationToken cancellationToken)
    {
        try
        {
            await incoming.RespondAsync(status, reason, headers, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // answered meanwhile
        }
    }

    private static string Reason(string message) =>
        new([.. message.Take(100).Select(c => char.IsControl(c) ? ' ' : c)]);

    private sealed class Presentity
    {
        public List<Publication> Publications { get; } = [];

        public List<SipNotifier> Watchers { get; } = [];

        /// <summary>Bumped on every change of the composed state.</summary>
        public long Version { get; set; }
    }

    private sealed class Publication
    {
        public string ETag { get; set; } = string.Empty;

        public PidfDocument? Document { get; set; }

        public long Order { get; set; }

        public ITimer Timer { get; set; } = null!;
    }

    private sealed record PublishOutcome(int Status, string? Reason, IReadOnlyList<KeyValuePair<string, string>>? Headers, bool Changed);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1360, Level = LogLevel.Information, Message = "{AddressOfRecord} published {Status}")]
        public static partial void Published(ILogger logger, string addressOfRecord, PidfBasicStatus status);

        [LoggerMessage(EventId = 1361, Level = LogLevel.Information, Message = "{Watcher} watches {AddressOfRecord}")]
        public static partial void Watching(ILogger logger, string watcher, string addressOfRecord);
    }
}
