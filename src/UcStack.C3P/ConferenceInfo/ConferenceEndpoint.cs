namespace UcStack.C3P;

/// <summary>RFC 4575 §5.6.1.x <c>endpoint</c>, keyed by <see cref="Entity"/>.</summary>
public sealed record ConferenceEndpoint
{
    /// <summary>The endpoint's identifier (the key; Microsoft clients use a GUID derived from the epid).</summary>
    public string Entity { get; init; } = string.Empty;

    /// <summary>Full, partial or deleted.</summary>
    public ConferenceElementState? State { get; init; }

    /// <summary>The Microsoft <c>session-type</c> attribute: <c>focus</c>, <c>chat</c>, <c>audio-video</c>, <c>applicationsharing</c>...</summary>
    public string? SessionType { get; init; }

    /// <summary><c>display-text</c>.</summary>
    public string? DisplayText { get; init; }

    /// <summary><c>status</c>: <c>connected</c>, <c>disconnected</c>, <c>on-hold</c>, <c>pending</c>...</summary>
    public string? Status { get; init; }

    /// <summary><c>joining-method</c>: <c>dialed-in</c>, <c>dialed-out</c>, <c>focus-owner</c>.</summary>
    public string? JoiningMethod { get; init; }

    /// <summary><c>disconnection-method</c>: <c>departed</c>, <c>booted</c>, <c>failed</c>, <c>busy</c>.</summary>
    public string? DisconnectionMethod { get; init; }

    /// <summary>The <c>media</c> elements, keyed by id.</summary>
    public ValueList<ConferenceMedia> Media { get; init; } = ValueList<ConferenceMedia>.Empty;

    /// <summary>Children the model does not know (joining-info, call-info, Microsoft extensions...).</summary>
    public ValueList<XmlExtensionElement> Extensions { get; init; } = ValueList<XmlExtensionElement>.Empty;

    /// <summary>Attributes the model does not know.</summary>
    public ValueList<XmlAttributeEntry> ExtraAttributes { get; init; } = ValueList<XmlAttributeEntry>.Empty;
}
