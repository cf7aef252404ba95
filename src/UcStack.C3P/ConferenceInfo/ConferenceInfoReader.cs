using System.Text;

namespace UcStack.C3P;

/// <summary>
/// Streaming reader for RFC 4575 conference-info content. Known elements are matched on (namespace URI, local
/// name); anything else is kept as an <see cref="XmlExtensionElement"/>. Each method starts on its element's start
/// tag and returns after its end tag (the <see cref="XmlInput"/> convention).
/// </summary>
internal static class ConferenceInfoReader
{
    private const string Ci = C3PNamespaces.ConferenceInfo;
    private const string Msci = C3PNamespaces.MsConferenceInfo;

    internal static ConferenceInfoDocument ReadConferenceInfo(XmlInput input)
    {
        string? entity = null;
        ConferenceElementState? state = null;
        uint? version = null;
        List<XmlAttributeEntry>? extra = null;
        while (input.NextAttribute(out var ns, out var name, out var value))
        {
            switch (ns, name)
            {
                case ("", "entity"):
                    entity = value;
                    break;
                case ("", "state"):
                    state = input.ParseState(value, "conference-info");
                    break;
                case ("", "version"):
                    version = input.ParseUInt32(value, "conference-info version", C3PParseErrorReason.InvalidAttribute);
                    break;
                default:
                    XmlInput.Keep(ref extra, ns, name, value);
                    break;
            }
        }

        // RFC 4575 §5.2: entity is mandatory on conference-info (C3P's addConference sends it empty).
        var document = new ConferenceInfoDocument
        {
            Entity = entity ?? throw input.MissingAttribute("conference-info", "entity"),
            State = state,
            Version = version,
            ExtraAttributes = XmlInput.ToList(extra),
        };
        if (!input.Enter(out var depth))
        {
            return document;
        }

        List<XmlExtensionElement>? extensions = null;
        while (input.NextChild(depth))
        {
            switch (input.Namespace, input.LocalName)
            {
                case (Ci, "conference-description"):
                    document = document.Description is null ? document with { Description = ReadDescription(input) } : throw input.Duplicate("conference-description");
                    break;
                case (Ci, "host-info"):
                    document = document.HostInfo is null ? document with { HostInfo = ReadHostInfo(input) } : throw input.Duplicate("host-info");
                    break;
                case (Ci, "conference-state"):
                    document = document.ConferenceState is null ? document with { ConferenceState = ReadConferenceState(input) } : throw input.Duplicate("conference-state");
                    break;
                case (Ci, "users"):
                    document = document.Users is null ? document with { Users = ReadUsers(input) } : throw input.Duplicate("users");
                    break;
                case (Msci, "conference-view"):
                    document = document.ConferenceView is null ? document with { ConferenceView = ReadConferenceView(input) } : throw input.Duplicate("conference-view");
                    break;
                default:
                    input.KeepExtension(ref extensions);
                    break;
            }
        }

        return document with { Extensions = XmlInput.ToList(extensions) };
    }

    /// <summary>Reads only the state attribute; everything else goes to <paramref name="extra"/>.</summary>
    private static ConferenceElementState? ReadStateAttributes(XmlInput input, string element, ref List<XmlAttributeEntry>? extra)
    {
        ConferenceElementState? state = null;
        while (input.NextAttribute(out var ns, out var name, out var value))
        {
            if (ns.Length == 0 && name == "state")
            {
                state = input.ParseState(value, element);
            }
            else
            {
                XmlInput.Keep(ref extra, ns, name, value);
            }
        }

        return state;
    }

    private static string ReadKeyAttributes(XmlInput input, string element, string keyName, bool hasState, out ConferenceElementState? state, ref List<XmlAttributeEntry>? extra, Func<string, string, bool>? isKnown = null, Action<string, string, string>? onKnown = null)
    {
        string? key = null;
        state = null;
        while (input.NextAttribute(out var ns, out var name, out var value))
        {
            if (ns.Length == 0 && name == keyName)
            {
                key = value;
            }
            else if (hasState && ns.Length == 0 && name == "state")
            {
                state = input.ParseState(value, element);
            }
            else if (isKnown is not null && isKnown(ns, name))
            {
                onKnown!(ns, name, value);
            }
            else
            {
                XmlInput.Keep(ref extra, ns, name, value);
            }
        }

        return key ?? throw input.MissingAttribute(element, keyName);
    }

    private static string? Once(XmlInput input, string? current, string element) =>
        current is null ? input.ReadText() : throw input.Duplicate(element);

