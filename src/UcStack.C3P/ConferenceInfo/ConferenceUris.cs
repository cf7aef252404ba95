namespace UcStack.C3P;

/// <summary>An RFC 4575 uris-type list (<c>conf-uris</c>, <c>service-uris</c>, host-info <c>uris</c>): entries keyed by URI.</summary>
public sealed record ConferenceUris
{
    /// <summary>Full, partial or deleted.</summary>
    public ConferenceElementState? State { get; init; }

    /// <summary>The <c>entry</c> elements.</summary>
    public ValueList<ConferenceUri> Entries { get; init; } = ValueList<ConferenceUri>.Empty;

    /// <summary>Children the model does not know.</summary>
    public ValueList<XmlExtensionElement> Extensions { get; init; } = ValueList<XmlExtensionElement>.Empty;

    /// <summary>Attributes the model does not know.</summary>
    public ValueList<XmlAttributeEntry> ExtraAttributes { get; init; } = ValueList<XmlAttributeEntry>.Empty;
}
