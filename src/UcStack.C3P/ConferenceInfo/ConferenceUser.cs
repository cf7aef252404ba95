namespace UcStack.C3P;

/// <summary>RFC 4575 §5.6.1 <c>user</c>, keyed by <see cref="Entity"/>.</summary>
public sealed record ConferenceUser
{
    /// <summary>The user's URI (the key).</summary>
    public string Entity { get; init; } = string.Empty;

    /// <summary>Full, partial or deleted.</summary>
    public ConferenceElementState? State { get; init; }

    /// <summary><c>display-text</c>.</summary>
    public string? DisplayText { get; init; }

    /// <summary><c>roles/entry</c> values (<c>presenter</c>, <c>attendee</c>); null when <c>roles</c> is absent.</summary>
    public ValueList<string>? Roles { get; init; }

    /// <summary>The <c>endpoint</c> elements, keyed by entity.</summary>
    public ValueList<ConferenceEndpoint> Endpoints { get; init; } = ValueList<ConferenceEndpoint>.Empty;

    /// <summary>Children the model does not know (associated-aors, languages, Microsoft extensions...).</summary>
    public ValueList<XmlExtensionElement> Extensions { get; init; } = ValueList<XmlExtensionElement>.Empty;

    /// <summary>Attributes the model does not know.</summary>
    public ValueList<XmlAttributeEntry> ExtraAttributes { get; init; } = ValueList<XmlAttributeEntry>.Empty;
}