    internal static ConferenceDescription ReadDescription(XmlInput input)
    {
        List<XmlAttributeEntry>? extra = null;
        var result = new ConferenceDescription { State = ReadStateAttributes(input, "conference-description", ref extra) };
        result = result with { ExtraAttributes = XmlInput.ToList(extra) };
        if (!input.Enter(out var depth))
        {
            return result;
        }

        List<XmlExtensionElement>? extensions = null;
        while (input.NextChild(depth))
        {
            result = (input.Namespace, input.LocalName) switch
            {
                (Ci, "display-text") => result with { DisplayText = Once(input, result.DisplayText, "display-text") },
                (Ci, "subject") => result with { Subject = Once(input, result.Subject, "subject") },
                (Ci, "free-text") => result with { FreeText = Once(input, result.FreeText, "free-text") },
                (Ci, "keywords") => result with { Keywords = Once(input, result.Keywords, "keywords") },
                (Ci, "conf-uris") => result.ConfUris is null ? result with { ConfUris = ReadUris(input) } : throw input.Duplicate("conf-uris"),
                (Ci, "service-uris") => result.ServiceUris is null ? result with { ServiceUris = ReadUris(input) } : throw input.Duplicate("service-uris"),
                (Ci, "maximum-user-count") => result.MaximumUserCount is null
                    ? result with { MaximumUserCount = input.ParseUInt32(input.ReadText(), "maximum-user-count") }
                    : throw input.Duplicate("maximum-user-count"),
                (Msci, "conference-id") => result with { ConferenceId = Once(input, result.ConferenceId, "conference-id") },
                (Msci, "expiry-time") => result.ExpiryTime is null
                    ? result with { ExpiryTime = input.ParseDateTime(input.ReadText(), "expiry-time") }
                    : throw input.Duplicate("expiry-time"),
                (Msci, "admission-policy") => result with { AdmissionPolicy = Once(input, result.AdmissionPolicy, "admission-policy") },
                _ => Keep(input, ref extensions, result),
            };
        }

        return result with { Extensions = XmlInput.ToList(extensions) };
    }

    private static T Keep<T>(XmlInput input, ref List<XmlExtensionElement>? extensions, T unchanged)
    {
        input.KeepExtension(ref extensions);
        return unchanged;
    }

    /// <summary>An RFC 4575 uris-type: <c>entry</c> children keyed by <c>uri</c>.</summary>
    internal static ConferenceUris ReadUris(XmlInput input)
    {
        List<XmlAttributeEntry>? extra = null;
        var result = new ConferenceUris { State = ReadStateAttributes(input, input.LocalName, ref extra) };
        result = result with { ExtraAttributes = XmlInput.ToList(extra) };
        if (!input.Enter(out var depth))
        {
            return result;
        }

        List<XmlExtensionElement>? extensions = null;
        var entries = new List<ConferenceUri>();
        while (input.NextChild(depth))
        {
            if (input.Namespace == Ci && input.LocalName == "entry")
            {
                entries.Add(ReadUriEntry(input));
            }
            else
            {
                input.KeepExtension(ref extensions);
            }
        }

        return result with { Entries = XmlInput.ToList(entries), Extensions = XmlInput.ToList(extensions) };
    }

    private static ConferenceUri ReadUriEntry(XmlInput input)
    {
        List<XmlAttributeEntry>? extra = null;
        while (input.NextAttribute(out var ns, out var name, out var value))
        {
            XmlInput.Keep(ref extra, ns, name, value);
        }

        var entry = new ConferenceUri { ExtraAttributes = XmlInput.ToList(extra) };
        string? uri = null;
        if (input.Enter(out var depth))
        {
            List<XmlExtensionElement>? extensions = null;
            while (input.NextChild(depth))
            {
                switch (input.Namespace, input.LocalName)
                {
                    case (Ci, "uri"):
                        uri = Once(input, uri, "uri");
                        break;
                    case (Ci, "display-text"):
                        entry = entry with { DisplayText = Once(input, entry.DisplayText, "display-text") };
                        break;
                    case (Ci, "purpose"):
                        entry = entry with { Purpose = Once(input, entry.Purpose, "purpose") };
                        break;
                    default:
                        input.KeepExtension(ref extensions);
                        break;
                }
            }

            entry = entry with { Extensions = XmlInput.ToList(extensions) };
        }

        // RFC 4575 §5.3.1: each entry of a uris-type list carries exactly one uri.
        return entry with { Uri = uri ?? throw input.Error(C3PParseErrorReason.MissingElement, "<entry> needs a <uri>") };
    }

