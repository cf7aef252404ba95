using System.Security.Cryptography;
using System.Text;
using UcStack.Sip;
using UcStack.Sip.Registrar;

namespace UcStack.Server.Web;

/// <summary>What checking a request's <c>Authorization</c> found.</summary>
internal enum HttpAuthenticationOutcome
{
    /// <summary>The user is authenticated.</summary>
    Authenticated,

    /// <summary>No credentials of a scheme we offer: challenge (401).</summary>
    Missing,

    /// <summary>Credentials that do not verify (wrong password, unknown user, replayed nonce count, foreign nonce): 401.</summary>
    Rejected,

    /// <summary>Digest credentials on a nonce that has expired: 401 with <c>stale=true</c>, so the client retries quietly.</summary>
    Stale,

    /// <summary>Digest credentials for another resource than the request's (RFC 7616 §3.4.6): 400.</summary>
    WrongUri,
}

/// <summary>The outcome of <see cref="HttpUserAuthenticator.AuthenticateAsync"/>.</summary>
/// <param name="Outcome">What was found.</param>
/// <param name="User">The user name, when authenticated.</param>
/// <param name="Reason">Why not, for the log (never a secret).</param>
internal readonly record struct HttpAuthentication(HttpAuthenticationOutcome Outcome, string? User, string? Reason = null);

