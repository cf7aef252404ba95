using System.Runtime.CompilerServices;

namespace UcStack.Sip;

/// <summary>
/// Character classes of the RFC 3261 §25.1 grammar, as a 256-entry table so each test is one load.
/// Shared by the message, header and URI parsers.
/// </summary>
internal static class SipSyntax
{
    [Flags]
    internal enum CharClass : ushort
    {
        None = 0,
        /// <summary>alphanum = ALPHA / DIGIT.</summary>
        AlphaNum = 1 << 0,
        /// <summary>token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~").</summary>
        Token = 1 << 1,
        /// <summary>unreserved = alphanum / mark; mark = "-" / "_" / "." / "!" / "~" / "*" / "'" / "(" / ")".</summary>
        Unreserved = 1 << 2,
        /// <summary>reserved = ";" / "/" / "?" / ":" / "@" / "&amp;" / "=" / "+" / "$" / ",".</summary>
        Reserved = 1 << 3,
        /// <summary>user-unreserved = "&amp;" / "=" / "+" / "$" / "," / ";" / "?" / "/".</summary>
        UserUnreserved = 1 << 4,
        /// <summary>param-unreserved = "[" / "]" / "/" / ":" / "&amp;" / "+" / "$".</summary>
        ParamUnreserved = 1 << 5,
        /// <summary>hnv-unreserved = "[" / "]" / "/" / "?" / ":" / "+" / "$".</summary>
        HeaderUnreserved = 1 << 6,
        /// <summary>word = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~" / "(" / ")" / "&lt;" / "&gt;" / ":" / "\" / DQUOTE / "/" / "[" / "]" / "?" / "{" / "}").</summary>
        Word = 1 << 7,
        /// <summary>HEXDIG.</summary>
        Hex = 1 << 8,
        /// <summary>DIGIT.</summary>
        Digit = 1 << 9,
        /// <summary>SP / HTAB.</summary>
        Wsp = 1 << 10,
        /// <summary>Octets allowed in header values outside quoted strings: VCHAR, WSP and UTF8-NONASCII (no CTLs).</summary>
        Text = 1 << 11,
    }

    private static readonly CharClass[] Table = BuildTable();

    private static CharClass[] BuildTable()
    {
        var t = new CharClass[256];
        for (var c = 'a'; c <= 'z'; c++) t[c] |= CharClass.AlphaNum;
        for (var c = 'A'; c <= 'Z'; c++) t[c] |= CharClass.AlphaNum;
        for (var c = '0'; c <= '9'; c++) t[c] |= CharClass.AlphaNum | CharClass.Digit | CharClass.Hex;
        for (var c = 'a'; c <= 'f'; c++) t[c] |= CharClass.Hex;
        for (var c = 'A'; c <= 'F'; c++) t[c] |= CharClass.Hex;
        for (var i = 0; i < 256; i++)
        {
            if ((t[i] & CharClass.AlphaNum) != 0)
            {
                t[i] |= CharClass.Token | CharClass.Unreserved | CharClass.Word;
            }
        }

        foreach (var c in "-.!%*_+`'~") t[c] |= CharClass.Token | CharClass.Word;
        foreach (var c in "-_.!~*'()") t[c] |= CharClass.Unreserved;
        foreach (var c in ";/?:@&=+$,") t[c] |= CharClass.Reserved;
        foreach (var c in "&=+$,;?/") t[c] |= CharClass.UserUnreserved;
        foreach (var c in "[]/:&+$") t[c] |= CharClass.ParamUnreserved;
        foreach (var c in "[]/?:+$") t[c] |= CharClass.HeaderUnreserved;
        foreach (var c in "()<>:\\\"/[]?{}") t[c] |= CharClass.Word;
        t[' '] |= CharClass.Wsp | CharClass.Text;
        t['\t'] |= CharClass.Wsp | CharClass.Text;
        for (var i = 0x21; i <= 0x7E; i++) t[i] |= CharClass.Text;
        for (var i = 0x80; i <= 0xFF; i++) t[i] |= CharClass.Text;
        return t;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool Is(byte b, CharClass cls) => (Table[b] & cls) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsToken(byte b) => (Table[b] & CharClass.Token) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsWsp(byte b) => b == (byte)' ' || b == (byte)'\t';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsHex(byte b) => (Table[b] & CharClass.Hex) != 0;

    /// <summary>Value of a hexadecimal digit, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int HexValue(byte b)
    {
        if ((uint)(b - '0') <= 9) return b - '0';
        var lower = b | 0x20;
        if ((uint)(lower - 'a') <= 5) return lower - 'a' + 10;
        return -1;
    }

    /// <summary><see langword="true"/> when every octet of <paramref name="s"/> is a token character (and it is not empty).</summary>
    internal static bool IsToken(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty) return false;
        foreach (var b in s)
        {
            if (!IsToken(b)) return false;
        }

        return true;
    }

    /// <summary>Skips linear whitespace (SP, HTAB, and CRLF followed by SP/HTAB, i.e. a folded line) from <paramref name="i"/>.</summary>
    /// <remarks>RFC 3261 §7.3.1: a header value may be folded onto continuation lines; LWS = [*WSP CRLF] 1*WSP.</remarks>
    internal static int SkipLws(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length)
        {
            var b = s[i];
            if (b == (byte)' ' || b == (byte)'\t')
            {
                i++;
            }
            else if (b == (byte)'\r' && i + 2 < s.Length && s[i + 1] == (byte)'\n' && IsWsp(s[i + 2]))
            {
                i += 3;
            }
            else
            {
                break;
            }
        }

        return i;
    }

    /// <summary>Trims LWS from the end of <paramref name="s"/>.</summary>
    internal static ReadOnlySpan<byte> TrimEndLws(ReadOnlySpan<byte> s)
    {
        var end = s.Length;
        while (end > 0 && (s[end - 1] == (byte)' ' || s[end - 1] == (byte)'\t' || s[end - 1] == (byte)'\r' || s[end - 1] == (byte)'\n'))
        {
            end--;
        }

        return s[..end];
    }
}