    internal static HostInfo ReadHostInfo(XmlInput input)
    {
        List<XmlAttributeEntry>? extra = null;
        var result = new HostInfo { State = ReadStateAttributes(input, "host-info", ref extra) };
        result = result with { ExtraAttributes = XmlInput.ToList(extra) };
        if (!input.Enter(out var depth))
        {
            return result;
        }

        List<XmlExtensionElement>? extensions = null;
        while (input.NextChild(depth))
        {
            result = (input.Namespace, input.LocalName) switch
            {
                (Ci, "display-text") => result with { DisplayText = Once(input, result.DisplayText, "display-text") },
                (Ci, "web-page") => result with { WebPage = Once(input, result.WebPage, "web-page") },
                (Ci, "uris") => result.Uris is null ? result with { Uris = ReadUris(input) } : throw input.Duplicate("uris"),
                _ => Keep(input, ref extensions, result),
            };
        }

        return result with { Extensions = XmlInput.ToList(extensions) };
    }

    internal static ConferenceStateInfo ReadConferenceState(XmlInput input)
    {
        List<XmlAttributeEntry>? extra = null;
        var result = new ConferenceStateInfo { State = ReadStateAttributes(input, "conference-state", ref extra) };
        result = result with { ExtraAttributes = XmlInput.ToList(extra) };
        if (!input.Enter(out var depth))
        {
            return result;
        }

        List<XmlExtensionElement>? extensions = null;
        while (input.NextChild(depth))
        {
            result = (input.Namespace, input.LocalName) switch
            {
                (Ci, "user-count") => result.UserCount is null ? result with { UserCount = input.ParseUInt32(input.ReadText(), "user-count") } : throw input.Duplicate("user-count"),
                (Ci, "active") => result.Active is null ? result with { Active = input.ParseBoolean(input.ReadText(), "active") } : throw input.Duplicate("active"),
                (Ci, "locked") => result.Locked is null ? result with { Locked = input.ParseBoolean(input.ReadText(), "locked") } : throw input.Duplicate("locked"),
                _ => Keep(input, ref extensions, result),
            };
        }

        return result with { Extensions = XmlInput.ToList(extensions) };
    }

    internal static ConferenceUsers ReadUsers(XmlInput input)
    {
        List<XmlAttributeEntry>? extra = null;
        var result = new ConferenceUsers { State = ReadStateAttributes(input, "users", ref extra) };
        result = result with { ExtraAttributes = XmlInput.ToList(extra) };
        if (!input.Enter(out var depth))
        {
            return result;
        }

        List<XmlExtensionElement>? extensions = null;
        var users = new List<ConferenceUser>();
        while (input.NextChild(depth))
        {
            if (input.Namespace == Ci && input.LocalName == "user")
            {
                users.Add(ReadUser(input));
            }
            else
            {
                input.KeepExtension(ref extensions);
            }
        }

        return result with { Users = XmlInput.ToList(users), Extensions = XmlInput.ToList(extensions) };
    }

    internal static ConferenceUser ReadUser(XmlInput input)
    {
        List<XmlAttributeEntry>? extra = null;
        var entity = ReadKeyAttributes(input, "user", "entity", hasState: true, out var state, ref extra);
        var result = new ConferenceUser { Entity = entity, State = state, ExtraAttributes = XmlInput.ToList(extra) };
        if (!input.Enter(out var depth))
        {
            return result;
        }

        List<XmlExtensionElement>? extensions = null;
        var endpoints = new List<ConferenceEndpoint>();
        while (input.NextChild(depth))
        {
            result = (input.Namespace, input.LocalName) switch
            {
                (Ci, "display-text") => result with { DisplayText = Once(input, result.DisplayText, "display-text") },
                (Ci, "roles") => result.Roles is null ? result with { Roles = ReadEntries(input, Ci, "entry") } : throw input.Duplicate("roles"),
                (Ci, "endpoint") => Add(endpoints, ReadEndpoint(input), result),
                _ => Keep(input, ref extensions, result),
            };
        }

        return result with { Endpoints = XmlInput.ToList(endpoints), Extensions = XmlInput.ToList(extensions) };
    }

    private static T Add<TItem, T>(List<TItem> items, TItem item, T unchanged)
    {
        items.Add(item);
        return unchanged;
    }

    /// <summary>A list of text <c>entry</c> children (roles, user-roles); other children are an error.</summary>
    internal static ValueList<string> ReadEntries(XmlInput input, string entryNamespace, string entryName)
    {
        var owner = input.LocalName;
        while (input.NextAttribute(out var ns, out var name, out _))
        {
            // The model keeps roles as plain strings; an attribute here would have nowhere to go, so it is refused
            // rather than dropped.
            throw input.Error(C3PParseErrorReason.InvalidAttribute, $"<{owner}> takes no attributes; found {{{ns}}}{name}");
        }

        if (!input.Enter(out var depth))
        {
            return ValueList<string>.Empty;
        }

        var entries = new List<string>();
        while (input.NextChild(depth))
        {
            if (input.Namespace != entryNamespace || input.LocalName != entryName)
            {
                throw input.Error(C3PParseErrorReason.UnexpectedElement, $"<{input.LocalName}> inside <{owner}>, which holds only <{entryName}>");
            }

            entries.Add(input.ReadText());
        }

        return XmlInput.ToList(entries);
    }

