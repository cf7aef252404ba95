namespace UcStack.C3P;

/// <summary>An <c>entry</c> of an RFC 4575 uris-type list (<c>conf-uris</c>, <c>service-uris</c>, host-info <c>uris</c>), keyed by <see cref="Uri"/>.</summary>
public sealed record ConferenceUri
{
    /// <summary>The URI (the entry's key).</summary>
    public string Uri { get; init; } = string.Empty;

    /// <summary><c>display-text</c>.</summary>
    public string? DisplayText { get; init; }

    /// <summary><c>purpose</c>, e.g. <c>chat</c>, <c>audio-video</c>, <c>meeting</c> for MCU URIs.</summary>
    public string? Purpose { get; init; }

    /// <summary>Children the model does not know.</summary>
    public ValueList<XmlExtensionElement> Extensions { get; init; } = ValueList<XmlExtensionElement>.Empty;

    /// <summary>Attributes the model does not know.</summary>
    public ValueList<XmlAttributeEntry> ExtraAttributes { get; init; } = ValueList<XmlAttributeEntry>.Empty;
}
