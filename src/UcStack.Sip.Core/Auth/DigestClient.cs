using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;

namespace UcStack.Sip;

/// <summary>
/// The UAC side of SIP digest authentication (RFC 3261 §22.2–§22.3, RFC 8760 §2.4): answers 401/407
/// challenges for one user, keeping the password so a <c>stale=TRUE</c> challenge is answered again
/// without asking the user, and counting <c>nc</c> per nonce for requests that reuse a nonce.
/// </summary>
/// <remarks>
/// Thread-safe. Whether a non-stale challenge after credentials were sent means "wrong password" is the
/// caller's decision (RFC 3261 §22.2: a UAC SHOULD NOT retry credentials that were just rejected):
/// compare <see cref="DigestChallenge.Stale"/> before calling again. The client remembers the latest
/// challenge of at most <see cref="MaxTrackedRealms"/> realms.
/// </remarks>
public sealed class DigestClient
{
    /// <summary>How many realms' latest challenges are remembered for <see cref="TryAnswerAgain"/>.</summary>
    public const int MaxTrackedRealms = 16;

    private readonly string _username;
    private readonly string _password;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, RealmState> _realms = new(StringComparer.Ordinal);
    private readonly Queue<string> _realmOrder = new();

    /// <summary>Creates a client for one user.</summary>
    /// <param name="username">The user name (RFC 3261 §22.4: the user part of the AOR is a common choice).</param>
    /// <param name="password">The password.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public DigestClient(string username, string password)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(password);
        _username = username;
        _password = password;
    }

    /// <summary>The header a response's challenges are answered in: Proxy-Authorization for 407, else Authorization (RFC 3261 §22.3).</summary>
    /// <param name="statusCode">401 or 407.</param>
    /// <returns>The header name.</returns>
    public static string CredentialsHeaderName(int statusCode) => statusCode == 407 ? "Proxy-Authorization" : "Authorization";

    /// <summary>
    /// Answers a response's challenges: WWW-Authenticate for 401, Proxy-Authenticate for 407. One value per realm,
    /// each for the strongest algorithm offered in that realm; add them all under <see cref="CredentialsHeaderName"/>.
    /// </summary>
    /// <param name="response">The 401 or 407 response.</param>
    /// <param name="method">The method of the request being retried.</param>
    /// <param name="digestUri">Its Request-URI (RFC 3261 §22.4: digest-uri is the Request-URI).</param>
    /// <param name="answers">The credentials values, when the result is <see langword="true"/>.</param>
    /// <returns><see langword="false"/> when the response holds no usable Digest challenge (or a malformed one).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public bool TryAnswer(SipResponse response, string method, string digestUri, [NotNullWhen(true)] out IReadOnlyList<AuthenticationHeader>? answers)
    {
        ArgumentNullException.ThrowIfNull(response);
        IReadOnlyList<AuthenticationHeader> challenges;
        try
        {
            challenges = response.StatusCode == 407 ? response.ProxyAuthenticate : response.WwwAuthenticate;
        }
        catch (SipParseException)
        {
            answers = null;
            return false;
        }

        return TryAnswer(challenges, method, digestUri, out answers);
    }

    /// <summary>Answers challenges: one value per realm, for the strongest supported algorithm in each
    /// (RFC 8760 §2.4: SHA-256 is preferred over MD5); challenges with unknown schemes or algorithms are skipped.</summary>
    /// <param name="challenges">The WWW-Authenticate or Proxy-Authenticate values.</param>
    /// <param name="method">The request method.</param>
    /// <param name="digestUri">The Request-URI.</param>
    /// <param name="answers">The credentials values, when the result is <see langword="true"/>.</param>
    /// <returns><see langword="false"/> when none of the challenges is usable.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public bool TryAnswer(IReadOnlyList<AuthenticationHeader> challenges, string method, string digestUri,
        [NotNullWhen(true)] out IReadOnlyList<AuthenticationHeader>? answers)
    {
        ArgumentNullException.ThrowIfNull(challenges);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(digestUri);
        var best = new List<DigestChallenge>();
        foreach (var header in challenges)
        {
            if (!DigestChallenge.TryFrom(header, out var c, out _) || !CanAnswer(c)) continue;
            var i = best.FindIndex(b => b.Realm.Equals(c.Realm, StringComparison.Ordinal));
            if (i < 0) best.Add(c);
            else if (DigestAlgorithms.Strength(c.Algorithm) > DigestAlgorithms.Strength(best[i].Algorithm)) best[i] = c;
        }

        if (best.Count == 0)
        {
            answers = null;
            return false;
        }

        answers = best.ConvertAll(c => Answer(c, method, digestUri));
        return true;
    }

    /// <summary>Answers one challenge (remembering it for <see cref="TryAnswerAgain"/>).</summary>
    /// <param name="challenge">The challenge.</param>
    /// <param name="method">The request method.</param>
    /// <param name="digestUri">The Request-URI.</param>
    /// <returns>The Authorization or Proxy-Authorization value.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A value cannot be carried in a header (CR or LF).</exception>
    /// <exception cref="NotSupportedException">The challenge offers only qop values other than <c>auth</c> (auth-int is
    /// not supported), or a -sess algorithm without qop.</exception>
    public AuthenticationHeader Answer(DigestChallenge challenge, string method, string digestUri)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(digestUri);
        if (!CanAnswer(challenge)) throw new NotSupportedException("The challenge needs a qop or algorithm combination this client does not support (auth-int, or -sess without qop).");
        uint nc;
        lock (_lock)
        {
            if (_realms.TryGetValue(challenge.Realm, out var state) && state.Challenge.Nonce == challenge.Nonce)
            {
                nc = ++state.NonceCount;
            }
            else
            {
                // A new nonce (stale or not) starts counting again at 1 (RFC 7616 §3.4).
                Remember(challenge.Realm, new RealmState(challenge) { NonceCount = 1 });
                nc = 1;
            }
        }

        return Compute(challenge, method, digestUri, nc).ToHeader();
    }

    /// <summary>Answers for <paramref name="realm"/> with its last challenge's nonce and the next nc, before
    /// being challenged (RFC 7616 §3.4: a client may reuse a nonce with an incremented nonce count).</summary>
    /// <param name="realm">The realm.</param>
    /// <param name="method">The request method.</param>
    /// <param name="digestUri">The Request-URI.</param>
    /// <param name="answer">The value, when the result is <see langword="true"/>.</param>
    /// <returns><see langword="false"/> when no challenge for the realm is remembered or it offered no qop
    /// (without qop a nonce cannot safely be reused).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public bool TryAnswerAgain(string realm, string method, string digestUri, [NotNullWhen(true)] out AuthenticationHeader? answer)
    {
        ArgumentNullException.ThrowIfNull(realm);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(digestUri);
        DigestChallenge challenge;
        uint nc;
        lock (_lock)
        {
            if (!_realms.TryGetValue(realm, out var state) || !state.Challenge.OffersAuth || state.NonceCount == uint.MaxValue)
            {
                answer = null;
                return false;
            }

            challenge = state.Challenge;
            nc = ++state.NonceCount;
        }

        answer = Compute(challenge, method, digestUri, nc).ToHeader();
        return true;
    }

    /// <summary>Whether this client can answer <paramref name="challenge"/>: qop=auth offered, or no qop at all
    /// with a non-session algorithm (RFC 2069 form). auth-int is not implemented, and the -sess variants need a cnonce,
    /// which only exists with qop.</summary>
    private static bool CanAnswer(DigestChallenge challenge) =>
        challenge.OffersAuth || (challenge.QopOptions.Count == 0 && !DigestAlgorithms.IsSession(challenge.Algorithm));

    private DigestCredentials Compute(DigestChallenge challenge, string method, string digestUri, uint nc)
    {
        var algorithm = challenge.Algorithm;
        if (!challenge.OffersAuth)
        {
            // RFC 2617 §3.2.2.1: a challenge without qop gets the RFC 2069 response, without cnonce or nc.
            var legacy = DigestHash.Response(algorithm, _username, challenge.Realm, _password, method, digestUri, challenge.Nonce, null, null, null);
            return new DigestCredentials(_username, challenge.Realm, challenge.Nonce, digestUri, legacy, algorithm, opaque: challenge.Opaque);
        }

        // RFC 7616 §3.4: cnonce is an opaque client value that should hold about 64 bits of entropy or more.
        var cnonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        const string qop = "auth";
        var ncText = nc.ToString("x8", CultureInfo.InvariantCulture);
        var response = DigestHash.Response(algorithm, _username, challenge.Realm, _password, method, digestUri, challenge.Nonce, ncText, cnonce, qop);
        return new DigestCredentials(_username, challenge.Realm, challenge.Nonce, digestUri, response, algorithm, qop, cnonce, nc, challenge.Opaque);
    }

    private void Remember(string realm, RealmState state)
    {
        if (!_realms.ContainsKey(realm))
        {
            if (_realmOrder.Count >= MaxTrackedRealms) _realms.Remove(_realmOrder.Dequeue());
            _realmOrder.Enqueue(realm);
        }

        _realms[realm] = state;
    }

    private sealed class RealmState(DigestChallenge challenge)
    {
        public DigestChallenge Challenge { get; } = challenge;

        public uint NonceCount { get; set; }
    }
}