    internal static ConferenceEndpoint ReadEndpoint(XmlInput input)
    {
        List<XmlAttributeEntry>? extra = null;
        string? sessionType = null;
        var entity = ReadKeyAttributes(
            input, "endpoint", "entity", hasState: true, out var state, ref extra,
            static (ns, name) => ns.Length == 0 && name == "session-type",
            (_, _, value) => sessionType = value);
        var result = new ConferenceEndpoint { Entity = entity, State = state, SessionType = sessionType, ExtraAttributes = XmlInput.ToList(extra) };
        if (!input.Enter(out var depth))
        {
            return result;
        }

        List<XmlExtensionElement>? extensions = null;
        var media = new List<ConferenceMedia>();
        while (input.NextChild(depth))
        {
            result = (input.Namespace, input.LocalName) switch
            {
                (Ci, "display-text") => result with { DisplayText = Once(input, result.DisplayText, "display-text") },
                (Ci, "status") => result with { Status = Once(input, result.Status, "status") },
                (Ci, "joining-method") => result with { JoiningMethod = Once(input, result.JoiningMethod, "joining-method") },
                (Ci, "disconnection-method") => result with { DisconnectionMethod = Once(input, result.DisconnectionMethod, "disconnection-method") },
                (Ci, "media") => Add(media, ReadMedia(input), result),
                _ => Keep(input, ref extensions, result),
            };
        }

        return result with { Media = XmlInput.ToList(media), Extensions = XmlInput.ToList(extensions) };
    }

    internal static ConferenceMedia ReadMedia(XmlInput input)
    {
        List<XmlAttributeEntry>? extra = null;
        var id = ReadKeyAttributes(input, "media", "id", hasState: false, out _, ref extra);
        var result = new ConferenceMedia { Id = id, ExtraAttributes = XmlInput.ToList(extra) };
        if (!input.Enter(out var depth))
        {
            return result;
        }

        List<XmlExtensionElement>? extensions = null;
        while (input.NextChild(depth))
        {
            result = (input.Namespace, input.LocalName) switch
            {
                (Ci, "display-text") => result with { DisplayText = Once(input, result.DisplayText, "display-text") },
                (Ci, "type") => result with { Type = Once(input, result.Type, "type") },
                (Ci, "label") => result with { Label = Once(input, result.Label, "label") },
                (Ci, "src-id") => result with { SourceId = Once(input, result.SourceId, "src-id") },
                (Ci, "status") => result with { Status = Once(input, result.Status, "status") },
                (Msci, "media-state") => result with { MediaState = Once(input, result.MediaState, "media-state") },
                (Msci, "media-ingress-filter") => result with { MediaIngressFilter = Once(input, result.MediaIngressFilter, "media-ingress-filter") },
                _ => Keep(input, ref extensions, result),
            };
        }

        return result with { Extensions = XmlInput.ToList(extensions) };
    }

    internal static ConferenceView ReadConferenceView(XmlInput input)
    {
        List<XmlAttributeEntry>? extra = null;
        var result = new ConferenceView { State = ReadStateAttributes(input, "conference-view", ref extra) };
        result = result with { ExtraAttributes = XmlInput.ToList(extra) };
        if (!input.Enter(out var depth))
        {
            return result;
        }

        List<XmlExtensionElement>? extensions = null;
        var views = new List<EntityView>();
        while (input.NextChild(depth))
        {
            if (input.Namespace == Msci && input.LocalName == "entity-view")
            {
                views.Add(ReadEntityView(input));
            }
            else
            {
                input.KeepExtension(ref extensions);
            }
        }

        return result with { EntityViews = XmlInput.ToList(views), Extensions = XmlInput.ToList(extensions) };
    }

    private static EntityView ReadEntityView(XmlInput input)
    {
        List<XmlAttributeEntry>? extra = null;
        var entity = ReadKeyAttributes(input, "entity-view", "entity", hasState: true, out var state, ref extra);
        var result = new EntityView { Entity = entity, State = state, ExtraAttributes = XmlInput.ToList(extra) };
        if (!input.Enter(out var depth))
        {
            return result;
        }

        List<XmlExtensionElement>? extensions = null;
        while (input.NextChild(depth))
        {
            input.KeepExtension(ref extensions);
        }

        return result with { Extensions = XmlInput.ToList(extensions) };
    }
}
