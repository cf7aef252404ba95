using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace UcStack.Sip;

public sealed partial class SipUri
{
    /// <summary>Parses a SIP or SIPS URI.</summary>
    /// <param name="input">The URI octets, nothing before or after it.</param>
    /// <param name="uri">The URI, when the result is <see langword="true"/>.</param>
    /// <param name="error">What was wrong and where, when the result is <see langword="false"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="input"/> is a valid SIP or SIPS URI.</returns>
    public static bool TryParse(ReadOnlySpan<byte> input, [NotNullWhen(true)] out SipUri? uri, out SipParseError error)
    {
        uri = null;
        var colon = input.IndexOf((byte)':');
        if (colon < 0 || !(Ascii.EqualsIgnoreCase(input[..colon], "sip"u8) || Ascii.EqualsIgnoreCase(input[..colon], "sips"u8)))
        {
            error = new SipParseError(
                colon > 0 && UriSyntax.IsScheme(input[..colon]) ? SipParseErrorCode.UnsupportedUriScheme : SipParseErrorCode.InvalidUri,
                0,
                "expected sip: or sips:");
            return false;
        }

        return TryParseAfterScheme(input, colon, out uri, out error);
    }

    /// <summary>Parses a SIP or SIPS URI.</summary>
    /// <param name="input">The URI octets.</param>
    /// <returns>The URI.</returns>
    /// <exception cref="SipParseException">The input is not a valid SIP or SIPS URI.</exception>
    public static new SipUri Parse(ReadOnlySpan<byte> input)
    {
        if (!TryParse(input, out var uri, out var error)) ThrowParse(error);
        return uri!;
    }

    /// <summary>Parses a SIP or SIPS URI from text.</summary>
    /// <param name="text">The URI.</param>
    /// <returns>The URI.</returns>
    /// <exception cref="SipParseException">The text is not a valid SIP or SIPS URI.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static new SipUri Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>RFC 3261 §25.1: SIP-URI = "sip:" [ userinfo ] hostport uri-parameters [ headers ].</summary>
    internal static bool TryParseAfterScheme(ReadOnlySpan<byte> s, int colon, [NotNullWhen(true)] out SipUri? uri, out SipParseError error)
    {
        uri = null;
        var secure = colon == 4;
        var p = colon + 1;
        string? user = null;
        string? password = null;

        // userinfo = ( user / telephone-subscriber ) [ ":" password ] "@". Neither part may hold an
        // unescaped "@", and no later part may either, so the first "@" ends the userinfo; ";" and "?"
        // before it belong to the user (RFC 4475 §3.1.1.9 semiuri).
        var at = s[p..].IndexOf((byte)'@');
        if (at >= 0)
        {
            var userinfo = s.Slice(p, at);
            var pwColon = userinfo.IndexOf((byte)':');
            var userPart = pwColon < 0 ? userinfo : userinfo[..pwColon];
            if (userPart.IsEmpty)
            {
                error = new SipParseError(SipParseErrorCode.InvalidUri, p, "empty user part");
                return false;
            }

            if (!Validate(userPart, UriSyntax.UriChar.User, p, out error)) return false;
            user = KnownStrings.Get(userPart);
            if (pwColon >= 0)
            {
                var pw = userinfo[(pwColon + 1)..];
                if (!Validate(pw, UriSyntax.UriChar.Password, p + pwColon + 1, out error)) return false;
                password = Encoding.ASCII.GetString(pw);
            }

            p += at + 1;
        }

        // hostport = host [ ":" port ]
        int hostEnd;
        if (p < s.Length && s[p] == (byte)'[')
        {
            var close = s[p..].IndexOf((byte)']');
            hostEnd = close < 0 ? s.Length : p + close + 1;
        }
        else
        {
            var stop = s[p..].IndexOfAny(":;?"u8);
            hostEnd = stop < 0 ? s.Length : p + stop;
        }

        var hostSpan = s[p..hostEnd];
        if (!HostSyntax.TryClassify(hostSpan, out var kind, out var hostBad))
        {
            error = new SipParseError(SipParseErrorCode.InvalidHost, p + hostBad, hostSpan.IsEmpty ? "empty host" : "invalid host");
            return false;
        }

        var host = Encoding.ASCII.GetString(hostSpan);
        p = hostEnd;
        int? port = null;
        if (p < s.Length && s[p] == (byte)':')
        {
            if (!TryParsePort(s, p + 1, out var end, out var value, out error)) return false;
            port = value;
            p = end;
        }

        var result = new SipUri(secure, user, password, host, kind, port);

        // uri-parameters = *( ";" uri-parameter ); uri-parameter = pname [ "=" pvalue ].
        while (p < s.Length && s[p] == (byte)';')
        {
            if (!TryParseUriParameter(s, ref p, result.Parameters, out error)) return false;
        }

        // headers = "?" header *( "&" header ); header = hname "=" hvalue.
        if (p < s.Length && s[p] == (byte)'?')
        {
            do
            {
                if (result.Headers.Count >= SipParameters.MaxCount)
                {
                    error = new SipParseError(SipParseErrorCode.TooManyParameters, p, "too many URI headers");
                    return false;
                }

                p++;
                var eq = s[p..].IndexOfAny("=&"u8);
                if (eq <= 0 || s[p + eq] != (byte)'=')
                {
                    error = new SipParseError(SipParseErrorCode.InvalidUri, p, "URI header needs hname=hvalue");
                    return false;
                }

                var name = s.Slice(p, eq);
                if (!Validate(name, UriSyntax.UriChar.HeaderPart, p, out error)) return false;
                var vStart = p + eq + 1;
                var amp = s[vStart..].IndexOf((byte)'&');
                var vEnd = amp < 0 ? s.Length : vStart + amp;
                if (!Validate(s[vStart..vEnd], UriSyntax.UriChar.HeaderPart, vStart, out error)) return false;
                result.Headers.AddParsed(Encoding.ASCII.GetString(name), Encoding.ASCII.GetString(s[vStart..vEnd]));
                p = vEnd;
            }
            while (p < s.Length);
        }

        if (p < s.Length)
        {
            error = new SipParseError(s[p] == (byte)':' ? SipParseErrorCode.InvalidPort : SipParseErrorCode.InvalidUri, p, "unexpected octet");
            return false;
        }

        uri = result;
        error = default;
        return true;
    }

