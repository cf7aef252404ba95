using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace UcStack.Sip;

/// <summary>
/// Digest credentials from Authorization or Proxy-Authorization (RFC 3261 §22.2, §25.1 <c>digest-response</c>;
/// RFC 7616 §3.4).
/// </summary>
public sealed class DigestCredentials
{
    /// <summary>The longest value accepted for any one parameter (characters); longer values are refused
    /// so hashing and tracking stay bounded.</summary>
    public const int MaxParameterLength = 1024;

    /// <summary>Creates credentials.</summary>
    /// <param name="username">The user name.</param>
    /// <param name="realm">The realm.</param>
    /// <param name="nonce">The server nonce being answered.</param>
    /// <param name="uri">The digest-uri (the Request-URI, RFC 3261 §22.4).</param>
    /// <param name="response">The request-digest in hex.</param>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="qop">The chosen qop (<c>auth</c>) or <see langword="null"/> for the legacy form.</param>
    /// <param name="cnonce">The client nonce (required with qop).</param>
    /// <param name="nonceCount">The nonce count (required with qop).</param>
    /// <param name="opaque">The opaque value echoed from the challenge.</param>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentException">qop is given without cnonce and nonce count.</exception>
    public DigestCredentials(string username, string realm, string nonce, string uri, string response,
        DigestAlgorithm algorithm = DigestAlgorithm.Md5, string? qop = null, string? cnonce = null, uint? nonceCount = null,
        string? opaque = null)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(realm);
        ArgumentNullException.ThrowIfNull(nonce);
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(response);
        // RFC 7616 §3.4: cnonce and nc MUST be sent when qop is, and MUST NOT be when it is not.
        if (qop is not null && (cnonce is null || nonceCount is null))
        {
            throw new ArgumentException("With qop, cnonce and nonce count are required.", nameof(qop));
        }

