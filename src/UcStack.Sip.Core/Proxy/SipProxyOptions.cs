namespace UcStack.Sip.Proxy;

/// <summary>Settings of a <see cref="SipProxy"/>.</summary>
public sealed record SipProxyOptions
{
    /// <summary>The domains this proxy is responsible for (RFC 3261 §16.5): requests for them are routed through
    /// the location service, and requests from their users must be authenticated.</summary>
    public required IReadOnlyList<string> Domains { get; init; }

    /// <summary>Host names (besides the listen addresses and <see cref="Domains"/>) that name this proxy in a
    /// Route header.</summary>
    public IReadOnlyList<string> HostNames { get; init; } = [];

    /// <summary>Whether to insert Record-Route into dialog-creating requests, so in-dialog requests come back
    /// through the proxy (RFC 3261 §16.6 step 4). Default <see langword="true"/>.</summary>
    public bool RecordRoute { get; init; } = true;

    /// <summary>Accept a request from a user without a digest challenge when it arrives on the same TCP or TLS
    /// connection the user registered over with digest authentication (the connection vouches for the user, as
    /// in RFC 5626 §5). Default <see langword="true"/>.</summary>
    public bool TrustRegisteredConnections { get; init; } = true;

    /// <summary>Accept a request from a user without a challenge when it comes from the UDP source address and
    /// port the user registered from with digest. UDP source addresses can be forged: enable only on a network
    /// you trust. Default <see langword="false"/>.</summary>
    public bool TrustRegisteredUdpSources { get; init; }

    /// <summary>Whether an authenticated user of the domain may send requests to other domains through the
    /// proxy (outbound proxy). Requests from elsewhere to elsewhere are always refused (no open relay).
    /// Default <see langword="true"/>.</summary>
    public bool AllowOutbound { get; init; } = true;

    /// <summary>The most branches one request forks to (RFC 3261 §16.6). Default 8.</summary>
    public int MaxBranches { get; init; } = 8;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Domains, nameof(Domains));
        if (Domains.Count == 0) throw new ArgumentException("At least one domain is required.", nameof(Domains));
        ArgumentNullException.ThrowIfNull(HostNames, nameof(HostNames));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxBranches, 0, nameof(MaxBranches));
    }
}
