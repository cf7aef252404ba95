namespace UcStack.Sip;

/// <summary>Settings of a <see cref="DigestAuthenticator"/>.</summary>
public sealed class DigestAuthenticatorOptions
{
    /// <summary>The protection realm (RFC 3261 §22.1: commonly the domain of the registrar or proxy).</summary>
    public required string Realm { get; init; }

    /// <summary>How long an issued nonce is accepted; older nonces yield <see cref="DigestVerificationStatus.StaleNonce"/>.
    /// Default 5 minutes.</summary>
    public TimeSpan NonceLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How many nonces' nonce-count windows are tracked for replay detection; when full the oldest is
    /// evicted and nonces that old or older are answered as stale. Default 10,000.</summary>
    public int MaxTrackedNonces { get; init; } = 10_000;

    /// <summary>The algorithms offered, one challenge each; they are written strongest first (RFC 8760 §2.4).
    /// Default SHA-256 and MD5.</summary>
    public IReadOnlyList<DigestAlgorithm> Algorithms { get; init; } = [DigestAlgorithm.Sha256, DigestAlgorithm.Md5];
}
