namespace UcStack.C3P;

/// <summary>Microsoft <c>msci:conference-view</c>: one <c>entity-view</c> per MCU.</summary>
public sealed record ConferenceView
{
    /// <summary>Full, partial or deleted.</summary>
    public ConferenceElementState? State { get; init; }

    /// <summary>The <c>entity-view</c> elements, keyed by entity.</summary>
    public ValueList<EntityView> EntityViews { get; init; } = ValueList<EntityView>.Empty;

    /// <summary>Children the model does not know.</summary>
    public ValueList<XmlExtensionElement> Extensions { get; init; } = ValueList<XmlExtensionElement>.Empty;

    /// <summary>Attributes the model does not know.</summary>
    public ValueList<XmlAttributeEntry> ExtraAttributes { get; init; } = ValueList<XmlAttributeEntry>.Empty;
}

/// <summary>Microsoft <c>msci:entity-view</c>: the state of one MCU (<c>chat</c>, <c>audio-video</c>, <c>meeting</c>... or its URI).</summary>
public sealed record EntityView
{
    /// <summary>The MCU type or URI (the key).</summary>
    public string Entity { get; init; } = string.Empty;

    /// <summary>Full, partial or deleted.</summary>
    public ConferenceElementState? State { get; init; }

    /// <summary>The view's content (entity-state, entity-settings...), preserved as written.</summary>
    public ValueList<XmlExtensionElement> Extensions { get; init; } = ValueList<XmlExtensionElement>.Empty;

    /// <summary>Attributes the model does not know.</summary>
    public ValueList<XmlAttributeEntry> ExtraAttributes { get; init; } = ValueList<XmlAttributeEntry>.Empty;
}
