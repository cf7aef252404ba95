namespace UcStack.C3P;

/// <summary>
/// Applies RFC 4575 conference-info notifications to a subscriber's copy. A full document replaces it; a partial one
/// merges element by element (users by entity, endpoints by entity, media by id, URI entries by uri, entity-views by
/// entity); <c>state="deleted"</c> removes the keyed element. The result is always a normalised full document: root
/// state full, no state attributes below it. Pure: inputs are never changed.
/// </summary>
public static partial class ConferenceInfoMerger
{
    /// <summary>Applies <paramref name="update"/> to <paramref name="current"/>.</summary>
    /// <param name="current">The subscriber's full state, or null before the first full document.</param>
    /// <param name="update">The notification's document.</param>
    /// <returns>The outcome and the new state.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="update"/> is null.</exception>
    public static ConferenceMergeResult Apply(ConferenceInfoDocument? current, ConferenceInfoDocument update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var state = update.State ?? ConferenceElementState.Full;
        if (state == ConferenceElementState.Full)
        {
            // A full document is complete by definition; it also starts a new version sequence (a new subscription).
            return new(ConferenceMergeOutcome.Replaced, ConferenceRefreshReason.None, Normalize(update));
        }

        if (current is null)
        {
            return state == ConferenceElementState.Deleted
                ? new(ConferenceMergeOutcome.Deleted, ConferenceRefreshReason.None, null)
                : Refresh(null, ConferenceRefreshReason.NoBaseState);
        }

        if (!string.Equals(current.Entity, update.Entity, StringComparison.Ordinal))
        {
            return Refresh(current, ConferenceRefreshReason.EntityMismatch);
        }

        // RFC 4575 §4.6: versions increase by one per notification; a gap means lost notifications, and a version
        // not above the current one is a duplicate or out of order. Neither may touch the state.
        if (update.Version is not { } version)
        {
            return Refresh(current, ConferenceRefreshReason.MissingVersion);
        }

        var currentVersion = current.Version ?? 0;
        if (version <= currentVersion && current.Version is not null)
        {
            return Refresh(current, ConferenceRefreshReason.StaleVersion);
        }

        if (current.Version is not null && version != currentVersion + 1)
        {
            return Refresh(current, ConferenceRefreshReason.VersionGap);
        }

        if (state == ConferenceElementState.Deleted)
        {
            return new(ConferenceMergeOutcome.Deleted, ConferenceRefreshReason.None, null);
        }

        var merged = current with
        {
            State = ConferenceElementState.Full,
            Version = version,
            Description = Merge(current.Description, update.Description, static d => d.State, MergeDescription, NormalizeDescription),
            HostInfo = Merge(current.HostInfo, update.HostInfo, static h => h.State, MergeHostInfo, NormalizeHostInfo),
            ConferenceState = Merge(current.ConferenceState, update.ConferenceState, static s => s.State, MergeConferenceState, static s => s with { State = null }),
            Users = Merge(current.Users, update.Users, static u => u.State, MergeUsers, NormalizeUsers),
            ConferenceView = Merge(current.ConferenceView, update.ConferenceView, static v => v.State, MergeView, NormalizeView),
            Extensions = MergeExtensions(current.Extensions, update.Extensions),
            ExtraAttributes = MergeAttributes(current.ExtraAttributes, update.ExtraAttributes),
        };
        return new(ConferenceMergeOutcome.Merged, ConferenceRefreshReason.None, merged);
    }

    private static ConferenceMergeResult Refresh(ConferenceInfoDocument? current, ConferenceRefreshReason reason) =>
        new(ConferenceMergeOutcome.NeedsFullRefresh, reason, current);

    /// <summary>
    /// One element with a state attribute. Absent in the update: unchanged. Deleted: removed. Full, or new: the
    /// update replaces it. Partial or no state: merged. No state inside a partial document counts as partial,
    /// because Microsoft's focus sends <c>&lt;users&gt;</c> without one around a single changed user (see docs/c3p.md).
    /// </summary>
    private static T? Merge<T>(T? current, T? update, Func<T, ConferenceElementState?> state, Func<T, T, T> merge, Func<T, T> normalize)
        where T : class
    {
        if (update is null)
        {
            return current;
        }

        return state(update) switch
        {
            ConferenceElementState.Deleted => null,
            ConferenceElementState.Full => normalize(update),
            _ => current is null ? normalize(update) : merge(current, update),
        };
    }

