using System.Globalization;

namespace UcStack.Sip;

/// <summary>Value rules of the well-known header parameters (RFC 3261 §25.1, RFC 3581), applied after the
/// generic-param grammar accepted the text.</summary>
internal static class ParameterRules
{
    /// <summary>tag-param = "tag" EQUAL token; via-branch = "branch" EQUAL token.</summary>
    internal static bool IsToken(string? value) => value is not null && HeaderGrammar.IsToken(value);

    /// <summary>qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ).</summary>
    internal static bool TryParseQ(string? value, out decimal q)
    {
        q = 0;
        if (value is null || value.Length is 0 or > 5 || value[0] is not ('0' or '1')) return false;
        q = value[0] - '0';
        if (value.Length == 1) return true;
        if (value[1] != '.') return false;
        var scale = 0.1m;
        for (var k = 2; k < value.Length; k++)
        {
            var c = value[k];
            if (!char.IsAsciiDigit(c) || (value[0] == '1' && c != '0')) return false;
            q += (c - '0') * scale;
            scale /= 10;
        }

        return true;
    }

    /// <summary>delta-seconds = 1*DIGIT, at most 2^32-1 (RFC 4475 §3.1.2.4: larger is out of range).</summary>
    internal static SipParseErrorCode TryParseDelta(string? value, out uint seconds)
    {
        seconds = 0;
        if (value is null || value.Length == 0) return SipParseErrorCode.InvalidParameter;
        ulong v = 0;
        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c)) return SipParseErrorCode.InvalidParameter;
            v = (v * 10) + (ulong)(c - '0');
            if (v > uint.MaxValue) return SipParseErrorCode.ValueOutOfRange;
        }

        seconds = (uint)v;
        return SipParseErrorCode.None;
    }

    /// <summary>ttl = 1*3DIGIT ; 0 to 255.</summary>
    internal static bool TryParseTtl(string? value, out int ttl)
    {
        ttl = 0;
        return value is { Length: >= 1 and <= 3 } && value.All(char.IsAsciiDigit)
            && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out ttl) && ttl <= 255;
    }

    /// <summary>A host (hostname, IPv4 or bracketed IPv6).</summary>
    internal static bool IsHost(string? value) =>
        value is not null && HostSyntax.TryClassify(System.Text.Encoding.ASCII.GetBytes(value), out _, out _);

    /// <summary>via-received = "received" EQUAL ( IPv4address / IPv6address ); RFC 5118 §4.5 allows the
    /// IPv6 address with or without brackets.</summary>
    internal static bool IsReceivedAddress(string? value)
    {
        if (value is null || value.Length == 0) return false;
        var bytes = System.Text.Encoding.ASCII.GetBytes(value);
        if (bytes[0] == (byte)'[') return HostSyntax.TryClassify(bytes, out var kind, out _) && kind == SipHostKind.IPv6;
        Span<byte> a = stackalloc byte[16];
        return value.Contains(':', StringComparison.Ordinal)
            ? HostSyntax.TryParseIPv6(bytes, a, out _)
            : HostSyntax.TryParseIPv4(bytes, a, out _);
    }

    /// <summary>port = 1*DIGIT in 0–65535.</summary>
    internal static bool TryParsePort(string? value, out int port)
    {
        port = 0;
        return value is { Length: >= 1 and <= 10 } && value.All(char.IsAsciiDigit)
            && long.Parse(value, CultureInfo.InvariantCulture) is var v && v <= 65535 && (port = (int)v) >= 0;
    }
}