        Username = username;
        Realm = realm;
        Nonce = nonce;
        Uri = uri;
        Response = response;
        Algorithm = algorithm;
        Qop = qop;
        Cnonce = cnonce;
        NonceCount = nonceCount;
        Opaque = opaque;
    }

    /// <summary>The user name.</summary>
    public string Username { get; }

    /// <summary>The realm.</summary>
    public string Realm { get; }

    /// <summary>The nonce being answered.</summary>
    public string Nonce { get; }

    /// <summary>The digest-uri.</summary>
    public string Uri { get; }

    /// <summary>The request-digest, hex as sent.</summary>
    public string Response { get; }

    /// <summary>The algorithm (MD5 when the value named none).</summary>
    public DigestAlgorithm Algorithm { get; }

    /// <summary>The qop, or <see langword="null"/>.</summary>
    public string? Qop { get; }

    /// <summary>The client nonce, or <see langword="null"/>.</summary>
    public string? Cnonce { get; }

    /// <summary>The nonce count, or <see langword="null"/> without qop.</summary>
    public uint? NonceCount { get; }

    /// <summary>The nonce count as written: 8 lower-case hex digits (RFC 7616 §3.4), or <see langword="null"/>.</summary>
    public string? NonceCountText => NonceCount?.ToString("x8", CultureInfo.InvariantCulture);

    /// <summary>The opaque value, or <see langword="null"/>.</summary>
    public string? Opaque { get; }

    /// <summary>Reads credentials from a parsed header value.</summary>
    /// <param name="header">The Authorization or Proxy-Authorization value.</param>
    /// <param name="credentials">The credentials, when the result is <see langword="true"/>.</param>
    /// <param name="error">Why not, otherwise.</param>
    /// <returns><see langword="true"/> for complete Digest credentials.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="header"/> is null.</exception>
    public static bool TryFrom(AuthenticationHeader header, [NotNullWhen(true)] out DigestCredentials? credentials, out DigestFormatError error)
    {
        ArgumentNullException.ThrowIfNull(header);
        credentials = null;
        if (!header.IsDigest)
        {
            error = DigestFormatError.NotDigest;
            return false;
        }

        string? username = header.Username, realm = header.Realm, nonce = header.Nonce, uri = header.Uri, response = header.Response;
        string? cnonce = header.Cnonce, nc = header.Nc, qop = header.Qop, opaque = header.Opaque;

        // RFC 3261 §25.1: dig-resp requires username, realm, nonce, digest-uri and dresponse.
        if (username is null || realm is null || nonce is null || uri is null || response is null)
        {
            error = DigestFormatError.MissingParameter;
            return false;
        }

        foreach (var v in (ReadOnlySpan<string?>)[username, realm, nonce, uri, response, cnonce, nc, qop, opaque])
        {
            if (v?.Length > MaxParameterLength)
            {
                error = DigestFormatError.TooLong;
                return false;
            }
        }

        if (!DigestAlgorithms.TryParse(header.Algorithm, out var algorithm))
        {
            error = DigestFormatError.UnsupportedAlgorithm;
            return false;
        }

        uint? count = null;
        if (qop is not null)
        {
            // RFC 7616 §3.4: with qop, cnonce and nc are required; nc is exactly 8 hex digits.
            if (cnonce is null || nc is null)
            {
                error = DigestFormatError.MissingParameter;
                return false;
            }

            if (nc.Length != 8 || !uint.TryParse(nc, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var parsed))
            {
                error = DigestFormatError.InvalidParameter;
                return false;
            }

            count = parsed;
        }
        else if (cnonce is not null || nc is not null)
        {
            // RFC 7616 §3.4: cnonce and nc MUST NOT be sent without qop.
            error = DigestFormatError.InvalidParameter;
            return false;
        }
        else if (DigestAlgorithms.IsSession(algorithm))
        {
            // The -sess HA1 needs a cnonce, which only exists with qop.
            error = DigestFormatError.MissingParameter;
            return false;
        }

        credentials = new DigestCredentials(username, realm, nonce, uri, response, algorithm, qop, cnonce, count, opaque);
        error = DigestFormatError.None;
        return true;
    }

    /// <summary>Parses a header value (UTF-8 bytes) into credentials.</summary>
    /// <param name="value">The header value.</param>
    /// <param name="credentials">The credentials, when the result is <see langword="true"/>.</param>
    /// <param name="error">Why not, otherwise.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public static bool TryParse(ReadOnlySpan<byte> value, [NotNullWhen(true)] out DigestCredentials? credentials, out DigestFormatError error)
    {
        if (!AuthenticationHeader.TryParse(value, out var header, out _))
        {
            credentials = null;
            error = DigestFormatError.Syntax;
            return false;
        }

        return TryFrom(header, out credentials, out error);
    }

    /// <summary>Builds the header value for Authorization or Proxy-Authorization.</summary>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentException">A value holds CR or LF, or qop is not a token.</exception>
    public AuthenticationHeader ToHeader()
    {
        var header = new AuthenticationHeader("Digest");
        var p = header.Parameters;
        // RFC 3261 §25.1: username, realm, nonce, digest-uri, dresponse, cnonce and opaque are quoted-strings;
        // algorithm, message-qop and nonce-count are bare.
        p.Set("username", HeaderGrammar.Quote(Username));
        p.Set("realm", HeaderGrammar.Quote(Realm));
        p.Set("nonce", HeaderGrammar.Quote(Nonce));
        p.Set("uri", HeaderGrammar.Quote(Uri));
        p.Set("response", HeaderGrammar.Quote(Response));
        p.Set("algorithm", DigestAlgorithms.GetName(Algorithm));
        if (Qop is not null)
        {
            if (!HeaderGrammar.IsToken(Qop)) throw new ArgumentException("qop must be a token.", nameof(Qop));
            p.Set("qop", Qop);
            p.Set("cnonce", HeaderGrammar.Quote(Cnonce!));
            p.Set("nc", NonceCountText);
        }

        if (Opaque is not null) p.Set("opaque", HeaderGrammar.Quote(Opaque));
        return header;
    }

    /// <summary>The header value as text.</summary>
    public override string ToString() => ToHeader().ToString();
}
