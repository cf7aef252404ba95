namespace UcStack.C3P;

/// <summary>RFC 4575 §5.5 <c>conference-state</c>.</summary>
public sealed record ConferenceStateInfo
{
    /// <summary>Full, partial or deleted.</summary>
    public ConferenceElementState? State { get; init; }

    /// <summary><c>user-count</c>.</summary>
    public uint? UserCount { get; init; }

    /// <summary><c>active</c>.</summary>
    public bool? Active { get; init; }

    /// <summary><c>locked</c>: no new participants admitted.</summary>
    public bool? Locked { get; init; }

    /// <summary>Children the model does not know.</summary>
    public ValueList<XmlExtensionElement> Extensions { get; init; } = ValueList<XmlExtensionElement>.Empty;

    /// <summary>Attributes the model does not know.</summary>
    public ValueList<XmlAttributeEntry> ExtraAttributes { get; init; } = ValueList<XmlAttributeEntry>.Empty;
}
