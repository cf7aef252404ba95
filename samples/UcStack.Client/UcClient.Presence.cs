using System.Collections.Concurrent;
using UcStack.Sip;
using UcStack.Sip.Presence;
using UcStack.Sip.Transport;
using UcStack.Sip.UserAgent;

namespace UcStack.Client;

/// <summary>A presence document received for a watched user.</summary>
/// <param name="Entity">Whose presence (the PIDF entity).</param>
/// <param name="Status">open or closed.</param>
/// <param name="Note">The note, if any.</param>
internal sealed record PresenceUpdate(string Entity, PidfBasicStatus Status, string? Note);

internal sealed partial class UcClient
{
    private static readonly TimeSpan PresenceExpires = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, SipSubscription> _watches = new(StringComparer.OrdinalIgnoreCase);
    private string? _presenceETag;

    /// <summary>Raised (thread pool) for every presence document a watch delivers.</summary>
    public event EventHandler<PresenceUpdate>? PresenceChanged;

    /// <summary>Publishes our presence (RFC 3903): the first PUBLISH creates the publication, later ones modify
    /// it with SIP-If-Match so the server keeps one document for us.</summary>
    /// <param name="status">open (available) or closed.</param>
    /// <param name="note">A free-text note, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The final status code.</returns>
    public async Task<int> PublishPresenceAsync(PidfBasicStatus status, string? note, CancellationToken cancellationToken = default)
    {
        var body = new PidfDocument(Settings.AddressOfRecord, status, note).ToBytes();
        var builder = Endpoint.CreateRequest("PUBLISH", Settings.AddressOfRecord, protocol: ServerTarget.Protocol)
            .AddHeader("Event", "presence")
            .AddHeader("Expires", ((int)PresenceExpires.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        // RFC 3903 §4.4: modifying a publication names its entity-tag.
        if (_presenceETag is { } etag) builder.AddHeader("SIP-If-Match", etag);
        using var response = await Endpoint.SendRequestAsync(builder.SetBody(body, PidfDocument.ContentType).Build(), ServerTarget, cancellationToken)
            .ConfigureAwait(false);
        if (response.StatusCode == 412 && _presenceETag is not null)
        {
            // RFC 3903 §6 step 4: the publication expired at the server; start a new one.
            _presenceETag = null;
            return await PublishPresenceAsync(status, note, cancellationToken).ConfigureAwait(false);
        }

        if (response.StatusCode is >= 200 and < 300) _presenceETag = response.Headers.TryGetFirst("SIP-ETag", out var tag) ? tag.Value : null;
        return response.StatusCode;
    }

    /// <summary>Watches another user's presence (RFC 3856 SUBSCRIBE); every NOTIFY raises <see cref="PresenceChanged"/>.</summary>
    /// <param name="user">A user name of the domain or a SIP URI.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="SipSubscriptionException">The server refused.</exception>
    public async Task WatchPresenceAsync(string user, CancellationToken cancellationToken = default)
    {
        var uri = Settings.UriOf(user);
        if (_watches.ContainsKey(uri)) return;
        var subscription = await Agent.SubscribeAsync(uri, "presence", PresenceExpires, PidfDocument.ContentType, ServerTarget, cancellationToken)
            .ConfigureAwait(false);
        subscription.NotificationReceived += (_, notification) => OnPresenceNotify(uri, notification);
        if (!_watches.TryAdd(uri, subscription)) await subscription.DisposeAsync().ConfigureAwait(false);
    }

    private void OnPresenceNotify(string uri, SipNotification notification)
    {
        // RFC 3856 §6.8: a NOTIFY may come without a body (pending, or a refresh); there is nothing to show then.
        if (notification.Body.IsEmpty) return;
        if (!PidfDocument.TryParse(notification.Body.Span, out var document, out var error))
        {
            PresenceChanged?.Invoke(this, new PresenceUpdate(uri, PidfBasicStatus.Closed, "unreadable presence document: " + error));
            return;
        }

        PresenceChanged?.Invoke(this, new PresenceUpdate(document.Entity, document.Status, document.Note));
    }

    private async Task DisposeWatchesAsync()
    {
        foreach (var (uri, subscription) in _watches)
        {
            _watches.TryRemove(uri, out _);
            await subscription.DisposeAsync().ConfigureAwait(false);
        }
    }
}