    /// <summary>Keyed children: existing order kept, new keys appended in update order, deleted keys removed.</summary>
    private static ValueList<T> MergeKeyed<T>(ValueList<T> current, ValueList<T> update, Func<T, string> key, Func<T, ConferenceElementState?> state, Func<T, T, T> merge, Func<T, T> normalize)
    {
        if (update.Count == 0)
        {
            return current;
        }

        var result = new List<T>(current.AsSpan().ToArray());
        foreach (var item in update)
        {
            var index = result.FindIndex(existing => string.Equals(key(existing), key(item), StringComparison.Ordinal));
            var itemState = state(item);
            if (itemState == ConferenceElementState.Deleted)
            {
                if (index >= 0)
                {
                    result.RemoveAt(index);
                }

                continue;
            }

            if (index < 0)
            {
                result.Add(normalize(item));
            }
            else
            {
                result[index] = itemState == ConferenceElementState.Full ? normalize(item) : merge(result[index], item);
            }
        }

        return ValueList.From(result);
    }

    /// <summary>Unknown extension elements: the update's replace the current ones with the same qualified name.</summary>
    private static ValueList<XmlExtensionElement> MergeExtensions(ValueList<XmlExtensionElement> current, ValueList<XmlExtensionElement> update)
    {
        if (update.Count == 0)
        {
            return current;
        }

        var replaced = new HashSet<(string, string)>(update.Select(static e => (e.Namespace, e.LocalName)));
        return ValueList.From(current.Where(e => !replaced.Contains((e.Namespace, e.LocalName))).Concat(update));
    }

    private static ValueList<XmlAttributeEntry> MergeAttributes(ValueList<XmlAttributeEntry> current, ValueList<XmlAttributeEntry> update)
    {
        if (update.Count == 0)
        {
            return current;
        }

        var replaced = new HashSet<(string, string)>(update.Select(static a => (a.Namespace, a.LocalName)));
        return ValueList.From(current.Where(a => !replaced.Contains((a.Namespace, a.LocalName))).Concat(update));
    }

    private static ConferenceDescription MergeDescription(ConferenceDescription c, ConferenceDescription u) => c with
    {
        DisplayText = u.DisplayText ?? c.DisplayText,
        Subject = u.Subject ?? c.Subject,
        FreeText = u.FreeText ?? c.FreeText,
        Keywords = u.Keywords ?? c.Keywords,
        ConfUris = Merge(c.ConfUris, u.ConfUris, static x => x.State, MergeUris, NormalizeUris),
        ServiceUris = Merge(c.ServiceUris, u.ServiceUris, static x => x.State, MergeUris, NormalizeUris),
        MaximumUserCount = u.MaximumUserCount ?? c.MaximumUserCount,
        ConferenceId = u.ConferenceId ?? c.ConferenceId,
        ExpiryTime = u.ExpiryTime ?? c.ExpiryTime,
        AdmissionPolicy = u.AdmissionPolicy ?? c.AdmissionPolicy,
        Extensions = MergeExtensions(c.Extensions, u.Extensions),
        ExtraAttributes = MergeAttributes(c.ExtraAttributes, u.ExtraAttributes),
    };

    private static ConferenceUris MergeUris(ConferenceUris c, ConferenceUris u) => c with
    {
        // RFC 4575 §5.3.1: entries are keyed by their uri; entries carry no state of their own, so a present entry replaces.
        Entries = MergeKeyed(c.Entries, u.Entries, static e => e.Uri, static _ => ConferenceElementState.Full, static (_, e) => e, static e => e),
        Extensions = MergeExtensions(c.Extensions, u.Extensions),
        ExtraAttributes = MergeAttributes(c.ExtraAttributes, u.ExtraAttributes),
    };

