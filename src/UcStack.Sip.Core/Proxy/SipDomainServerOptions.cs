namespace UcStack.Sip.Proxy;

/// <summary>Settings of a <see cref="SipDomainServer"/>: one domain's registrar, proxy and presence server.</summary>
public sealed record SipDomainServerOptions
{
    /// <summary>The domain served (also the digest realm), e.g. <c>example.org</c>.</summary>
    public required string Domain { get; init; }

    /// <summary>Other names of this server in Route headers (see <see cref="SipProxyOptions.HostNames"/>).</summary>
    public IReadOnlyList<string> HostNames { get; init; } = [];

    /// <summary>The shortest registration, publication or subscription accepted (423 below). Default 60 s.</summary>
    public TimeSpan MinExpires { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest registration, publication or subscription granted. Default one hour.</summary>
    public TimeSpan MaxExpires { get; init; } = TimeSpan.FromHours(1);

    /// <summary>See <see cref="SipProxyOptions.TrustRegisteredConnections"/>. Default <see langword="true"/>.</summary>
    public bool TrustRegisteredConnections { get; init; } = true;

    /// <summary>See <see cref="SipProxyOptions.TrustRegisteredUdpSources"/>. Default <see langword="false"/>.</summary>
    public bool TrustRegisteredUdpSources { get; init; }

    /// <summary>Require digest authentication (registrar 401, proxy 407). Turn off only on closed test networks.
    /// Default <see langword="true"/>.</summary>
    public bool RequireAuthentication { get; init; } = true;

    /// <summary>The digest algorithms challenged with, strongest first (RFC 8760). Default SHA-256 and MD5; offer
    /// MD5 alone for clients that only read the first challenge and know only MD5.</summary>
    public IReadOnlyList<DigestAlgorithm> DigestAlgorithms { get; init; } = [DigestAlgorithm.Sha256, DigestAlgorithm.Md5];

    /// <summary>The digest nonce HMAC key shared by servers of one deployment (at least 16 bytes); empty for a
    /// random key per process.</summary>
    public ReadOnlyMemory<byte> NonceKey { get; init; }
}
