namespace UcStack.C3P;

/// <summary>RFC 4575 <c>media</c> of an endpoint, keyed by <see cref="Id"/>, with the Microsoft media extensions.</summary>
public sealed record ConferenceMedia
{
    /// <summary>The media id (the key).</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary><c>display-text</c>.</summary>
    public string? DisplayText { get; init; }

    /// <summary><c>type</c>: <c>audio</c>, <c>video</c>, <c>chat</c>...</summary>
    public string? Type { get; init; }

    /// <summary><c>label</c>.</summary>
    public string? Label { get; init; }

    /// <summary><c>src-id</c>.</summary>
    public string? SourceId { get; init; }

    /// <summary><c>status</c>: <c>sendrecv</c>, <c>sendonly</c>, <c>recvonly</c> (muted), <c>inactive</c>.</summary>
    public string? Status { get; init; }

    /// <summary><c>msci:media-state</c>.</summary>
    public string? MediaState { get; init; }

    /// <summary><c>msci:media-ingress-filter</c>: <c>block</c> or <c>unblock</c>.</summary>
    public string? MediaIngressFilter { get; init; }

    /// <summary>Children the model does not know.</summary>
    public ValueList<XmlExtensionElement> Extensions { get; init; } = ValueList<XmlExtensionElement>.Empty;

    /// <summary>Attributes the model does not know.</summary>
    public ValueList<XmlAttributeEntry> ExtraAttributes { get; init; } = ValueList<XmlAttributeEntry>.Empty;
}
