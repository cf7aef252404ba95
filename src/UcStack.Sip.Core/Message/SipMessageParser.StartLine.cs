using System.Text;

namespace UcStack.Sip;

internal static partial class SipMessageParser
{
    /// <summary>Parses a Request-Line or Status-Line (without its CRLF). Offsets are relative to the line start,
    /// which is the message start.</summary>
    private static bool TryParseStartLine(ReadOnlySpan<byte> line, ref MessageLayout layout, out SipParseError error)
    {
        // A method is a token and cannot contain '/', so "SIP/" can only begin a Status-Line.
        if (line.Length >= 4 && line[3] == (byte)'/' && Ascii.EqualsIgnoreCase(line[..3], "SIP"u8))
        {
            return TryParseStatusLine(line, ref layout, out error);
        }

        return TryParseRequestLine(line, ref layout, out error);
    }

    /// <summary>RFC 3261 §7.1: Request-Line = Method SP Request-URI SP SIP-Version CRLF, with exactly one SP
    /// between the elements (RFC 4475 §3.1.2.9 lwsstart, §3.1.2.10 trws).</summary>
    private static bool TryParseRequestLine(ReadOnlySpan<byte> line, ref MessageLayout layout, out SipParseError error)
    {
        var firstSp = line.IndexOfAny((byte)' ', (byte)'\t');
        if (firstSp <= 0)
        {
            error = new SipParseError(SipParseErrorCode.InvalidStartLine, Math.Max(firstSp, 0), "Request-Line needs a method followed by SP");
            return false;
        }

        for (var i = 0; i < firstSp; i++)
        {
            if (!SipSyntax.IsToken(line[i]))
            {
                error = new SipParseError(SipParseErrorCode.InvalidMethod, i, "method is not a token");
                return false;
            }
        }

        if (line[firstSp] != (byte)' ')
        {
            error = new SipParseError(SipParseErrorCode.InvalidStartLine, firstSp, "Request-Line elements are separated by SP");
            return false;
        }

        var lastSp = line.LastIndexOf((byte)' ');
        if (lastSp == firstSp)
        {
            error = new SipParseError(SipParseErrorCode.InvalidStartLine, line.Length, "Request-Line has no SIP-Version");
            return false;
        }

        if (lastSp == line.Length - 1)
        {
            error = new SipParseError(SipParseErrorCode.InvalidStartLine, lastSp, "whitespace after the SIP-Version");
            return false;
        }

        var uriStart = firstSp + 1;
        var uri = line[uriStart..lastSp];
        if (uri.IsEmpty)
        {
            // "INVITE  SIP/2.0": the two SPs are adjacent, so there is no Request-URI between them.
            error = new SipParseError(SipParseErrorCode.InvalidStartLine, uriStart, "Request-Line has no Request-URI");
            return false;
        }

        if (SipSyntax.IsWsp(uri[0]) || SipSyntax.IsWsp(uri[^1]))
        {
            var at = SipSyntax.IsWsp(uri[0]) ? uriStart : lastSp - 1;
            error = new SipParseError(SipParseErrorCode.InvalidStartLine, at, "more than one SP between Request-Line elements");
            return false;
        }

        if (!TryParseVersion(line[(lastSp + 1)..], lastSp + 1, out error)) return false;
        if (!TryCheckRequestUri(uri, uriStart, out error)) return false;

        layout.IsRequest = true;
        layout.Method = new ByteRange(0, firstSp);
        layout.MethodKind = SipMethods.Identify(line[..firstSp]);
        layout.RequestUri = new ByteRange(uriStart, uri.Length);
        return true;
    }

