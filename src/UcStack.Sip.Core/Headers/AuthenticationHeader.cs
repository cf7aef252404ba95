using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace UcStack.Sip;

/// <summary>
/// A challenge or credentials value: WWW-Authenticate, Proxy-Authenticate, Authorization and
/// Proxy-Authorization (RFC 3261 §20.7, §20.27, §20.28, §20.44): <c>scheme name=value, name="value", ...</c>.
/// </summary>
/// <remarks>
/// Any scheme is accepted (RFC 4475 §3.3.7 regaut01: a proxy passes an unknown scheme on; a registrar
/// decides). Parameters keep their values as sent; the Digest accessors return them unquoted. The
/// token68 form of RFC 7235 (<c>Negotiate YII...==</c>) is not part of RFC 3261 and is rejected.
/// </remarks>
public sealed class AuthenticationHeader
{
    /// <summary>Builds a value with no parameters yet.</summary>
    /// <param name="scheme">The scheme token (<c>Digest</c>, <c>NTLM</c>, <c>Kerberos</c>, ...).</param>
    /// <exception cref="ArgumentException">The scheme is not a token.</exception>
    public AuthenticationHeader(string scheme)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        if (!HeaderGrammar.IsToken(scheme)) throw new ArgumentException("The scheme must be a token.", nameof(scheme));
        Scheme = scheme;
        Parameters = new SipParameters(ParameterSyntax.Header, ValidateAuthParam);
    }

    /// <summary>The scheme as sent (compare case-insensitively).</summary>
    public string Scheme { get; }

    /// <summary>The auth-params in order, values as sent (quoted-strings in their quotes).</summary>
    public SipParameters Parameters { get; }

    /// <summary><see langword="true"/> when <see cref="Scheme"/> is <c>Digest</c> (case-insensitive).</summary>
    public bool IsDigest => Scheme.Equals("Digest", StringComparison.OrdinalIgnoreCase);

    /// <summary>The unquoted <c>realm</c>, or <see langword="null"/>.</summary>
    public string? Realm => Unquoted("realm");

    /// <summary>The unquoted <c>nonce</c>, or <see langword="null"/>.</summary>
    public string? Nonce => Unquoted("nonce");

    /// <summary>The unquoted <c>opaque</c>, or <see langword="null"/>.</summary>
    public string? Opaque => Unquoted("opaque");

    /// <summary>The <c>algorithm</c> (<c>MD5</c>, <c>MD5-sess</c>, ...), or <see langword="null"/>.</summary>
    public string? Algorithm => Unquoted("algorithm");

    /// <summary>The unquoted <c>qop</c> (a list such as <c>auth,auth-int</c> in a challenge), or <see langword="null"/>.</summary>
    public string? Qop => Unquoted("qop");

    /// <summary>The <c>stale</c> flag of a challenge, or <see langword="null"/> when absent or neither true nor false.</summary>
    public bool? Stale => Unquoted("stale") switch
    {
        { } v when v.Equals("true", StringComparison.OrdinalIgnoreCase) => true,
        { } v when v.Equals("false", StringComparison.OrdinalIgnoreCase) => false,
        _ => null,
    };

    /// <summary>The unquoted <c>username</c>, or <see langword="null"/>.</summary>
    public string? Username => Unquoted("username");

    /// <summary>The unquoted digest-uri (<c>uri</c>), or <see langword="null"/>.</summary>
    public string? Uri => Unquoted("uri");

    /// <summary>The unquoted <c>response</c>, or <see langword="null"/>.</summary>
    public string? Response => Unquoted("response");

    /// <summary>The unquoted <c>cnonce</c>, or <see langword="null"/>.</summary>
    public string? Cnonce => Unquoted("cnonce");

    /// <summary>The nonce count <c>nc</c> (8 hex digits as sent), or <see langword="null"/>.</summary>
    public string? Nc => Unquoted("nc");

    /// <summary>Parses <c>auth-scheme [ LWS auth-param *(COMMA auth-param) ]</c>; auth-param = token EQUAL ( token / quoted-string ).</summary>
    /// <param name="value">The header value.</param>
    /// <param name="header">The value, when the result is <see langword="true"/>.</param>
    /// <param name="error">What was wrong and where.</param>
    /// <returns><see langword="true"/> when the value is valid.</returns>
    public static bool TryParse(ReadOnlySpan<byte> value, [NotNullWhen(true)] out AuthenticationHeader? header, out SipParseError error)
    {
        header = null;
        var i = SipSyntax.SkipLws(value, 0);
        var schemeEnd = HeaderGrammar.ReadToken(value, i);
        if (schemeEnd == i)
        {
            error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, i, "expected the auth-scheme");
            return false;
        }

        var result = new AuthenticationHeader(KnownStrings.Get(value[i..schemeEnd]));
        var p = SipSyntax.SkipLws(value, schemeEnd);
        if (p < value.Length && p == schemeEnd)
        {
            error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, p, "expected LWS after the auth-scheme");
            return false;
        }

        while (p < value.Length)
        {
            var nameEnd = HeaderGrammar.ReadToken(value, p);
            if (nameEnd == p)
            {
                error = new SipParseError(value[p] == (byte)',' ? SipParseErrorCode.EmptyListElement : SipParseErrorCode.InvalidParameter, p, "expected an auth-param name");
                return false;
            }

            var eq = SipSyntax.SkipLws(value, nameEnd);
            if (eq >= value.Length || value[eq] != (byte)'=')
            {
                error = new SipParseError(SipParseErrorCode.InvalidParameter, eq, "auth-param needs '=' and a value");
                return false;
            }

            var v = SipSyntax.SkipLws(value, eq + 1);
            int vEnd;
            if (v < value.Length && value[v] == (byte)'"')
            {
                if (!HeaderGrammar.TryReadQuotedString(value, v, out vEnd, out error)) return false;
            }
            else
            {
                vEnd = HeaderGrammar.ReadToken(value, v);
                if (vEnd == v)
                {
                    error = new SipParseError(SipParseErrorCode.InvalidParameter, v, "auth-param value must be a token or quoted-string");
                    return false;
                }
            }

            if (result.Parameters.Count >= SipParameters.MaxCount)
            {
                error = new SipParseError(SipParseErrorCode.TooManyParameters, p);
                return false;
            }

            var text = value[v] == (byte)'"' ? Encoding.UTF8.GetString(value[v..vEnd]) : KnownStrings.Get(value[v..vEnd]);
            if (!result.Parameters.TryAddParsed(KnownStrings.Get(value[p..nameEnd]), text))
            {
                error = new SipParseError(SipParseErrorCode.DuplicateParameter, p);
                return false;
            }

            p = SipSyntax.SkipLws(value, vEnd);
            if (p >= value.Length) break;
            if (value[p] != (byte)',')
            {
                error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, p, "expected ',' between auth-params");
                return false;
            }

            p = SipSyntax.SkipLws(value, p + 1);
            if (p >= value.Length || value[p] == (byte)',')
            {
                error = new SipParseError(SipParseErrorCode.EmptyListElement, p, "empty auth-param");
                return false;
            }
        }

        header = result;
        error = default;
        return true;
    }

    /// <summary>Parses a value.</summary>
    /// <param name="value">The header value.</param>
    /// <returns>The value.</returns>
    /// <exception cref="SipParseException">The value is not valid.</exception>
    public static AuthenticationHeader Parse(ReadOnlySpan<byte> value) =>
        TryParse(value, out var h, out var error) ? h : ParseThrow.Error<AuthenticationHeader>(error);

    /// <summary>Writes the value as UTF-8.</summary>
    /// <param name="writer">The destination.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WriteTo(IBufferWriter<byte> writer) => HeaderList.WriteUtf8(ToString(), writer);

    /// <summary>The value as <c>Scheme name=value, name="value"</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(Scheme);
        for (var i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i];
            sb.Append(i == 0 ? " " : ", ").Append(p.Name).Append('=').Append(p.Value);
        }

        return sb.ToString();
    }

    /// <summary>auth-param = auth-param-name EQUAL ( token / quoted-string ): a value is required.</summary>
    private static SipParseErrorCode ValidateAuthParam(string name, string? value) =>
        value is not null && (value[0] == '"' || HeaderGrammar.IsToken(value)) ? SipParseErrorCode.None : SipParseErrorCode.InvalidParameter;

    private string? Unquoted(string name) => Parameters.TryGetValue(name, out var v) && v is not null
        ? new SipParameter(name, v).UnquotedValue
        : null;
}
