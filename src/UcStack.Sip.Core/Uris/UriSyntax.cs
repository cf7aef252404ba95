using System.Runtime.CompilerServices;

namespace UcStack.Sip;

/// <summary>
/// Character classes of the URI parts of RFC 3261 §25.1 and RFC 3966 §3, as one 256-entry table.
/// Escapes (<c>"%" HEX HEX</c>) are handled by the callers, never by these classes.
/// </summary>
internal static class UriSyntax
{
    [Flags]
    internal enum UriChar : ushort
    {
        None = 0,
        /// <summary>user = 1*( unreserved / escaped / user-unreserved ).</summary>
        User = 1 << 0,
        /// <summary>password = *( unreserved / escaped / "&amp;" / "=" / "+" / "$" / "," ).</summary>
        Password = 1 << 1,
        /// <summary>paramchar = param-unreserved / unreserved / escaped.</summary>
        Param = 1 << 2,
        /// <summary>hname/hvalue = hnv-unreserved / unreserved / escaped.</summary>
        HeaderPart = 1 << 3,
        /// <summary>uric = reserved / unreserved / escaped (RFC 2396), plus "[" and "]" for IPv6 literals (RFC 2732).</summary>
        Uric = 1 << 4,
        /// <summary>scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).</summary>
        SchemeTail = 1 << 5,
        /// <summary>RFC 3966 pname = 1*( alphanum / "-" ).</summary>
        TelParamName = 1 << 6,
        /// <summary>Octets of a hostname: alphanum / "-" / ".".</summary>
        HostName = 1 << 7,
        /// <summary>unreserved = alphanum / mark.</summary>
        Unreserved = 1 << 8,
        /// <summary>reserved = ";" / "/" / "?" / ":" / "@" / "&amp;" / "=" / "+" / "$" / ",".</summary>
        Reserved = 1 << 9,
    }

    private static readonly UriChar[] Table = BuildTable();

    private static UriChar[] BuildTable()
    {
        var t = new UriChar[256];
        const UriChar unreservedUses = UriChar.Unreserved | UriChar.User | UriChar.Password | UriChar.Param
            | UriChar.HeaderPart | UriChar.Uric;
        for (var c = 'a'; c <= 'z'; c++) t[c] |= unreservedUses | UriChar.SchemeTail | UriChar.TelParamName | UriChar.HostName;
        for (var c = 'A'; c <= 'Z'; c++) t[c] |= unreservedUses | UriChar.SchemeTail | UriChar.TelParamName | UriChar.HostName;
        for (var c = '0'; c <= '9'; c++) t[c] |= unreservedUses | UriChar.SchemeTail | UriChar.TelParamName | UriChar.HostName;
        foreach (var c in "-_.!~*'()") t[c] |= unreservedUses;
        foreach (var c in ";/?:@&=+$,") t[c] |= UriChar.Reserved | UriChar.Uric;
        foreach (var c in "&=+$,;?/") t[c] |= UriChar.User;
        foreach (var c in "&=+$,") t[c] |= UriChar.Password;
        foreach (var c in "[]/:&+$") t[c] |= UriChar.Param;
        foreach (var c in "[]/?:+$") t[c] |= UriChar.HeaderPart;
        foreach (var c in "[]") t[c] |= UriChar.Uric;
        foreach (var c in "+-.") t[c] |= UriChar.SchemeTail;
        t['-'] |= UriChar.TelParamName | UriChar.HostName;
        t['.'] |= UriChar.HostName;
        return t;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool Is(byte b, UriChar cls) => (Table[b] & cls) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool Is(char c, UriChar cls) => c < 256 && (Table[c] & cls) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsAlpha(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';

    /// <summary>
    /// Checks that <paramref name="s"/> holds only octets of <paramref name="cls"/> and well-formed escapes.
    /// </summary>
    /// <returns><see cref="SipParseErrorCode.None"/>, <see cref="SipParseErrorCode.InvalidEscape"/> or
    /// <paramref name="badCharCode"/>, with the offset of the first bad octet in <paramref name="offset"/>.</returns>
    internal static SipParseErrorCode Validate(ReadOnlySpan<byte> s, UriChar cls, SipParseErrorCode badCharCode, out int offset)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var b = s[i];
            if (b == (byte)'%')
            {
                // RFC 3261 §25.1: escaped = "%" HEX HEX.
                if (i + 2 >= s.Length || !SipSyntax.IsHex(s[i + 1]) || !SipSyntax.IsHex(s[i + 2]))
                {
                    offset = i;
                    return SipParseErrorCode.InvalidEscape;
                }

                i += 2;
            }
            else if (!Is(b, cls))
            {
                offset = i;
                return badCharCode;
            }
        }

        offset = 0;
        return SipParseErrorCode.None;
    }

    /// <summary>Checks <c>scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )</c> (RFC 2396 §3.1).</summary>
    internal static bool IsScheme(ReadOnlySpan<byte> s)
    {
        if (s.IsEmpty || !IsAlpha(s[0])) return false;
        foreach (var b in s)
        {
            if (!Is(b, UriChar.SchemeTail)) return false;
        }

        return true;
    }
}
