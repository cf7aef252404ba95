using System.Text;

namespace UcStack.Sip;

/// <summary>
/// Percent-escapes in URI components: decoding, encoding for builders, and the escape-aware comparison
/// of RFC 3261 §19.1.4. Raw components are kept exactly as received (ASCII, escapes validated), so
/// every operation here reads a <see cref="string"/> of ASCII characters.
/// </summary>
internal static class UriEscaping
{
    /// <summary>
    /// Decodes one position of a raw component: the octet it stands for and whether it was written as
    /// an escape. Advances <paramref name="i"/> past it.
    /// </summary>
    private static int Next(ReadOnlySpan<char> s, ref int i, out bool escaped)
    {
        var c = s[i];
        if (c == '%' && i + 2 < s.Length && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0)
        {
            escaped = true;
            var v = (HexValue(s[i + 1]) << 4) | HexValue(s[i + 2]);
            i += 3;
            return v;
        }

        escaped = false;
        i++;
        return c;
    }

    private static int HexValue(char c) => c < 128 ? SipSyntax.HexValue((byte)c) : -1;

    private static int FoldCase(int v) => (uint)(v - 'A') <= 'Z' - 'A' ? v | 0x20 : v;

    private static bool IsReserved(int v) => v < 128 && UriSyntax.Is((byte)v, UriSyntax.UriChar.Reserved);

    /// <summary>
    /// RFC 3261 §19.1.4: "Characters other than those in the reserved set are equivalent to their
    /// "%" HEX HEX encoding". A reserved character and its escape therefore differ.
    /// </summary>
    internal static bool EscapedEquals(string? a, string? b, bool ignoreCase)
    {
        if (a is null || b is null) return a is null && b is null;
        if (string.Equals(a, b, StringComparison.Ordinal)) return true;
        int i = 0, j = 0;
        while (i < a.Length && j < b.Length)
        {
            var x = Next(a, ref i, out var ex);
            var y = Next(b, ref j, out var ey);
            if (ignoreCase)
            {
                x = FoldCase(x);
                y = FoldCase(y);
            }

            if (x != y) return false;
            if (ex != ey && IsReserved(x)) return false;
        }

        return i == a.Length && j == b.Length;
    }

    /// <summary>A hash consistent with <see cref="EscapedEquals"/>.</summary>
    internal static int EscapedHash(string? a, bool ignoreCase)
    {
        if (a is null) return 0;
        var hash = new HashCode();
        var i = 0;
        while (i < a.Length)
        {
            var x = Next(a, ref i, out var escaped);
            if (ignoreCase) x = FoldCase(x);
            if (escaped && IsReserved(x)) x |= 0x10000;
            hash.Add(x);
        }

        return hash.ToHashCode();
    }

    /// <summary>Decodes every escape and reads the octets as UTF-8 (invalid sequences become U+FFFD).</summary>
    internal static string Unescape(string raw)
    {
        if (!raw.Contains('%', StringComparison.Ordinal)) return raw;
        var bytes = raw.Length <= 256 ? stackalloc byte[raw.Length] : new byte[raw.Length];
        var n = 0;
        var i = 0;
        while (i < raw.Length)
        {
            bytes[n++] = (byte)Next(raw, ref i, out _);
        }

        return Encoding.UTF8.GetString(bytes[..n]);
    }

    /// <summary>
    /// Encodes <paramref name="plain"/> as UTF-8 and escapes every octet outside <paramref name="allowed"/>
    /// (and every "%"), for builders that take unescaped text.
    /// </summary>
    internal static string Escape(string plain, UriSyntax.UriChar allowed)
    {
        var utf8 = Encoding.UTF8.GetBytes(plain);
        var sb = new StringBuilder(utf8.Length + 8);
        foreach (var b in utf8)
        {
            if (b != (byte)'%' && UriSyntax.Is(b, allowed))
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append('%').Append("0123456789ABCDEF"[b >> 4]).Append("0123456789ABCDEF"[b & 0xF]);
            }
        }

        return sb.ToString();
    }

    /// <summary><see langword="true"/> when <paramref name="raw"/> is non-empty (unless allowed) and holds only
    /// <paramref name="allowed"/> characters and well-formed escapes.</summary>
    internal static bool IsValidRaw(string raw, UriSyntax.UriChar allowed, bool allowEmpty = false)
    {
        if (raw.Length == 0) return allowEmpty;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '%')
            {
                if (i + 2 >= raw.Length || HexValue(raw[i + 1]) < 0 || HexValue(raw[i + 2]) < 0) return false;
                i += 2;
            }
            else if (!UriSyntax.Is(c, allowed))
            {
                return false;
            }
        }

        return true;
    }
}
