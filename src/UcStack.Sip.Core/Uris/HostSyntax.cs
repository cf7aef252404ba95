namespace UcStack.Sip;

/// <summary>
/// The <c>host</c> rule of RFC 3261 §25.1: hostname, IPv4address or IPv6reference, with the
/// RFC 5118 clarifications for IPv6.
/// </summary>
internal static class HostSyntax
{
    /// <summary>RFC 1035 §2.3.4: a domain name is at most 255 octets.</summary>
    internal const int MaxHostNameLength = 255;

    /// <summary>
    /// Validates a host. IPv6 must be bracketed here (RFC 5118 §4.2: an unbracketed IPv6 address in a
    /// SIP URI is invalid).
    /// </summary>
    /// <returns><see langword="true"/> when valid; otherwise <paramref name="errorOffset"/> is the offset of the
    /// first octet found wrong.</returns>
    internal static bool TryClassify(ReadOnlySpan<byte> host, out SipHostKind kind, out int errorOffset)
    {
        kind = SipHostKind.DomainName;
        errorOffset = 0;
        if (host.IsEmpty) return false;
        if (host[0] == (byte)'[')
        {
            kind = SipHostKind.IPv6;
            if (host.Length < 3 || host[^1] != (byte)']')
            {
                errorOffset = host.Length;
                return false;
            }

            Span<byte> address = stackalloc byte[16];
            if (!TryParseIPv6(host[1..^1], address, out var bad))
            {
                errorOffset = bad + 1;
                return false;
            }

            return true;
        }

        var allDigitsAndDots = true;
        foreach (var b in host)
        {
            if (!SipSyntax.IsDigit(b) && b != (byte)'.')
            {
                allDigitsAndDots = false;
                break;
            }
        }

        if (allDigitsAndDots)
        {
            // A toplabel starts with ALPHA, so only digits and dots can only be an IPv4address.
            kind = SipHostKind.IPv4;
            Span<byte> address = stackalloc byte[4];
            return TryParseIPv4(host, address, out errorOffset);
        }

        return IsHostName(host, out errorOffset);
    }

    /// <summary>
    /// hostname = *( domainlabel "." ) toplabel [ "." ]; domainlabel = alphanum / alphanum *( alphanum / "-" ) alphanum;
    /// toplabel = ALPHA / ALPHA *( alphanum / "-" ) alphanum.
    /// </summary>
    internal static bool IsHostName(ReadOnlySpan<byte> s, out int errorOffset)
    {
        errorOffset = 0;
        if (s.IsEmpty) return false;
        if (s.Length > MaxHostNameLength)
        {
            errorOffset = MaxHostNameLength;
            return false;
        }

        var end = s[^1] == (byte)'.' ? s.Length - 1 : s.Length;
        var labelStart = 0;
        for (var i = 0; i <= end; i++)
        {
            if (i < end && s[i] != (byte)'.')
            {
                var b = s[i];
                if (!UriSyntax.Is(b, UriSyntax.UriChar.HostName) || b == (byte)'.')
                {
                    errorOffset = i;
                    return false;
                }

                continue;
            }

            // A label ends at i.
            if (i == labelStart || s[labelStart] == (byte)'-' || s[i - 1] == (byte)'-')
            {
                errorOffset = i == labelStart ? i : (s[labelStart] == (byte)'-' ? labelStart : i - 1);
                return false;
            }

            if (i == end && !UriSyntax.IsAlpha(s[labelStart]))
            {
                errorOffset = labelStart;
                return false;
            }

            labelStart = i + 1;
        }

        return true;
    }

    /// <summary>IPv4address = 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT, each at most 255.</summary>
    internal static bool TryParseIPv4(ReadOnlySpan<byte> s, Span<byte> address, out int errorOffset)
    {
        var part = 0;
        var i = 0;
        while (true)
        {
            var start = i;
            var value = 0;
            while (i < s.Length && SipSyntax.IsDigit(s[i]) && i - start < 3)
            {
                value = (value * 10) + (s[i] - '0');
                i++;
            }

            if (i == start || value > 255 || (i < s.Length && SipSyntax.IsDigit(s[i])))
            {
                errorOffset = start;
                return false;
            }

            address[part++] = (byte)value;
            if (part == 4)
            {
                errorOffset = i;
                return i == s.Length;
            }

            if (i >= s.Length || s[i] != (byte)'.')
            {
                errorOffset = i;
                return false;
            }

            i++;
        }
    }