    private static HostInfo MergeHostInfo(HostInfo c, HostInfo u) => c with
    {
        DisplayText = u.DisplayText ?? c.DisplayText,
        WebPage = u.WebPage ?? c.WebPage,
        Uris = Merge(c.Uris, u.Uris, static x => x.State, MergeUris, NormalizeUris),
        Extensions = MergeExtensions(c.Extensions, u.Extensions),
        ExtraAttributes = MergeAttributes(c.ExtraAttributes, u.ExtraAttributes),
    };

    private static ConferenceStateInfo MergeConferenceState(ConferenceStateInfo c, ConferenceStateInfo u) => c with
    {
        UserCount = u.UserCount ?? c.UserCount,
        Active = u.Active ?? c.Active,
        Locked = u.Locked ?? c.Locked,
        Extensions = MergeExtensions(c.Extensions, u.Extensions),
        ExtraAttributes = MergeAttributes(c.ExtraAttributes, u.ExtraAttributes),
    };

    private static ConferenceUsers MergeUsers(ConferenceUsers c, ConferenceUsers u) => c with
    {
        Users = MergeKeyed(c.Users, u.Users, static x => x.Entity, static x => x.State, MergeUser, NormalizeUser),
        Extensions = MergeExtensions(c.Extensions, u.Extensions),
        ExtraAttributes = MergeAttributes(c.ExtraAttributes, u.ExtraAttributes),
    };

    private static ConferenceUser MergeUser(ConferenceUser c, ConferenceUser u) => c with
    {
        DisplayText = u.DisplayText ?? c.DisplayText,
        // roles has no state and no key: when present it is the complete new set.
        Roles = u.Roles ?? c.Roles,
        Endpoints = MergeKeyed(c.Endpoints, u.Endpoints, static x => x.Entity, static x => x.State, MergeEndpoint, NormalizeEndpoint),
        Extensions = MergeExtensions(c.Extensions, u.Extensions),
        ExtraAttributes = MergeAttributes(c.ExtraAttributes, u.ExtraAttributes),
    };

    private static ConferenceEndpoint MergeEndpoint(ConferenceEndpoint c, ConferenceEndpoint u) => c with
    {
        SessionType = u.SessionType ?? c.SessionType,
        DisplayText = u.DisplayText ?? c.DisplayText,
        Status = u.Status ?? c.Status,
        JoiningMethod = u.JoiningMethod ?? c.JoiningMethod,
        DisconnectionMethod = u.DisconnectionMethod ?? c.DisconnectionMethod,
        // media has no state attribute: a present media element merges into the one with its id.
        Media = MergeKeyed(c.Media, u.Media, static x => x.Id, static _ => null, MergeMedia, static x => x),
        Extensions = MergeExtensions(c.Extensions, u.Extensions),
        ExtraAttributes = MergeAttributes(c.ExtraAttributes, u.ExtraAttributes),
    };

    private static ConferenceMedia MergeMedia(ConferenceMedia c, ConferenceMedia u) => c with
    {
        DisplayText = u.DisplayText ?? c.DisplayText,
        Type = u.Type ?? c.Type,
        Label = u.Label ?? c.Label,
        SourceId = u.SourceId ?? c.SourceId,
        Status = u.Status ?? c.Status,
        MediaState = u.MediaState ?? c.MediaState,
        MediaIngressFilter = u.MediaIngressFilter ?? c.MediaIngressFilter,
        Extensions = MergeExtensions(c.Extensions, u.Extensions),
        ExtraAttributes = MergeAttributes(c.ExtraAttributes, u.ExtraAttributes),
    };

    private static ConferenceView MergeView(ConferenceView c, ConferenceView u) => c with
    {
        EntityViews = MergeKeyed(c.EntityViews, u.EntityViews, static x => x.Entity, static x => x.State, MergeEntityView, static x => x with { State = null }),
        Extensions = MergeExtensions(c.Extensions, u.Extensions),
        ExtraAttributes = MergeAttributes(c.ExtraAttributes, u.ExtraAttributes),
    };

    private static EntityView MergeEntityView(EntityView c, EntityView u) => c with
    {
        Extensions = MergeExtensions(c.Extensions, u.Extensions),
        ExtraAttributes = MergeAttributes(c.ExtraAttributes, u.ExtraAttributes),
    };
}