/// <summary>
/// HTTP authentication against the SIP user file: Digest (RFC 7616; the SIP digest machinery, which is the same
/// scheme) and, over TLS only, Basic (RFC 7617). A Basic password is checked by turning it into digest credentials on
/// a nonce we just issued and verifying those, so passwords and HA1-only entries are handled by the one verifier and
/// compared in fixed time there; that verifier is a separate instance so Basic traffic cannot evict Digest clients'
/// nonce-count state.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class HttpUserAuthenticator : IDisposable
{
    /// <summary>The longest <c>Authorization</c> value examined.</summary>
    public const int MaxAuthorizationLength = 4096;

    // The digest-uri of the synthetic credentials built from a Basic password; the verifier does not compare it.
    private const string BasicDigestUri = "/";
    private readonly DigestAuthenticator _digest;
    private readonly DigestAuthenticator _basicVerifier;
    private readonly DigestAlgorithm[] _algorithms;
    private readonly bool _allowBasic;

    /// <summary>Creates the authenticator.</summary>
    /// <param name="users">The user store (the SIP server's user file).</param>
    /// <param name="realm">The realm (the SIP domain, so HA1 entries of the user file verify).</param>
    /// <param name="algorithms">The digest algorithms offered, strongest first.</param>
    /// <param name="allowBasic">Whether Basic is offered and accepted.</param>
    /// <param name="timeProvider">The clock for nonces.</param>
    public HttpUserAuthenticator(ISipUserStore users, string realm, IReadOnlyList<DigestAlgorithm> algorithms, bool allowBasic, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(users);
        var options = new DigestAuthenticatorOptions { Realm = realm, Algorithms = algorithms };
        _digest = new DigestAuthenticator(options, users.FindSecretAsync, timeProvider: timeProvider);
        _basicVerifier = new DigestAuthenticator(options, users.FindSecretAsync, timeProvider: timeProvider);
        _algorithms = [.. algorithms.Distinct().OrderByDescending(DigestAlgorithms.Strength)];
        _allowBasic = allowBasic;
        Realm = realm;
    }

    /// <summary>The realm.</summary>
    public string Realm { get; }

    /// <summary>The <c>WWW-Authenticate</c> values for a 401: one Digest challenge per algorithm, then Basic.</summary>
    /// <param name="stale">Mark the Digest challenges <c>stale=true</c> (RFC 7616 §3.3).</param>
    /// <returns>The header values.</returns>
    public string[] CreateChallenges(bool stale)
    {
        var digest = _digest.CreateChallenges(stale);
        var values = new List<string>(digest.Count + 1);
        foreach (var challenge in digest) values.Add(challenge.ToString());
        // RFC 7617 §2.1: charset="UTF-8" tells the client how to encode user name and password.
        if (_allowBasic) values.Add($"Basic realm=\"{Realm}\", charset=\"UTF-8\"");
        return [.. values];
    }

    /// <summary>Checks a request's <c>Authorization</c> values.</summary>
    /// <param name="method">The request method (digest HA2).</param>
    /// <param name="requestTarget">The request-target as received (path and query), for the digest-uri check.</param>
    /// <param name="authorization">Every <c>Authorization</c> value of the request.</param>
    /// <param name="cancellationToken">Cancels the user lookup.</param>
    /// <returns>The outcome; bad input is an outcome, never an exception.</returns>
    public async ValueTask<HttpAuthentication> AuthenticateAsync(string method, string requestTarget, IReadOnlyList<string?> authorization,
        CancellationToken cancellationToken = default)
    {
        var digest = new List<AuthenticationHeader>();
        string? basic = null;
        foreach (var value in authorization)
        {
            if (string.IsNullOrWhiteSpace(value)) continue;
            if (value.Length > MaxAuthorizationLength) return new(HttpAuthenticationOutcome.Rejected, null, "Authorization value too long");
            var trimmed = value.AsSpan().Trim();
            if (_allowBasic && IsScheme(trimmed, "Basic"))
            {
                basic = trimmed[5..].Trim().ToString();
                continue;
            }

            if (!IsScheme(trimmed, "Digest")) continue;
            if (!AuthenticationHeader.TryParse(Encoding.UTF8.GetBytes(trimmed.ToString()), out var header, out _))
            {
                return new(HttpAuthenticationOutcome.Rejected, null, "malformed Digest credentials");
            }

            digest.Add(header);
        }

        if (digest.Count > 0) return await VerifyDigestAsync(method, requestTarget, digest, cancellationToken).ConfigureAwait(false);
        if (basic is not null) return await VerifyBasicAsync(method, basic, cancellationToken).ConfigureAwait(false);
        return new(HttpAuthenticationOutcome.Missing, null);
    }

    /// <summary>Zeroes both nonce keys.</summary>
    public void Dispose()
    {
        _digest.Dispose();
        _basicVerifier.Dispose();
    }

    private async ValueTask<HttpAuthentication> VerifyDigestAsync(string method, string requestTarget, List<AuthenticationHeader> headers,
        CancellationToken cancellationToken)
    {
        // RFC 7616 §3.4.6: the server MUST check that "uri" names the resource of the request-target (400 otherwise).
        var ours = headers.Find(h => string.Equals(h.Realm, Realm, StringComparison.Ordinal));
        if (ours is not null && DigestCredentials.TryFrom(ours, out var credentials, out _)
            && !string.Equals(credentials.Uri, requestTarget, StringComparison.Ordinal))
        {
            return new(HttpAuthenticationOutcome.WrongUri, null, "digest-uri differs from the request-target");
        }

        var result = await _digest.VerifyAsync(headers, method, cancellationToken).ConfigureAwait(false);
        return result.Status switch
        {
            DigestVerificationStatus.Ok => new(HttpAuthenticationOutcome.Authenticated, result.Username),
            DigestVerificationStatus.StaleNonce => new(HttpAuthenticationOutcome.Stale, null, "stale nonce"),
            DigestVerificationStatus.Missing => new(HttpAuthenticationOutcome.Missing, null),
            var status => new(HttpAuthenticationOutcome.Rejected, null, "digest " + status),
        };
    }

    private async ValueTask<HttpAuthentication> VerifyBasicAsync(string method, string token, CancellationToken cancellationToken)
    {
        // RFC 7617 §2: token68 = base64(user-id ":" password), the user-id free of ':'.
        var buffer = new byte[token.Length];
        try
        {
            if (!Convert.TryFromBase64String(token, buffer, out var length)) return new(HttpAuthenticationOutcome.Rejected, null, "Basic token is not base64");
            string text;
            try
            {
                text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, length);
            }
            catch (DecoderFallbackException)
            {
                return new(HttpAuthenticationOutcome.Rejected, null, "Basic credentials are not UTF-8");
            }

            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) return new(HttpAuthenticationOutcome.Rejected, null, "Basic credentials lack user:password");
            var user = text[..colon];
            if (!IsUserName(user)) return new(HttpAuthenticationOutcome.Rejected, null, "Basic user name is not a user of the file");
            var password = text[(colon + 1)..];

            // Try the strongest hash first; an entry holding only the other HA1 answers UnknownUser for this one.
            foreach (var algorithm in _algorithms)
            {
                var nonce = _basicVerifier.CreateNonce();
                var cnonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
                var response = DigestHash.Response(algorithm, user, Realm, password, method, BasicDigestUri, nonce, "00000001", cnonce, "auth");
                var credentials = new DigestCredentials(user, Realm, nonce, BasicDigestUri, response, algorithm, "auth", cnonce, 1).ToHeader();
                var result = await _basicVerifier.VerifyAsync([credentials], method, cancellationToken).ConfigureAwait(false);
                if (result.Status == DigestVerificationStatus.Ok) return new(HttpAuthenticationOutcome.Authenticated, user);
                if (result.Status != DigestVerificationStatus.UnknownUser) return new(HttpAuthenticationOutcome.Rejected, null, "Basic " + result.Status);
            }

            return new(HttpAuthenticationOutcome.Rejected, null, "Basic UnknownUser");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    private static bool IsScheme(ReadOnlySpan<char> value, string scheme) =>
        value.Length > scheme.Length && value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && value[scheme.Length] == ' ';

    // The user file's rule (RFC 3261 §25.1 unreserved subset), so the name is safe inside a quoted digest parameter.
    private static bool IsUserName(string name) =>
        name.Length <= 128 && name.All(c => char.IsAsciiLetterOrDigit(c) || "-_.!~*'()&=+$,;?/".Contains(c, StringComparison.Ordinal));
}
