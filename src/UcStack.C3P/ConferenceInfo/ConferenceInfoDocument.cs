namespace UcStack.C3P;

/// <summary>
/// The RFC 4575 <c>conference-info</c> document (root of a <c>conference</c> event NOTIFY body, and the payload of
/// several C3P commands), with the Microsoft extensions C3P uses. Unset properties mean "element absent", which
/// in a partial update means "unchanged".
/// </summary>
public sealed record ConferenceInfoDocument
{
    /// <summary>The conference URI (the focus URI); empty in an <c>addConference</c> request.</summary>
    public string Entity { get; init; } = string.Empty;

    /// <summary>Full, partial or deleted; absent means full (RFC 4575 §5.1 default).</summary>
    public ConferenceElementState? State { get; init; }

    /// <summary>The notification version (RFC 4575 §4.6): one higher for each document sent to a subscriber.</summary>
    public uint? Version { get; init; }

    /// <summary><c>conference-description</c>.</summary>
    public ConferenceDescription? Description { get; init; }

    /// <summary><c>host-info</c>.</summary>
    public HostInfo? HostInfo { get; init; }

    /// <summary><c>conference-state</c>.</summary>
    public ConferenceStateInfo? ConferenceState { get; init; }

    /// <summary><c>users</c>.</summary>
    public ConferenceUsers? Users { get; init; }

    /// <summary><c>msci:conference-view</c>: per-MCU state.</summary>
    public ConferenceView? ConferenceView { get; init; }

    /// <summary>Children the model does not know (sidebars, newer extensions), kept in order.</summary>
    public ValueList<XmlExtensionElement> Extensions { get; init; } = ValueList<XmlExtensionElement>.Empty;

    /// <summary>Attributes the model does not know.</summary>
    public ValueList<XmlAttributeEntry> ExtraAttributes { get; init; } = ValueList<XmlAttributeEntry>.Empty;
}
