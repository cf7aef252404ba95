namespace UcStack.C3P;

/// <summary><c>conferenceKeys</c>: names the conference a command acts on.</summary>
public sealed record ConferenceKeys
{
    /// <summary><c>confEntity</c>: the focus URI.</summary>
    public string? ConfEntity { get; init; }

    /// <summary><c>msci:conference-id</c> (provisioning commands name the conference by id).</summary>
    public string? ConferenceId { get; init; }

    /// <summary>Attributes the model does not know.</summary>
    public ValueList<XmlAttributeEntry> ExtraAttributes { get; init; } = ValueList<XmlAttributeEntry>.Empty;
}

/// <summary><c>userKeys</c>: names a user in a conference.</summary>
public sealed record UserKeys
{
    /// <summary><c>confEntity</c>: the focus URI.</summary>
    public string ConfEntity { get; init; } = string.Empty;

    /// <summary><c>userEntity</c>: the user's URI.</summary>
    public string UserEntity { get; init; } = string.Empty;

    /// <summary>Attributes the model does not know.</summary>
    public ValueList<XmlAttributeEntry> ExtraAttributes { get; init; } = ValueList<XmlAttributeEntry>.Empty;
}

/// <summary><c>mediaKeys</c>: names one media stream of one endpoint of one user.</summary>
public sealed record MediaKeys
{
    /// <summary><c>confEntity</c>.</summary>
    public string ConfEntity { get; init; } = string.Empty;

    /// <summary><c>userEntity</c>.</summary>
    public string UserEntity { get; init; } = string.Empty;

    /// <summary><c>endpointEntity</c>.</summary>
    public string EndpointEntity { get; init; } = string.Empty;

    /// <summary><c>mediaId</c>.</summary>
    public string MediaId { get; init; } = string.Empty;

    /// <summary>Attributes the model does not know.</summary>
    public ValueList<XmlAttributeEntry> ExtraAttributes { get; init; } = ValueList<XmlAttributeEntry>.Empty;
}
