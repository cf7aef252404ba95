namespace UcStack.C3P;

/// <summary>RFC 4575 §5.4 <c>host-info</c>.</summary>
public sealed record HostInfo
{
    /// <summary>Full, partial or deleted.</summary>
    public ConferenceElementState? State { get; init; }

    /// <summary><c>display-text</c>.</summary>
    public string? DisplayText { get; init; }

    /// <summary><c>web-page</c>.</summary>
    public string? WebPage { get; init; }

    /// <summary><c>uris</c>; null when absent.</summary>
    public ConferenceUris? Uris { get; init; }

    /// <summary>Children the model does not know.</summary>
    public ValueList<XmlExtensionElement> Extensions { get; init; } = ValueList<XmlExtensionElement>.Empty;

    /// <summary>Attributes the model does not know.</summary>
    public ValueList<XmlAttributeEntry> ExtraAttributes { get; init; } = ValueList<XmlAttributeEntry>.Empty;
}
