using System.Security.Cryptography;
using System.Text;

namespace UcStack.Sip;

public sealed partial class DigestAuthenticator
{
    /// <summary>Verifies a request's Authorization (UAS, registrar) or Proxy-Authorization (proxy) credentials.</summary>
    /// <param name="request">The request.</param>
    /// <param name="proxy"><see langword="true"/> to read Proxy-Authorization.</param>
    /// <param name="cancellationToken">Cancels the credential lookup.</param>
    /// <returns>The outcome; malformed header values give <see cref="DigestVerificationStatus.Malformed"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ObjectDisposedException">The authenticator was disposed.</exception>
    public ValueTask<DigestVerification> VerifyAsync(SipRequest request, bool proxy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        IReadOnlyList<AuthenticationHeader> credentials;
        try
        {
            credentials = proxy ? request.ProxyAuthorization : request.Authorization;
        }
        catch (SipParseException)
        {
            return ValueTask.FromResult(new DigestVerification(DigestVerificationStatus.Malformed, null));
        }

        return VerifyAsync(credentials, request.Method, cancellationToken);
    }

    /// <summary>Verifies credentials: picks the Digest value for this realm (RFC 3261 §22.3) and checks, in order, its
    /// grammar, the nonce's HMAC and age, the user, the nonce count and the response.</summary>
    /// <param name="credentials">Every Authorization (or Proxy-Authorization) value of the request.</param>
    /// <param name="method">The request method (RFC 3261 §22.4: HA2 uses the request's method).</param>
    /// <param name="cancellationToken">Cancels the credential lookup.</param>
    /// <returns>The outcome. Input problems are statuses, never exceptions.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ObjectDisposedException">The authenticator was disposed.</exception>
    public async ValueTask<DigestVerification> VerifyAsync(IReadOnlyList<AuthenticationHeader> credentials, string method,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(method);
        ObjectDisposedException.ThrowIf(_disposed, this);

        var pick = Pick(credentials);
        if (pick.Status is not null) return new DigestVerification(pick.Status.Value, pick.Credentials?.Username);
        var c = pick.Credentials!;

        // RFC 7616 §3.4: qop MUST be one of the offered values; we offer only auth. The -sess and nc rules
        // were checked by DigestCredentials.TryFrom.
        if (!Array.Exists(_algorithms, a => a == c.Algorithm)
            || !string.Equals(c.Qop, "auth", StringComparison.OrdinalIgnoreCase)
            || c.NonceCount is not > 0 || c.Response.Length != DigestHash.HexLength(c.Algorithm))
        {
            return new DigestVerification(DigestVerificationStatus.Malformed, c.Username);
        }

        if (!TryOpenNonce(c.Nonce, out var issuedAt)) return new DigestVerification(DigestVerificationStatus.BadNonce, c.Username);

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var lifetime = (long)_options.NonceLifetime.TotalMilliseconds;
        // RFC 7616 §3.3 stale: the nonce is ours but too old (or from a clock that has since stepped back).
        if (issuedAt > now || now - issuedAt > lifetime) return new DigestVerification(DigestVerificationStatus.StaleNonce, c.Username);

        var nc = c.NonceCount.Value;
        switch (_tracker.Check(c.Nonce, issuedAt, nc))
        {
            case NonceCountTracker.Outcome.Replayed: return new DigestVerification(DigestVerificationStatus.Replayed, c.Username);
            case NonceCountTracker.Outcome.Evicted: return new DigestVerification(DigestVerificationStatus.StaleNonce, c.Username);
        }

        var secret = await _lookup(c.Username, _options.Realm, cancellationToken).ConfigureAwait(false);
        var baseHa1 = secret?.BaseHa1(c.Algorithm, c.Username, _options.Realm);
        if (baseHa1 is null) return new DigestVerification(DigestVerificationStatus.UnknownUser, c.Username);

        var ha1 = DigestHash.SessionHa1(c.Algorithm, baseHa1, c.Nonce, c.Cnonce);
        var expected = DigestHash.Response(c.Algorithm, ha1, c.Nonce, c.NonceCountText, c.Cnonce, c.Qop!.ToLowerInvariant(),
            DigestHash.Ha2(c.Algorithm, method, c.Uri));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(c.Response.ToLowerInvariant())))
        {
            return new DigestVerification(DigestVerificationStatus.WrongResponse, c.Username);
        }

        // Commit only authenticated counts, so forged requests cannot burn a client's nc values.
        return _tracker.Commit(c.Nonce, issuedAt, nc, now - lifetime) switch
        {
            NonceCountTracker.Outcome.Fresh => new DigestVerification(DigestVerificationStatus.Ok, c.Username),
            NonceCountTracker.Outcome.Replayed => new DigestVerification(DigestVerificationStatus.Replayed, c.Username),
            _ => new DigestVerification(DigestVerificationStatus.StaleNonce, c.Username),
        };
    }

    private (DigestVerificationStatus? Status, DigestCredentials? Credentials) Pick(IReadOnlyList<AuthenticationHeader> credentials)
    {
        var sawDigest = false;
        foreach (var header in credentials)
        {
            if (!header.IsDigest) continue;
            sawDigest = true;
            if (header.Realm is null) return (DigestVerificationStatus.Malformed, null);
            // RFC 3261 §22.3: a proxy MUST NOT touch credentials for another realm; look for our own.
            if (!string.Equals(header.Realm, _options.Realm, StringComparison.Ordinal)) continue;
            return DigestCredentials.TryFrom(header, out var c, out _)
                ? (null, c)
                : (DigestVerificationStatus.Malformed, null);
        }

        return (sawDigest ? DigestVerificationStatus.WrongRealm : DigestVerificationStatus.Missing, null);
    }
}