    /// <summary>The checks on a Request-URI that need no URI parser; the full grammar is checked lazily.</summary>
    private static bool TryCheckRequestUri(ReadOnlySpan<byte> uri, int offset, out SipParseError error)
    {
        // RFC 4475 §3.1.2.8 lwsruri: no whitespace inside the Request-URI.
        var ws = uri.IndexOfAny((byte)' ', (byte)'\t');
        if (ws >= 0)
        {
            error = new SipParseError(SipParseErrorCode.InvalidRequestUri, offset + ws, "whitespace inside the Request-URI");
            return false;
        }

        // RFC 3261 §7.1: the Request-URI is never enclosed in "<>" (RFC 4475 §3.1.2.7 ltgtruri).
        if (uri[0] == (byte)'<')
        {
            error = new SipParseError(SipParseErrorCode.InvalidRequestUri, offset, "Request-URI must not be enclosed in angle brackets");
            return false;
        }

        // RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":".
        var colon = uri.IndexOf((byte)':');
        var schemeOk = colon > 0 && char.IsAsciiLetter((char)uri[0]);
        for (var i = 1; schemeOk && i < colon; i++)
        {
            var c = (char)uri[i];
            schemeOk = char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.';
        }

        if (!schemeOk)
        {
            error = new SipParseError(SipParseErrorCode.InvalidRequestUri, offset, "Request-URI has no scheme");
            return false;
        }

        // RFC 3261 §19.1.1 (table 1): headers are not allowed in a SIP/SIPS Request-URI (RFC 4475 §3.1.2.11 escruri).
        // The user part may contain '?' (user-unreserved, RFC 4475 §3.1.1.2 intmeth), so look after the '@'.
        var scheme = uri[..colon];
        if (Ascii.EqualsIgnoreCase(scheme, "sip"u8) || Ascii.EqualsIgnoreCase(scheme, "sips"u8))
        {
            var hostStart = uri.LastIndexOf((byte)'@') + 1;
            if (hostStart == 0) hostStart = colon + 1;
            var question = uri[hostStart..].IndexOf((byte)'?');
            if (question >= 0)
            {
                error = new SipParseError(SipParseErrorCode.InvalidRequestUri, offset + hostStart + question, "headers in a SIP Request-URI");
                return false;
            }
        }

        error = default;
        return true;
    }

    /// <summary>RFC 3261 §7.2: Status-Line = SIP-Version SP Status-Code SP Reason-Phrase CRLF.</summary>
    private static bool TryParseStatusLine(ReadOnlySpan<byte> line, ref MessageLayout layout, out SipParseError error)
    {
        var sp = line.IndexOf((byte)' ');
        if (sp < 0)
        {
            error = new SipParseError(SipParseErrorCode.InvalidStartLine, line.Length, "Status-Line needs SP after the SIP-Version");
            return false;
        }

        if (!TryParseVersion(line[..sp], 0, out error)) return false;

        // Status-Code = 3DIGIT in 100-699 (RFC 4475 §3.1.2.19 bigcode), then SP.
        var codeStart = sp + 1;
        if (line.Length < codeStart + 4 || line[codeStart + 3] != (byte)' ')
        {
            error = new SipParseError(SipParseErrorCode.InvalidStatusCode, codeStart, "Status-Code must be three digits followed by SP");
            return false;
        }

        var code = 0;
        for (var i = codeStart; i < codeStart + 3; i++)
        {
            if (!SipSyntax.IsDigit(line[i]))
            {
                error = new SipParseError(SipParseErrorCode.InvalidStatusCode, i, "Status-Code must be three digits");
                return false;
            }

            code = (code * 10) + (line[i] - '0');
        }

        if (code is < 100 or > 699)
        {
            error = new SipParseError(SipParseErrorCode.InvalidStatusCode, codeStart, "Status-Code outside 100-699");
            return false;
        }

        // Reason-Phrase: any text without CTLs other than HTAB, UTF-8 allowed and possibly empty (RFC 4475
        // §3.1.1.12-13). CTLs were already refused while finding the line end.
        layout.IsRequest = false;
        layout.StatusCode = code;
        layout.ReasonPhrase = new ByteRange(codeStart + 4, line.Length - (codeStart + 4));
        error = default;
        return true;
    }

    /// <summary>SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT; only 2.0 is supported (RFC 4475 §3.1.2.16 badvers).</summary>
    private static bool TryParseVersion(ReadOnlySpan<byte> version, int offset, out SipParseError error)
    {
        if (version.Length == 7 && Ascii.EqualsIgnoreCase(version[..3], "SIP"u8) && version[3..].SequenceEqual("/2.0"u8))
        {
            error = default;
            return true;
        }

        var wellFormed = version.Length >= 7 && Ascii.EqualsIgnoreCase(version[..4], "SIP/"u8);
        if (wellFormed)
        {
            var dot = version[4..].IndexOf((byte)'.');
            wellFormed = dot > 0 && dot < version.Length - 5
                && version[4..(4 + dot)].IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0
                && version[(5 + dot)..].IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;
        }

        error = wellFormed
            ? new SipParseError(SipParseErrorCode.UnsupportedVersion, offset, "only SIP/2.0 is supported")
            : new SipParseError(SipParseErrorCode.InvalidStartLine, offset, "malformed SIP-Version");
        return false;
    }
}
