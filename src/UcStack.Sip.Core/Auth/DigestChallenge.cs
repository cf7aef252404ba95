using System.Diagnostics.CodeAnalysis;

namespace UcStack.Sip;

/// <summary>
/// A Digest challenge from WWW-Authenticate or Proxy-Authenticate (RFC 3261 §22.1, §25.1 <c>digest-cln</c>;
/// RFC 7616 §3.3): realm, nonce, opaque, algorithm, qop options and stale.
/// </summary>
public sealed class DigestChallenge
{
    /// <summary>Creates a challenge.</summary>
    /// <param name="realm">The protection realm.</param>
    /// <param name="nonce">The server nonce.</param>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="qopOptions">Offered qop values (usually <c>auth</c>); empty for a legacy RFC 2069 challenge.</param>
    /// <param name="opaque">The opaque value the client must echo, or <see langword="null"/>.</param>
    /// <param name="stale">RFC 7616 §3.3: the previous request's nonce was stale, not its credentials wrong.</param>
    /// <exception cref="ArgumentNullException"><paramref name="realm"/> or <paramref name="nonce"/> is null.</exception>
    public DigestChallenge(string realm, string nonce, DigestAlgorithm algorithm = DigestAlgorithm.Md5,
        IReadOnlyList<string>? qopOptions = null, string? opaque = null, bool stale = false)
    {
        ArgumentNullException.ThrowIfNull(realm);
        ArgumentNullException.ThrowIfNull(nonce);
        Realm = realm;
        Nonce = nonce;
        Algorithm = algorithm;
        QopOptions = qopOptions ?? [];
        Opaque = opaque;
        Stale = stale;
    }

    /// <summary>The protection realm.</summary>
    public string Realm { get; }

    /// <summary>The server nonce.</summary>
    public string Nonce { get; }

    /// <summary>The opaque value, or <see langword="null"/>.</summary>
    public string? Opaque { get; }

    /// <summary>The algorithm (MD5 when the challenge named none).</summary>
    public DigestAlgorithm Algorithm { get; }

    /// <summary>The offered qop values, as sent.</summary>
    public IReadOnlyList<string> QopOptions { get; }

    /// <summary>The <c>stale</c> flag.</summary>
    public bool Stale { get; }

    /// <summary><see langword="true"/> when <c>auth</c> is among <see cref="QopOptions"/>.</summary>
    public bool OffersAuth => QopOptions.Any(q => q.Equals("auth", StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads a challenge from a parsed header value.</summary>
    /// <param name="header">The WWW-Authenticate or Proxy-Authenticate value.</param>
    /// <param name="challenge">The challenge, when the result is <see langword="true"/>.</param>
    /// <param name="error">Why not, otherwise.</param>
    /// <returns><see langword="true"/> for a Digest challenge with realm and nonce and a supported algorithm.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="header"/> is null.</exception>
    public static bool TryFrom(AuthenticationHeader header, [NotNullWhen(true)] out DigestChallenge? challenge, out DigestFormatError error)
    {
        ArgumentNullException.ThrowIfNull(header);
        challenge = null;
        if (!header.IsDigest)
        {
            error = DigestFormatError.NotDigest;
            return false;
        }

        // RFC 3261 §25.1: digest-cln requires realm and nonce.
        var realm = header.Realm;
        var nonce = header.Nonce;
        if (realm is null || nonce is null)
        {
            error = DigestFormatError.MissingParameter;
            return false;
        }

        if (realm.Length > DigestCredentials.MaxParameterLength || nonce.Length > DigestCredentials.MaxParameterLength
            || header.Opaque?.Length > DigestCredentials.MaxParameterLength)
        {
            error = DigestFormatError.TooLong;
            return false;
        }

        // RFC 7616 §3.3 / RFC 8760 §2.4: a challenge with an algorithm we do not implement is skipped, not failed on.
        if (!DigestAlgorithms.TryParse(header.Algorithm, out var algorithm))
        {
            error = DigestFormatError.UnsupportedAlgorithm;
            return false;
        }

        var qop = header.Qop is { } q
            ? q.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : [];
        challenge = new DigestChallenge(realm, nonce, algorithm, qop, header.Opaque, header.Stale == true);
        error = DigestFormatError.None;
        return true;
    }

    /// <summary>Parses a header value (UTF-8 bytes) into a challenge.</summary>
    /// <param name="value">The header value.</param>
    /// <param name="challenge">The challenge, when the result is <see langword="true"/>.</param>
    /// <param name="error">Why not, otherwise.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public static bool TryParse(ReadOnlySpan<byte> value, [NotNullWhen(true)] out DigestChallenge? challenge, out DigestFormatError error)
    {
        if (!AuthenticationHeader.TryParse(value, out var header, out _))
        {
            challenge = null;
            error = DigestFormatError.Syntax;
            return false;
        }

        return TryFrom(header, out challenge, out error);
    }

    /// <summary>Builds the header value: <c>Digest realm="...", nonce="...", [opaque="...",] algorithm=..., qop="...", [stale=TRUE]</c>.</summary>
    /// <returns>The value for WWW-Authenticate or Proxy-Authenticate.</returns>
    /// <exception cref="ArgumentException">A value holds CR or LF, or a qop option is not a token.</exception>
    public AuthenticationHeader ToHeader()
    {
        var header = new AuthenticationHeader("Digest");
        header.Parameters.Set("realm", HeaderGrammar.Quote(Realm));
        header.Parameters.Set("nonce", HeaderGrammar.Quote(Nonce));
        if (Opaque is not null) header.Parameters.Set("opaque", HeaderGrammar.Quote(Opaque));
        header.Parameters.Set("algorithm", DigestAlgorithms.GetName(Algorithm));
        if (QopOptions.Count > 0)
        {
            foreach (var q in QopOptions)
            {
                if (!HeaderGrammar.IsToken(q)) throw new ArgumentException("A qop option must be a token.", nameof(QopOptions));
            }

            // RFC 3261 §25.1: qop-options = "qop" EQUAL LDQUOT qop-value *("," qop-value) RDQUOT.
            header.Parameters.Set("qop", HeaderGrammar.Quote(string.Join(',', QopOptions)));
        }

        // RFC 3261 §25.1: stale = "stale" EQUAL ( "true" / "false" ).
        if (Stale) header.Parameters.Set("stale", "TRUE");
        return header;
    }

    /// <summary>The header value as text.</summary>
    public override string ToString() => ToHeader().ToString();
}
