namespace UcStack.C3P;

/// <summary>RFC 4575 §5.3 <c>conference-description</c> with the Microsoft provisioning fields.</summary>
public sealed record ConferenceDescription
{
    /// <summary>Full, partial or deleted.</summary>
    public ConferenceElementState? State { get; init; }

    /// <summary><c>display-text</c>.</summary>
    public string? DisplayText { get; init; }

    /// <summary><c>subject</c>.</summary>
    public string? Subject { get; init; }

    /// <summary><c>free-text</c>.</summary>
    public string? FreeText { get; init; }

    /// <summary><c>keywords</c> (an xs:list, kept as written).</summary>
    public string? Keywords { get; init; }

    /// <summary><c>conf-uris</c>: the MCU (and other) URIs of the conference; null when absent.</summary>
    public ConferenceUris? ConfUris { get; init; }

    /// <summary><c>service-uris</c>; null when absent.</summary>
    public ConferenceUris? ServiceUris { get; init; }

    /// <summary><c>maximum-user-count</c>.</summary>
    public uint? MaximumUserCount { get; init; }

    /// <summary><c>msci:conference-id</c>: 8–32 alphanumerics chosen by the creator.</summary>
    public string? ConferenceId { get; init; }

    /// <summary><c>msci:expiry-time</c> (UTC).</summary>
    public DateTimeOffset? ExpiryTime { get; init; }

    /// <summary><c>msci:admission-policy</c>, e.g. <c>openAuthenticated</c>, <c>closedAuthenticated</c>, <c>anonymous</c>.</summary>
    public string? AdmissionPolicy { get; init; }

    /// <summary>Children the model does not know (organizer, pstn-access, separators...), kept in order.</summary>
    public ValueList<XmlExtensionElement> Extensions { get; init; } = ValueList<XmlExtensionElement>.Empty;

    /// <summary>Attributes the model does not know.</summary>
    public ValueList<XmlAttributeEntry> ExtraAttributes { get; init; } = ValueList<XmlAttributeEntry>.Empty;
}
