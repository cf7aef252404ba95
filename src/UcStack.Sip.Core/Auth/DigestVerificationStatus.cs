namespace UcStack.Sip;

/// <summary>The outcome of checking a request's digest credentials.</summary>
public enum DigestVerificationStatus
{
    /// <summary>The credentials are valid; the request is authenticated.</summary>
    Ok,

    /// <summary>No Digest credentials: challenge (401/407).</summary>
    Missing,

    /// <summary>Digest credentials that are incomplete or outside the grammar, or use an algorithm or qop not offered.</summary>
    Malformed,

    /// <summary>The credential lookup knows no such user (or cannot give a secret for the algorithm used).</summary>
    UnknownUser,

    /// <summary>Credentials exist, but none for this authenticator's realm (RFC 3261 §22.3: they may be for another proxy).</summary>
    WrongRealm,

    /// <summary>The nonce was ours but has expired (or its replay state was evicted): challenge again with stale=TRUE
    /// (RFC 7616 §3.3), so the client retries without asking its user.</summary>
    StaleNonce,

    /// <summary>The nonce was not issued by this authenticator (bad encoding or HMAC).</summary>
    BadNonce,

    /// <summary>The response does not match: wrong password (or a tampered request).</summary>
    WrongResponse,

    /// <summary>The nonce count was already used with this nonce (RFC 7616 §3.4 replay protection).</summary>
    Replayed,
}

/// <summary>The result of <see cref="DigestAuthenticator.VerifyAsync(IReadOnlyList{AuthenticationHeader}, string, System.Threading.CancellationToken)"/>.</summary>
/// <param name="Status">What was found.</param>
/// <param name="Username">The user name the credentials claimed, when they got that far; authenticated only when
/// <paramref name="Status"/> is <see cref="DigestVerificationStatus.Ok"/>.</param>
public readonly record struct DigestVerification(DigestVerificationStatus Status, string? Username)
{
    /// <summary><see langword="true"/> when <see cref="Status"/> is <see cref="DigestVerificationStatus.Ok"/>.</summary>
    public bool IsAuthenticated => Status == DigestVerificationStatus.Ok;

    /// <summary><see langword="true"/> when the next challenge should carry stale=TRUE.</summary>
    public bool IsStale => Status == DigestVerificationStatus.StaleNonce;
}
