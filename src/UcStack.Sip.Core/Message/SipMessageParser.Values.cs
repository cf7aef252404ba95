namespace UcStack.Sip;

/// <summary>
/// The header values the transaction layer matches on (RFC 3261 §17.1.3, §17.2.3), extracted while the
/// header table is built so that reading them later costs nothing. Full grammar checks of these and all
/// other headers are done by SipMessage.TryValidate.
/// </summary>
internal static partial class SipMessageParser
{
    private static bool TryExtract(ReadOnlySpan<byte> s, in HeaderEntry entry, ref MessageLayout layout, out SipParseError error)
    {
        var range = new ByteRange(entry.ValueStart, entry.ValueLength);
        var value = range.Of(s);
        error = default;
        switch (entry.Id)
        {
            case KnownHeader.Via:
                return layout.TopVia.IsPresent || TryReadTopVia(value, range.Start, ref layout, out error);
            case KnownHeader.From:
                if (!TryClaimSingle(layout.From, entry, out error)) return false;
                layout.From = range;
                return TryFindTag(value, range.Start, out layout.FromTag, out error);
            case KnownHeader.To:
                if (!TryClaimSingle(layout.To, entry, out error)) return false;
                layout.To = range;
                return TryFindTag(value, range.Start, out layout.ToTag, out error);
            case KnownHeader.CallId:
                if (!TryClaimSingle(layout.CallId, entry, out error)) return false;
                if (value.IsEmpty)
                {
                    error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, range.Start, "empty Call-ID");
                    return false;
                }

                layout.CallId = range;
                return true;
            case KnownHeader.CSeq:
                if (!TryClaimSingle(layout.CSeqNumber >= 0 ? range : ByteRange.None, entry, out error)) return false;
                return TryReadCSeq(value, range.Start, ref layout, out error);
            case KnownHeader.MaxForwards:
                if (!TryClaimSingle(layout.MaxForwards >= 0 ? range : ByteRange.None, entry, out error)) return false;
                return TryReadMaxForwards(value, range.Start, ref layout, out error);
            case KnownHeader.ContentLength:
                return TryReadContentLength(value, range.Start, ref layout, out error);
            default:
                return true;
        }
    }

    /// <summary>RFC 3261 §7.3.1 and §20: Call-ID, From, To, CSeq and Max-Forwards take one value; a second line
    /// makes the message ambiguous (RFC 4475 §3.3.8 multi01).</summary>
    private static bool TryClaimSingle(ByteRange existing, in HeaderEntry entry, out SipParseError error)
    {
        if (existing.IsPresent)
        {
            error = new SipParseError(SipParseErrorCode.DuplicateHeader, entry.NameStart, "header allowed once appears again");
            return false;
        }

        error = default;
        return true;
    }

    /// <summary>Reads 1*DIGIT from <paramref name="i"/>, saturating at <paramref name="cap"/> + 1 so a long run of
    /// digits cannot overflow.</summary>
    private static int ReadDigits(ReadOnlySpan<byte> v, ref int i, long cap, out long number)
    {
        var start = i;
        number = 0;
        while (i < v.Length && SipSyntax.IsDigit(v[i]))
        {
            if (number <= cap) number = (number * 10) + (v[i] - '0');
            i++;
        }

        if (number > cap) number = cap + 1;
        return i - start;
    }

    /// <summary>RFC 3261 §20.16: CSeq = 1*DIGIT LWS Method, the number below 2^32 (RFC 4475 §3.1.2.4 scalar02).</summary>
    private static bool TryReadCSeq(ReadOnlySpan<byte> v, int offset, ref MessageLayout layout, out SipParseError error)
    {
        var i = 0;
        if (ReadDigits(v, ref i, uint.MaxValue, out var number) == 0)
        {
            error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, offset, "CSeq must start with a sequence number");
            return false;
        }

        if (number > uint.MaxValue)
        {
            error = new SipParseError(SipParseErrorCode.ValueOutOfRange, offset, "CSeq number above 2^32-1");
            return false;
        }

        var methodStart = Lws(v, i);
        var j = methodStart;
        j = TokenEnd(v, j);
        if (methodStart == i || j == methodStart || j != v.Length)
        {
            error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, offset + j, "CSeq must be a number, LWS and a method token");
            return false;
        }

        layout.CSeqNumber = number;
        layout.CSeqMethod = new ByteRange(offset + methodStart, j - methodStart);
        layout.CSeqMethodKind = SipMethods.Identify(v[methodStart..j]);
        error = default;
        return true;
    }

    /// <summary>RFC 3261 §20.22: Max-Forwards = 1*DIGIT, at most 255 (RFC 4475 §3.1.2.4).</summary>
    private static bool TryReadMaxForwards(ReadOnlySpan<byte> v, int offset, ref MessageLayout layout, out SipParseError error)
    {
        var i = 0;
        if (ReadDigits(v, ref i, 255, out var number) == 0 || i != v.Length)
        {
            error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, offset + i, "Max-Forwards must be a decimal number");
            return false;
        }

        if (number > 255)
        {
            error = new SipParseError(SipParseErrorCode.ValueOutOfRange, offset, "Max-Forwards above 255");
            return false;
        }

        layout.MaxForwards = (int)number;
        error = default;
        return true;
    }

    /// <summary>RFC 3261 §20.14: Content-Length = 1*DIGIT. A negative value (RFC 4475 §3.1.2.3 ncl) or a second,
    /// different value (RFC 4475 §3.3.9 mcl01) leaves the framing unknown.</summary>
    private static bool TryReadContentLength(ReadOnlySpan<byte> v, int offset, ref MessageLayout layout, out SipParseError error)
    {
        var i = 0;
        if (ReadDigits(v, ref i, int.MaxValue - 1, out var number) == 0 || i != v.Length)
        {
            error = new SipParseError(SipParseErrorCode.InvalidContentLength, offset + i, "Content-Length must be a non-negative decimal number");
            return false;
        }

        if (layout.ContentLength >= 0 && layout.ContentLength != number)
        {
            error = new SipParseError(SipParseErrorCode.InvalidContentLength, offset, "conflicting Content-Length values");
            return false;
        }

        layout.ContentLength = (int)number;
        error = default;
        return true;
    }

    /// <summary>
    /// Reads the first via-parm (RFC 3261 §20.42): sent-protocol LWS sent-by *( SEMI via-params ), remembering
    /// transport, host, port and branch. Later values on the same line are left to the full Via parser.
    /// </summary>
    private static bool TryReadTopVia(ReadOnlySpan<byte> v, int offset, ref MessageLayout layout, out SipParseError error)
    {
        // sent-protocol = protocol-name SLASH protocol-version SLASH transport; SLASH = SWS "/" SWS.
        var i = 0;
        ByteRange transport = default;
        var firstPart = 0;
        if (StartsWithSip20Slash(v))
        {
            i = Lws(v, 8);
            firstPart = 2;
        }

        for (var part = firstPart; part < 3; part++)
        {
            if (part > 0 && !(part == 2 && firstPart == 2))
            {
                i = Lws(v, i);
                if (i >= v.Length || v[i] != (byte)'/') return ViaError(offset + i, "Via sent-protocol needs three parts separated by '/'", out error);
                i = Lws(v, i + 1);
            }

            var start = i;
            i = TokenEnd(v, i);
            if (i == start) return ViaError(offset + i, "Via sent-protocol part is not a token", out error);
            transport = new ByteRange(offset + start, i - start);
        }

        var hostStart = Lws(v, i);
        if (hostStart == i) return ViaError(offset + i, "Via needs LWS before sent-by", out error);
        i = hostStart;
        if (i < v.Length && v[i] == (byte)'[')
        {
            var close = v[i..].IndexOf((byte)']');
            if (close < 0) return ViaError(offset + i, "unterminated IPv6 reference in Via sent-by", out error);
            i += close + 1;
        }
        else
        {
            i = HostEnd(v, i);
        }

        if (i == hostStart) return ViaError(offset + i, "Via sent-by has no host", out error);
        var host = new ByteRange(offset + hostStart, i - hostStart);
        var port = -1;
        var afterHost = Lws(v, i);
        if (afterHost < v.Length && v[afterHost] == (byte)':')
        {
            i = Lws(v, afterHost + 1);
            if (ReadDigits(v, ref i, 65535, out var number) == 0 || number > 65535)
            {
                error = new SipParseError(SipParseErrorCode.InvalidPort, offset + i, "Via sent-by port is not a number in 0-65535");
                return false;
            }

            port = (int)number;
        }

        var branch = ByteRange.None;
        if (!TryReadParams(v, i, offset, "branch"u8, ',', ref branch, out error)) return false;

        layout.TopVia = new ByteRange(offset, v.Length);
        layout.TopViaTransport = transport;
        layout.TopViaHost = host;
        layout.TopViaPort = port;
        layout.TopViaBranch = branch;
        return true;
    }

    private static bool ViaError(int at, string detail, out SipParseError error)
    {
        error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, at, detail);
        return false;
    }

    /// <summary>
    /// Reads *( SEMI generic-param ) from <paramref name="i"/> up to the end or an unquoted <paramref name="stopAt"/>,
    /// and records the value of the parameter called <paramref name="wanted"/>, given in lower case (RFC 3261 §25.1
    /// generic-param; parameter names compare case-insensitively).
    /// </summary>
    private static bool TryReadParams(
        ReadOnlySpan<byte> v, int i, int offset, ReadOnlySpan<byte> wanted, char stopAt, ref ByteRange found, out SipParseError error)
    {
        while (true)
        {
            i = Lws(v, i);
            if (i >= v.Length || v[i] == (byte)stopAt)
            {
                error = default;
                return true;
            }

            if (v[i] != (byte)';')
            {
                error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, offset + i, "expected ';' before a parameter");
                return false;
            }

            i = Lws(v, i + 1);
            var nameStart = i;
            i = TokenEnd(v, i);
            if (i == nameStart)
            {
                error = new SipParseError(SipParseErrorCode.InvalidParameter, offset + i, "empty parameter name");
                return false;
            }

            var name = v[nameStart..i];
            var valueRange = new ByteRange(offset + i, 0);
            var afterName = Lws(v, i);
            if (afterName < v.Length && v[afterName] == (byte)'=')
            {
                i = Lws(v, afterName + 1);
                var valueStart = i;
                if (i < v.Length && v[i] == (byte)'"')
                {
                    if (!TrySkipQuoted(v, ref i, offset, out error)) return false;
                }
                else if (i < v.Length && v[i] == (byte)'[')
                {
                    var close = v[i..].IndexOf((byte)']');
                    if (close < 0)
                    {
                        error = new SipParseError(SipParseErrorCode.InvalidParameter, offset + i, "unterminated IPv6 reference in a parameter");
                        return false;
                    }

                    i += close + 1;
                }
                else
                {
                    // token, or an IPv6 address without brackets in Via received (RFC 5118 §4.5).
                    i = ParamValueEnd(v, i);
                }

                if (i == valueStart)
                {
                    error = new SipParseError(SipParseErrorCode.InvalidParameter, offset + i, "empty parameter value after '='");
                    return false;
                }

                valueRange = new ByteRange(offset + valueStart, i - valueStart);
            }

            if (!found.IsPresent && TokenEqualsLower(name, wanted)) found = valueRange;
        }
    }

    /// <summary>Skips a quoted-string starting at the DQUOTE at <paramref name="i"/> (RFC 3261 §25.1 quoted-pair aware).</summary>
    private static bool TrySkipQuoted(ReadOnlySpan<byte> v, ref int i, int offset, out SipParseError error)
    {
        var start = i;
        i++;
        while (i < v.Length)
        {
            var b = v[i];
            if (b == (byte)'\\')
            {
                i += 2;
                continue;
            }

            i++;
            if (b == (byte)'"')
            {
                error = default;
                return true;
            }
        }

        // RFC 4475 §3.1.2.6 quotbal.
        error = new SipParseError(SipParseErrorCode.UnterminatedQuotedString, offset + start, "quoted string is not closed");
        i = v.Length;
        return false;
    }

    /// <summary>
    /// Finds the tag parameter of a From or To value (RFC 3261 §20.20, §20.39). In name-addr form the header
    /// parameters follow '&gt;'; in addr-spec form they follow the first ';' (§20.10: a URI with ';' must use
    /// name-addr), so URI parameters are never mistaken for a tag.
    /// </summary>
    private static bool TryFindTag(ReadOnlySpan<byte> v, int offset, out ByteRange tag, out SipParseError error)
    {
        tag = ByteRange.None;
        var i = 0;
        var paramsAt = -1;
        while (i < v.Length)
        {
            var next = v[i..].IndexOfAny((byte)'"', (byte)'<', (byte)';');
            if (next < 0) break;
            i += next;
            var b = v[i];
            if (b == (byte)'"')
            {
                if (!TrySkipQuoted(v, ref i, offset, out error)) return false;
                continue;
            }

            if (b == (byte)'<')
            {
                var close = v[i..].IndexOf((byte)'>');
                if (close < 0)
                {
                    error = new SipParseError(SipParseErrorCode.UnterminatedAngleBracket, offset + i, "'<' without '>'");
                    return false;
                }

                paramsAt = i + close + 1;
                break;
            }

            if (b == (byte)';')
            {
                paramsAt = i;
                break;
            }

            i++;
        }

        if (paramsAt < 0)
        {
            error = default;
            return true;
        }

        return TryReadParams(v, paramsAt, offset, "tag"u8, '\0', ref tag, out error);
    }
}