    /// <summary>
    /// IPv6address (RFC 3261 §25.1 as corrected by RFC 5118 §4.10): up to eight 16-bit hex groups, one
    /// "::" and an optional trailing IPv4address.
    /// </summary>
    /// <remarks>
    /// Decision on RFC 5118 §4.10: the RFC 3261 ABNF (hexpart ":" IPv4address with hexpart ending in
    /// "::") admits a redundant third colon before an IPv4 tail (<c>2001:db8:::192.0.2.1</c>). The RFC 5118
    /// authors ask parsers to be liberal and accept it, so we do, reading it as the two-colon form;
    /// three colons anywhere else stay invalid.
    /// </remarks>
    internal static bool TryParseIPv6(ReadOnlySpan<byte> s, Span<byte> address, out int errorOffset)
    {
        Span<ushort> groups = stackalloc ushort[8];
        var count = 0;
        var gap = -1;
        var i = 0;
        errorOffset = 0;
        if (s.Length >= 2 && s[0] == (byte)':' && s[1] == (byte)':')
        {
            gap = 0;
            i = 2;
        }
        else if (s.Length >= 1 && s[0] == (byte)':')
        {
            return false;
        }

        while (i < s.Length)
        {
            var start = i;
            var value = 0;
            while (i < s.Length && SipSyntax.IsHex(s[i]) && i - start < 4)
            {
                value = (value << 4) | SipSyntax.HexValue(s[i]);
                i++;
            }

            if (i < s.Length && s[i] == (byte)'.')
            {
                // An embedded IPv4 address ends the literal and fills two groups.
                Span<byte> v4 = stackalloc byte[4];
                if (count > 6)
                {
                    errorOffset = start;
                    return false;
                }

                if (!TryParseIPv4(s[start..], v4, out var bad))
                {
                    errorOffset = start + bad;
                    return false;
                }

                groups[count++] = (ushort)((v4[0] << 8) | v4[1]);
                groups[count++] = (ushort)((v4[2] << 8) | v4[3]);
                i = s.Length;
                break;
            }

            if (i == start || count == 8 || (i < s.Length && SipSyntax.IsHex(s[i])))
            {
                errorOffset = i;
                return false;
            }

            groups[count++] = (ushort)value;
            if (i == s.Length) break;
            if (s[i] != (byte)':')
            {
                errorOffset = i;
                return false;
            }

            i++;
            if (i < s.Length && s[i] == (byte)':')
            {
                if (gap >= 0)
                {
                    errorOffset = i;
                    return false;
                }

                gap = count;
                i++;
                if (i < s.Length && s[i] == (byte)':' && !s[(i + 1)..].Contains((byte)':') && s[(i + 1)..].Contains((byte)'.'))
                {
                    // RFC 5118 §4.10 tolerance, see remarks.
                    i++;
                }

                if (i == s.Length) break;
            }
            else if (i == s.Length)
            {
                errorOffset = i;
                return false;
            }
        }

        if (gap < 0 ? count != 8 : count > 7)
        {
            errorOffset = s.Length;
            return false;
        }

        address.Clear();
        var tail = gap < 0 ? 0 : count - gap;
        for (var g = 0; g < count; g++)
        {
            var slot = gap >= 0 && g >= gap ? 8 - tail + (g - gap) : g;
            address[slot * 2] = (byte)(groups[g] >> 8);
            address[(slot * 2) + 1] = (byte)groups[g];
        }

        return true;
    }

    /// <summary>
    /// The comparison key of a valid host: IP addresses compare by value (so <c>[2001:DB8::1]</c> equals
    /// <c>[2001:db8:0::1]</c>), hostnames case-insensitively (RFC 3261 §19.1.4).
    /// </summary>
    internal static string ComparisonKey(string host, SipHostKind kind)
    {
        switch (kind)
        {
            case SipHostKind.IPv6:
            {
                Span<byte> a = stackalloc byte[16];
                var bytes = System.Text.Encoding.ASCII.GetBytes(host);
                return TryParseIPv6(bytes.AsSpan(1, bytes.Length - 2), a, out _) ? Convert.ToHexString(a) : host;
            }

            case SipHostKind.IPv4:
            {
                Span<byte> a = stackalloc byte[4];
                var bytes = System.Text.Encoding.ASCII.GetBytes(host);
                return TryParseIPv4(bytes, a, out _) ? Convert.ToHexString(a) : host;
            }

            default:
                return host.ToLowerInvariant();
        }
    }
}
