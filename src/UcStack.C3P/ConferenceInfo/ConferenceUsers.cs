namespace UcStack.C3P;

/// <summary>RFC 4575 §5.6 <c>users</c>: the roster.</summary>
public sealed record ConferenceUsers
{
    /// <summary>Full, partial or deleted.</summary>
    public ConferenceElementState? State { get; init; }

    /// <summary>The <c>user</c> elements, keyed by entity.</summary>
    public ValueList<ConferenceUser> Users { get; init; } = ValueList<ConferenceUser>.Empty;

    /// <summary>Children the model does not know.</summary>
    public ValueList<XmlExtensionElement> Extensions { get; init; } = ValueList<XmlExtensionElement>.Empty;

    /// <summary>Attributes the model does not know.</summary>
    public ValueList<XmlAttributeEntry> ExtraAttributes { get; init; } = ValueList<XmlAttributeEntry>.Empty;
}
