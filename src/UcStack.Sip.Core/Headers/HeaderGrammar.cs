using System.Text;
using System.Text.Unicode;

namespace UcStack.Sip;

/// <summary>
/// Shared pieces of the RFC 3261 §25.1 header grammar: tokens, quoted-strings, generic parameters and
/// numbers, read from a header value span with offsets relative to its start. LWS includes folded lines
/// (<c>CRLF SP</c> / <c>CRLF HTAB</c>, RFC 3261 §7.3.1).
/// </summary>
internal static class HeaderGrammar
{
    /// <summary>Checks a parameter the generic grammar accepted against its own rule.</summary>
    internal delegate SipParseErrorCode ParameterValidator(string name, string? value);

    /// <summary>Index just past the token starting at <paramref name="i"/> (equal to i when there is none).</summary>
    internal static int ReadToken(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && SipSyntax.IsToken(s[i])) i++;
        return i;
    }

    internal static bool IsToken(string s)
    {
        if (s.Length == 0) return false;
        foreach (var c in s)
        {
            if (c > 127 || !SipSyntax.IsToken((byte)c)) return false;
        }

        return true;
    }

    /// <summary>Octets of an unquoted gen-value: token / host (so also ":" "[" "]" of IPv6 references, and the
    /// unbracketed IPv6 received value RFC 5118 §4.5 allows).</summary>
    private static bool IsGenValueChar(byte b) => SipSyntax.IsToken(b) || b == (byte)':' || b == (byte)'[' || b == (byte)']';

    internal static bool IsGenericValue(string value)
    {
        if (value.Length == 0) return false;
        if (value[0] == '"') return IsQuotedString(value);
        foreach (var c in value)
        {
            if (c > 127 || !IsGenValueChar((byte)c)) return false;
        }

        return true;
    }

    internal static bool IsQuotedString(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        return bytes.Length >= 2 && bytes[0] == (byte)'"'
            && TryReadQuotedString(bytes, 0, out var end, out _) && end == bytes.Length;
    }

    /// <summary>
    /// Reads a quoted-string starting at the DQUOTE at <paramref name="start"/>. RFC 3261 §25.1:
    /// qdtext = LWS / %x21 / %x23-5B / %x5D-7E / UTF8-NONASCII; quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F).
    /// </summary>
    /// <param name="s">The header value.</param>
    /// <param name="start">Offset of the opening DQUOTE.</param>
    /// <param name="end">Offset just past the closing DQUOTE.</param>
    /// <param name="error">The error when the result is false.</param>
    internal static bool TryReadQuotedString(ReadOnlySpan<byte> s, int start, out int end, out SipParseError error)
    {
        var j = start + 1;
        var ascii = true;
        while (true)
        {
            if (j >= s.Length)
            {
                end = j;
                error = new SipParseError(SipParseErrorCode.UnterminatedQuotedString, start);
                return false;
            }

            var b = s[j];
            if (b == (byte)'"')
            {
                end = j + 1;
                break;
            }

            if (b == (byte)'\\')
            {
                if (j + 1 >= s.Length)
                {
                    end = j;
                    error = new SipParseError(SipParseErrorCode.UnterminatedQuotedString, start);
                    return false;
                }

                var q = s[j + 1];
                if (q == (byte)'\r' || q == (byte)'\n' || q > 0x7F)
                {
                    end = j;
                    error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, j + 1, "bad quoted-pair");
                    return false;
                }

                j += 2;
            }
            else if (b == (byte)'\r')
            {
                if (j + 2 < s.Length && s[j + 1] == (byte)'\n' && SipSyntax.IsWsp(s[j + 2]))
                {
                    j += 3;
                }
                else
                {
                    end = j;
                    error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, j, "CR in quoted-string");
                    return false;
                }
            }
            else if ((b < 0x20 && b != (byte)'\t') || b == 0x7F)
            {
                end = j;
                error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, j, "control octet in quoted-string");
                return false;
            }
            else
            {
                if (b > 0x7F) ascii = false;
                j++;
            }
        }

        // UTF8-NONASCII must be well-formed UTF-8; a lossy decode would silently change the value.
        if (!ascii && !Utf8.IsValid(s[start..end]))
        {
            error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, start, "invalid UTF-8 in quoted-string");
            return false;
        }

        error = default;
        return true;
    }

    /// <summary>The text of a valid quoted-string (with its quotes) with quoted-pairs and folds resolved.</summary>
    internal static string Unquote(ReadOnlySpan<byte> quoted)
    {
        var inner = quoted[1..^1];
        if (inner.IndexOfAny((byte)'\\', (byte)'\r') < 0) return Encoding.UTF8.GetString(inner);
        var buffer = inner.Length <= 256 ? stackalloc byte[inner.Length] : new byte[inner.Length];
        var n = 0;
        for (var i = 0; i < inner.Length; i++)
        {
            var b = inner[i];
            if (b == (byte)'\\' && i + 1 < inner.Length)
            {
                buffer[n++] = inner[++i];
            }
            else if (b == (byte)'\r' && i + 1 < inner.Length && inner[i + 1] == (byte)'\n')
            {
                // RFC 3261 §7.3.1: a fold is whitespace; drop the line break, keep the SP/HTAB that follows.
                i++;
            }
            else
            {
                buffer[n++] = b;
            }
        }

        return Encoding.UTF8.GetString(buffer[..n]);
    }

    internal static string Unquote(string quoted) => Unquote(Encoding.UTF8.GetBytes(quoted));

    /// <summary>Quotes text for a quoted-string, escaping DQUOTE, backslash and control octets.</summary>
    /// <exception cref="ArgumentException">The text holds CR or LF, which no quoted-string can carry.</exception>
    internal static string Quote(string text)
    {
        var sb = new StringBuilder(text.Length + 2);
        sb.Append('"');
        foreach (var c in text)
        {
            if (c is '\r' or '\n') throw new ArgumentException("A quoted-string cannot carry CR or LF.", nameof(text));
            if (c is '"' or '\\' || (c < 0x20 && c != '\t') || c == 0x7F) sb.Append('\\');
            sb.Append(c);
        }

        return sb.Append('"').ToString();
    }

    /// <summary>
    /// Reads <c>*( SEMI name [ EQUAL value ] )</c> from <paramref name="i"/> into <paramref name="into"/>.
    /// Stops (without error) at the first non-LWS octet that is not ";", leaving <paramref name="i"/> there.
    /// </summary>
    /// <param name="s">The header value.</param>
    /// <param name="i">Where to start; on success, the first unconsumed non-LWS octet.</param>
    /// <param name="into">Destination list (header syntax).</param>
    /// <param name="requireValue">Each parameter must have a value (m-parameter of Content-Type).</param>
    /// <param name="error">The error when the result is false.</param>
    /// <param name="validate">Extra rules for well-known parameters; returns the error code, or None.</param>
    internal static bool TryParseParameters(ReadOnlySpan<byte> s, ref int i, SipParameters into, bool requireValue, ParameterValidator? validate, out SipParseError error)
    {
        while (true)
        {
            var j = SipSyntax.SkipLws(s, i);
            if (j >= s.Length || s[j] != (byte)';')
            {
                i = j;
                error = default;
                return true;
            }

            // RFC 3261 §25.1: SEMI = SWS ";" SWS; generic-param = token [ EQUAL gen-value ].
            j = SipSyntax.SkipLws(s, j + 1);
            var nameEnd = ReadToken(s, j);
            if (nameEnd == j)
            {
                error = new SipParseError(SipParseErrorCode.InvalidParameter, j, "empty parameter name");
                return false;
            }

            var name = KnownStrings.Get(s[j..nameEnd]);
            string? value = null;
            var k = SipSyntax.SkipLws(s, nameEnd);
            var after = nameEnd;
            if (k < s.Length && s[k] == (byte)'=')
            {
                k = SipSyntax.SkipLws(s, k + 1);
                if (!TryReadParameterValue(s, k, out after, out error)) return false;
                value = s[k] == (byte)'"' ? Encoding.UTF8.GetString(s[k..after]) : KnownStrings.Get(s[k..after]);
            }
            else if (requireValue)
            {
                error = new SipParseError(SipParseErrorCode.InvalidParameter, k, "parameter needs a value");
                return false;
            }

            var code = validate?.Invoke(name, value) ?? SipParseErrorCode.None;
            if (code != SipParseErrorCode.None)
            {
                error = new SipParseError(code, j, string.Concat("invalid value of parameter '", name, "'"));
                return false;
            }

            if (into.Count >= SipParameters.MaxCount)
            {
                error = new SipParseError(SipParseErrorCode.TooManyParameters, j);
                return false;
            }

            if (!into.TryAddParsed(name, value))
            {
                error = new SipParseError(SipParseErrorCode.DuplicateParameter, j, "repeated parameter name");
                return false;
            }

            i = after;
        }
    }

    /// <summary>Reads gen-value = token / host / quoted-string at <paramref name="k"/>.</summary>
    internal static bool TryReadParameterValue(ReadOnlySpan<byte> s, int k, out int end, out SipParseError error)
    {
        if (k < s.Length && s[k] == (byte)'"')
        {
            return TryReadQuotedString(s, k, out end, out error);
        }

        end = k;
        while (end < s.Length && IsGenValueChar(s[end])) end++;
        if (end == k)
        {
            error = new SipParseError(SipParseErrorCode.InvalidParameter, k, "empty or invalid parameter value");
            return false;
        }

        error = default;
        return true;
    }

    /// <summary>
    /// Reads 1*DIGIT as an unsigned 32-bit number; leading zeros are allowed. Values above 2^32-1 give
    /// <see cref="SipParseErrorCode.ValueOutOfRange"/> (RFC 4475 §3.1.2.4).
    /// </summary>
    internal static bool TryReadUInt32(ReadOnlySpan<byte> s, int i, out int end, out uint value, out SipParseError error)
    {
        end = i;
        ulong v = 0;
        var overflow = false;
        while (end < s.Length && SipSyntax.IsDigit(s[end]))
        {
            if (!overflow)
            {
                v = (v * 10) + (ulong)(s[end] - '0');
                if (v > uint.MaxValue) overflow = true;
            }

            end++;
        }

        value = overflow ? 0 : (uint)v;
        if (end == i)
        {
            error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, i, "digits expected");
            return false;
        }

        if (overflow)
        {
            error = new SipParseError(SipParseErrorCode.ValueOutOfRange, i, "number above 4294967295");
            return false;
        }

        error = default;
        return true;
    }

    /// <summary>Fails with <see cref="SipParseErrorCode.InvalidHeaderValue"/> unless only LWS remains from <paramref name="i"/>.</summary>
    internal static bool ExpectEnd(ReadOnlySpan<byte> s, int i, out SipParseError error)
    {
        i = SipSyntax.SkipLws(s, i);
        if (i < s.Length)
        {
            error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, i, "unexpected octet");
            return false;
        }

        error = default;
        return true;
    }

    /// <summary>ASCII text of an already-validated span.</summary>
    internal static string Ascii(ReadOnlySpan<byte> s) => Encoding.ASCII.GetString(s);
}
