namespace UcStack.C3P;

/// <summary>Writes the conference-info model in RFC 4575 schema order; extension content follows the known children.</summary>
internal static class ConferenceInfoWriter
{
    private const string Ci = C3PNamespaces.ConferenceInfo;
    private const string Msci = C3PNamespaces.MsConferenceInfo;

    /// <summary>Writes a <c>conference-info</c> element; <paramref name="declare"/> adds the prefixes when it is a root.</summary>
    internal static void Write(XmlOutput output, ConferenceInfoDocument document, bool declare)
    {
        ArgumentNullException.ThrowIfNull(document);
        output.Start(Ci, "conference-info");
        if (declare)
        {
            output.DeclareDefault(Ci);
            output.DeclarePrefix("msci", Msci);
        }

        output.Attribute("entity", document.Entity);
        output.State(document.State);
        output.Attribute("version", document.Version?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        output.Attributes(document.ExtraAttributes);
        if (document.Description is { } description)
        {
            WriteDescription(output, description);
        }

        if (document.HostInfo is { } host)
        {
            WriteHostInfo(output, host);
        }

        if (document.ConferenceState is { } state)
        {
            WriteConferenceState(output, state);
        }

        if (document.Users is { } users)
        {
            WriteUsers(output, users);
        }

        if (document.ConferenceView is { } view)
        {
            WriteConferenceView(output, view);
        }

        output.Extensions(document.Extensions);
        output.End();
    }

    private static void WriteDescription(XmlOutput output, ConferenceDescription d)
    {
        output.Start(Ci, "conference-description");
        output.State(d.State);
        output.Attributes(d.ExtraAttributes);
        output.TextElement(Ci, "display-text", d.DisplayText);
        output.TextElement(Ci, "subject", d.Subject);
        output.TextElement(Ci, "free-text", d.FreeText);
        output.TextElement(Ci, "keywords", d.Keywords);
        WriteUris(output, "conf-uris", d.ConfUris);
        WriteUris(output, "service-uris", d.ServiceUris);
        output.UInt32Element(Ci, "maximum-user-count", d.MaximumUserCount);
        output.TextElement(Msci, "conference-id", d.ConferenceId);
        output.DateTimeElement(Msci, "expiry-time", d.ExpiryTime);
        output.TextElement(Msci, "admission-policy", d.AdmissionPolicy);
        output.Extensions(d.Extensions);
        output.End();
    }

    private static void WriteUris(XmlOutput output, string name, ConferenceUris? uris)
    {
        if (uris is null)
        {
            return;
        }

        output.Start(Ci, name);
        output.State(uris.State);
        output.Attributes(uris.ExtraAttributes);
        foreach (var entry in uris.Entries)
        {
            output.Start(Ci, "entry");
            output.Attributes(entry.ExtraAttributes);
            output.TextElement(Ci, "uri", entry.Uri);
            output.TextElement(Ci, "display-text", entry.DisplayText);
            output.TextElement(Ci, "purpose", entry.Purpose);
            output.Extensions(entry.Extensions);
            output.End();
        }

        output.Extensions(uris.Extensions);
        output.End();
    }

    private static void WriteHostInfo(XmlOutput output, HostInfo h)
    {
        output.Start(Ci, "host-info");
        output.State(h.State);
        output.Attributes(h.ExtraAttributes);
        output.TextElement(Ci, "display-text", h.DisplayText);
        output.TextElement(Ci, "web-page", h.WebPage);
        WriteUris(output, "uris", h.Uris);
        output.Extensions(h.Extensions);
        output.End();
    }

    private static void WriteConferenceState(XmlOutput output, ConferenceStateInfo s)
    {
        output.Start(Ci, "conference-state");
        output.State(s.State);
        output.Attributes(s.ExtraAttributes);
        output.UInt32Element(Ci, "user-count", s.UserCount);
        output.BooleanElement(Ci, "active", s.Active);
        output.BooleanElement(Ci, "locked", s.Locked);
        output.Extensions(s.Extensions);
        output.End();
    }

    private static void WriteUsers(XmlOutput output, ConferenceUsers users)
    {
        output.Start(Ci, "users");
        output.State(users.State);
        output.Attributes(users.ExtraAttributes);
        foreach (var user in users.Users)
        {
            WriteUser(output, user);
        }

        output.Extensions(users.Extensions);
        output.End();
    }

    /// <summary>Writes a <c>user</c> element (also the payload of addUser and endorseUser).</summary>
    internal static void WriteUser(XmlOutput output, ConferenceUser user)
    {
        output.Start(Ci, "user");
        output.Attribute("entity", user.Entity);
        output.State(user.State);
        output.Attributes(user.ExtraAttributes);
        output.TextElement(Ci, "display-text", user.DisplayText);
        WriteEntries(output, Ci, "roles", user.Roles);
        foreach (var endpoint in user.Endpoints)
        {
            WriteEndpoint(output, endpoint);
        }

        output.Extensions(user.Extensions);
        output.End();
    }

    /// <summary>Writes a list of text <c>entry</c> children under <paramref name="name"/>.</summary>
    internal static void WriteEntries(XmlOutput output, string ns, string name, ValueList<string>? entries)
    {
        if (entries is null)
        {
            return;
        }

        output.Start(ns, name);
        foreach (var entry in entries)
        {
            output.TextElement(Ci, "entry", entry);
        }

        output.End();
    }

    private static void WriteEndpoint(XmlOutput output, ConferenceEndpoint e)
    {
        output.Start(Ci, "endpoint");
        output.Attribute("entity", e.Entity);
        output.State(e.State);
        output.Attribute("session-type", e.SessionType);
        output.Attributes(e.ExtraAttributes);
        output.TextElement(Ci, "display-text", e.DisplayText);
        output.TextElement(Ci, "status", e.Status);
        output.TextElement(Ci, "joining-method", e.JoiningMethod);
        output.TextElement(Ci, "disconnection-method", e.DisconnectionMethod);
        foreach (var media in e.Media)
        {
            WriteMedia(output, media);
        }

        output.Extensions(e.Extensions);
        output.End();
    }

    /// <summary>Writes a <c>media</c> element (also the payload of modifyEndpointMedia).</summary>
    internal static void WriteMedia(XmlOutput output, ConferenceMedia m)
    {
        output.Start(Ci, "media");
        output.Attribute("id", m.Id);
        output.Attributes(m.ExtraAttributes);
        output.TextElement(Ci, "display-text", m.DisplayText);
        output.TextElement(Ci, "type", m.Type);
        output.TextElement(Ci, "label", m.Label);
        output.TextElement(Ci, "src-id", m.SourceId);
        output.TextElement(Ci, "status", m.Status);
        output.TextElement(Msci, "media-state", m.MediaState);
        output.TextElement(Msci, "media-ingress-filter", m.MediaIngressFilter);
        output.Extensions(m.Extensions);
        output.End();
    }

    private static void WriteConferenceView(XmlOutput output, ConferenceView view)
    {
        output.Start(Msci, "conference-view");
        output.State(view.State);
        output.Attributes(view.ExtraAttributes);
        foreach (var entityView in view.EntityViews)
        {
            output.Start(Msci, "entity-view");
            output.Attribute("entity", entityView.Entity);
            output.State(entityView.State);
            output.Attributes(entityView.ExtraAttributes);
            output.Extensions(entityView.Extensions);
            output.End();
        }

        output.Extensions(view.Extensions);
        output.End();
    }
}