    private static bool TryParseUriParameter(ReadOnlySpan<byte> s, ref int p, SipParameters into, out SipParseError error)
    {
        var start = p + 1;
        var stop = s[start..].IndexOfAny(";?="u8);
        var nameEnd = stop < 0 ? s.Length : start + stop;
        if (nameEnd == start)
        {
            error = new SipParseError(SipParseErrorCode.InvalidParameter, start, "empty parameter name");
            return false;
        }

        var nameSpan = s[start..nameEnd];
        if (!Validate(nameSpan, UriSyntax.UriChar.Param, start, out error)) return false;
        string? value = null;
        p = nameEnd;
        if (p < s.Length && s[p] == (byte)'=')
        {
            var vStart = p + 1;
            var vStop = s[vStart..].IndexOfAny(";?"u8);
            var vEnd = vStop < 0 ? s.Length : vStart + vStop;
            if (vEnd == vStart)
            {
                // pvalue = 1*paramchar
                error = new SipParseError(SipParseErrorCode.InvalidParameter, vStart, "empty parameter value");
                return false;
            }

            if (!Validate(s[vStart..vEnd], UriSyntax.UriChar.Param, vStart, out error)) return false;
            value = KnownStrings.Get(s[vStart..vEnd]);
            p = vEnd;
        }

        var name = KnownStrings.Get(nameSpan);
        var code = CheckKnownParameter(name, value);
        if (code != SipParseErrorCode.None)
        {
            error = new SipParseError(code, start, "invalid value for a well-known URI parameter");
            return false;
        }

        if (into.Count >= SipParameters.MaxCount)
        {
            error = new SipParseError(SipParseErrorCode.TooManyParameters, start);
            return false;
        }

        if (!into.TryAddParsed(name, value))
        {
            // RFC 3261 §19.1.1: "any given parameter-name MUST NOT appear more than once".
            error = new SipParseError(SipParseErrorCode.DuplicateParameter, start, "repeated URI parameter");
            return false;
        }

        error = default;
        return true;
    }

    /// <summary>The typed parameters of RFC 3261 §25.1 whose values have a narrower grammar than pvalue.</summary>
    private static SipParseErrorCode CheckKnownParameter(string rawName, string? rawValue)
    {
        var name = UriEscaping.Unescape(rawName);
        var value = rawValue is null ? null : UriEscaping.Unescape(rawValue);
        bool ok;
        if (name.Equals("ttl", StringComparison.OrdinalIgnoreCase))
        {
            // ttl-param = "ttl=" ttl; ttl = 1*3DIGIT ; 0 to 255
            ok = ParameterRules.TryParseTtl(value, out _);
        }
        else if (name.Equals("maddr", StringComparison.OrdinalIgnoreCase))
        {
            // maddr-param = "maddr=" host
            ok = ParameterRules.IsHost(value);
        }
        else if (name.Equals("transport", StringComparison.OrdinalIgnoreCase)
            || name.Equals("user", StringComparison.OrdinalIgnoreCase)
            || name.Equals("method", StringComparison.OrdinalIgnoreCase))
        {
            // transport-param / user-param / method-param take a token.
            ok = ParameterRules.IsToken(value);
        }
        else
        {
            ok = true;
        }

        return ok ? SipParseErrorCode.None : SipParseErrorCode.InvalidParameter;
    }

    /// <summary>port = 1*DIGIT, 0–65535 (leading zeros allowed, at most 10 digits read).</summary>
    internal static bool TryParsePort(ReadOnlySpan<byte> s, int start, out int end, out int port, out SipParseError error)
    {
        end = start;
        long value = 0;
        while (end < s.Length && SipSyntax.IsDigit(s[end]))
        {
            if (end - start >= 10)
            {
                port = 0;
                error = new SipParseError(SipParseErrorCode.InvalidPort, start, "port too long");
                return false;
            }

            value = (value * 10) + (s[end] - '0');
            end++;
        }

        port = (int)Math.Min(value, int.MaxValue);
        if (end == start || value > 65535)
        {
            error = new SipParseError(SipParseErrorCode.InvalidPort, start, end == start ? "port expected" : "port above 65535");
            return false;
        }

        error = default;
        return true;
    }

    private static bool Validate(ReadOnlySpan<byte> part, UriSyntax.UriChar cls, int offset, out SipParseError error)
    {
        var code = UriSyntax.Validate(part, cls, SipParseErrorCode.InvalidUri, out var bad);
        error = code == SipParseErrorCode.None ? default : new SipParseError(code, offset + bad);
        return code == SipParseErrorCode.None;
    }
}
