using System.Text;

namespace UcStack.Sip;

public sealed partial class NameAddressHeader
{
    /// <summary>
    /// ( name-addr / addr-spec ) *( SEMI param ), or STAR. name-addr = [ display-name ] LAQUOT addr-spec RAQUOT;
    /// display-name = *(token LWS) / quoted-string (RFC 3261 §25.1).
    /// </summary>
    private static bool ParseOne(ReadOnlySpan<byte> s, ref int i, out NameAddressHeader? header, out SipParseError error)
    {
        header = null;
        if (s[i] == (byte)'*')
        {
            var j = SipSyntax.SkipLws(s, i + 1);
            if (j >= s.Length || s[j] == (byte)',')
            {
                header = CreateWildcard();
                i += 1;
                error = default;
                return true;
            }
        }

        string? displayName = null;
        string? displayText = null;
        int lt;
        if (s[i] == (byte)'"')
        {
            if (!HeaderGrammar.TryReadQuotedString(s, i, out var end, out error)) return false;
            displayText = Encoding.UTF8.GetString(s[i..end]);
            displayName = HeaderGrammar.Unquote(s[i..end]);
            lt = SipSyntax.SkipLws(s, end);
            if (lt >= s.Length || s[lt] != (byte)'<')
            {
                error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, lt, "expected '<' after the display name");
                return false;
            }
        }
        else if (s[i] == (byte)'<')
        {
            lt = i;
        }
        else
        {
            var first = HeaderGrammar.ReadToken(s, i);
            if (first > i && first < s.Length && s[first] == (byte)':')
            {
                return ParseAddrSpec(s, ref i, out header, out error);
            }

            if (!ReadTokenDisplayName(s, i, out lt, out displayText, out error)) return false;
            displayName = displayText;
        }

        // LAQUOT addr-spec RAQUOT: nothing but the URI between the brackets (RFC 4475 §3.1.2.14 badaspec).
        var close = s[(lt + 1)..].IndexOf((byte)'>');
        if (close < 0)
        {
            error = new SipParseError(SipParseErrorCode.UnterminatedAngleBracket, lt);
            return false;
        }

        var uriStart = lt + 1;
        if (!AddressUri.TryParse(s.Slice(uriStart, close), out var uri, out error))
        {
            error = error.Shift(uriStart);
            return false;
        }

        var result = new NameAddressHeader(uri, displayName, displayText);
        i = uriStart + close + 1;
        if (!HeaderGrammar.TryParseParameters(s, ref i, result.Parameters, requireValue: false, Validate, out error)) return false;
        header = result;
        return true;
    }

    /// <summary>*(token LWS) before "&lt;"; no LWS is needed before the bracket (RFC 4475 §3.1.1.6 lwsdisp).</summary>
    private static bool ReadTokenDisplayName(ReadOnlySpan<byte> s, int i, out int lt, out string? text, out SipParseError error)
    {
        text = null;

        // Most display names are one token: only several tokens need a builder (joined by one SP).
        string? first = null;
        StringBuilder? sb = null;
        var j = i;
        while (true)
        {
            var end = HeaderGrammar.ReadToken(s, j);
            if (end == j)
            {
                lt = j;
                error = new SipParseError(SipParseErrorCode.InvalidDisplayName, j, "display name must be tokens or a quoted-string");
                return false;
            }

            var token = Encoding.ASCII.GetString(s[j..end]);
            if (first is null)
            {
                first = token;
            }
            else
            {
                sb ??= new StringBuilder(first);
                sb.Append(' ').Append(token);
            }

            var next = SipSyntax.SkipLws(s, end);
            if (next < s.Length && s[next] == (byte)'<')
            {
                lt = next;
                break;
            }

            if (next == end)
            {
                // Neither LWS nor "<" after a token: e.g. the "," of RFC 4475 §3.1.2.15 baddn.
                lt = end;
                error = new SipParseError(SipParseErrorCode.InvalidDisplayName, end, "unquoted display name holds a non-token character");
                return false;
            }

            j = next;
        }

        text = sb?.ToString() ?? first;
        error = default;
        return true;
    }

    /// <summary>
    /// An addr-spec without brackets: RFC 3261 §20.10 says its URI cannot hold ",", "?" or ";" (they would
    /// be read as header syntax), so the URI ends at the first of those or at LWS, and whatever ";..."
    /// follows is header parameters (RFC 4475 §3.3.12 cparam01). A "?" is rejected (§3.1.2.13 regbadct).
    /// </summary>
    private static bool ParseAddrSpec(ReadOnlySpan<byte> s, ref int i, out NameAddressHeader? header, out SipParseError error)
    {
        header = null;
        var start = i;
        var end = start;
        while (end < s.Length && s[end] is not ((byte)',' or (byte)';' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            if (s[end] == (byte)'?')
            {
                error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, end, "an addr-spec with '?headers' must be in angle brackets");
                return false;
            }

            end++;
        }

        if (!AddressUri.TryParse(s[start..end], out var uri, out error))
        {
            error = error.Shift(start);
            return false;
        }

        var result = new NameAddressHeader(uri, null, null);
        i = end;
        if (!HeaderGrammar.TryParseParameters(s, ref i, result.Parameters, requireValue: false, Validate, out error)) return false;
        header = result;
        return true;
    }

    /// <summary>tag-param = "tag" EQUAL token; c-p-q = "q" EQUAL qvalue; c-p-expires = "expires" EQUAL delta-seconds.</summary>
    private static SipParseErrorCode Validate(string name, string? value)
    {
        if (name.Equals("tag", StringComparison.OrdinalIgnoreCase))
        {
            return ParameterRules.IsToken(value) ? SipParseErrorCode.None : SipParseErrorCode.InvalidParameter;
        }

        if (name.Equals("q", StringComparison.OrdinalIgnoreCase))
        {
            return ParameterRules.TryParseQ(value, out _) ? SipParseErrorCode.None : SipParseErrorCode.InvalidParameter;
        }

        if (name.Equals("expires", StringComparison.OrdinalIgnoreCase))
        {
            // RFC 4475 §3.1.2.4 scalar02: expires=280297596632815 is above 2^32-1.
            return ParameterRules.TryParseDelta(value, out _);
        }

        return SipParseErrorCode.None;
    }
}
