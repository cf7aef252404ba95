using System.Buffers;

namespace UcStack.Sip;

/// <summary>
/// Parses the start line and header section of a SIP message (RFC 3261 §7) from one contiguous span into a
/// <see cref="MessageLayout"/> and a header table, without allocating. The body is framed by the callers
/// (datagram or stream rules differ, RFC 3261 §18.3).
/// </summary>
internal static partial class SipMessageParser
{
    /// <summary>Octets that end a line or are forbidden in a header line: every CTL except HTAB (RFC 3261 §25.1).</summary>
    private static readonly SearchValues<byte> LineStops = SearchValues.Create(
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000a\u000b\u000c\u000d\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f\u007f"u8);

    /// <summary>Outcome of <see cref="TryParseHead"/>.</summary>
    internal enum HeadStatus
    {
        /// <summary>The head parsed; the layout and header table are filled.</summary>
        Complete,
        /// <summary>The input ends inside the header section (a stream reader waits for more).</summary>
        Incomplete,
        /// <summary>The head is malformed or exceeds a limit; see the error.</summary>
        Invalid,
    }

    /// <summary>Parses the start line and headers of <paramref name="input"/>, which begins at the start line.</summary>
    /// <param name="input">The bytes; only the first <see cref="SipParserLimits.MaxHeaderSectionBytes"/> are examined.</param>
    /// <param name="limits">Limits to enforce.</param>
    /// <param name="entries">Room for <see cref="SipParserLimits.MaxHeaderCount"/> header entries.</param>
    /// <param name="layout">Receives what was parsed; offsets are relative to <paramref name="input"/>.</param>
    /// <param name="error">The error when the result is <see cref="HeadStatus.Invalid"/>; offsets relative to <paramref name="input"/>.</param>
    internal static HeadStatus TryParseHead(
        ReadOnlySpan<byte> input, SipParserLimits limits, Span<HeaderEntry> entries, ref MessageLayout layout, out SipParseError error)
    {
        // Limits first: never look past the largest allowed header section.
        var maxHead = Math.Max(limits.MaxHeaderSectionBytes, 0);
        var window = input.Length > maxHead ? input[..maxHead] : input;
        var windowIsWholeInput = window.Length == input.Length;

        var scanner = new LineStopScanner(window);
        var lineEnd = FindLineEnd(window, ref scanner, 0, out var stop);
        if (lineEnd < 0)
        {
            return Incomplete(windowIsWholeInput, window.Length, out error);
        }

        // The start line has no quoted-pairs, so no control octet is allowed anywhere in it (RFC 3261 §25.1).
        var control = stop != 0 ? stop - 1 : window[..lineEnd].IndexOfAny(LineStops);
        if (control >= 0)
        {
            error = new SipParseError(SipParseErrorCode.InvalidLineEnding, control, "control octet or bare CR/LF in the start line");
            return HeadStatus.Invalid;
        }

        if (!TryParseStartLine(window[..lineEnd], ref layout, out error)) return HeadStatus.Invalid;

        var pos = lineEnd + 2;
        var count = 0;
        while (true)
        {
            if (pos + 2 > window.Length)
            {
                return Incomplete(windowIsWholeInput, window.Length, out error);
            }

            if (window[pos] == (byte)'\r' && window[pos + 1] == (byte)'\n')
            {
                pos += 2;
                break;
            }

            var status = TryParseHeaderLine(window, ref scanner, pos, limits, out var entry, out var next, out error);
            if (status == HeadStatus.Incomplete)
            {
                return Incomplete(windowIsWholeInput, window.Length, out error);
            }

            if (status == HeadStatus.Invalid) return status;

            if (count >= limits.MaxHeaderCount || count >= entries.Length)
            {
                error = new SipParseError(SipParseErrorCode.TooManyHeaders, pos, "more header fields than the limit allows");
                return HeadStatus.Invalid;
            }

            entries[count++] = entry;
            if (entry.Id != KnownHeader.Unknown && !TryExtract(window, entry, ref layout, out error)) return HeadStatus.Invalid;
            pos = next;
        }

        layout.HeaderCount = count;
        layout.HeaderSectionLength = pos;
        if (!TryCheckMandatory(window, ref layout, pos, out error)) return HeadStatus.Invalid;
        return HeadStatus.Complete;
    }

    private static HeadStatus Incomplete(bool windowIsWholeInput, int windowLength, out SipParseError error)
    {
        if (windowIsWholeInput)
        {
            error = new SipParseError(SipParseErrorCode.Truncated, windowLength, "the header section is not closed by an empty line");
            return HeadStatus.Incomplete;
        }

        error = new SipParseError(SipParseErrorCode.HeaderSectionTooLarge, windowLength, "no empty line within the header-section limit");
        return HeadStatus.Invalid;
    }

    /// <summary>
    /// Finds the CRLF that ends the line starting at <paramref name="from"/> (not following folds).
    /// Returns its index, or -1 when the window ends first. <paramref name="stop"/> is 0, or one more than the
    /// index of a forbidden octet (a bare CR or LF, or a CTL not escaped by a backslash).
    /// </summary>
    private static int FindLineEnd(ReadOnlySpan<byte> s, ref LineStopScanner scanner, int from, out int stop)
    {
        stop = 0;
        var i = from;
        while (true)
        {
            i = scanner.Next(i);
            if (i < 0) return -1;
            var b = s[i];
            if (b == (byte)'\r')
            {
                if (i + 1 >= s.Length) return -1;
                if (s[i + 1] == (byte)'\n') return i;
                stop = i + 1;
                return i;
            }

            // RFC 3261 §25.1: quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F) lets a quoted string carry
            // other control octets (RFC 4475 §3.1.1.2 intmeth); anywhere else they are forbidden.
            if (b != (byte)'\n' && i > from && s[i - 1] == (byte)'\\')
            {
                i++;
                continue;
            }

            stop = i + 1;
            return i;
        }
    }

    /// <summary>Parses one header field (with continuation lines) starting at <paramref name="pos"/>.</summary>
    private static HeadStatus TryParseHeaderLine(
        ReadOnlySpan<byte> s, ref LineStopScanner scanner, int pos, SipParserLimits limits, out HeaderEntry entry, out int next, out SipParseError error)
    {
        entry = default;
        error = default;
        next = pos;
        var i = pos;
        while ((uint)i < (uint)s.Length && SipSyntax.IsToken(s[i])) i++;
        var nameEnd = i;

        // RFC 3261 §7.3.1 / §25.1: HCOLON = *( SP / HTAB ) ":" SWS.
        while (i < s.Length && SipSyntax.IsWsp(s[i])) i++;
        if (i >= s.Length) return HeadStatus.Incomplete;
        if (nameEnd == pos || s[i] != (byte)':')
        {
            var detail = nameEnd == pos ? "header line does not start with a field name" : "header field name not followed by a colon";
            error = new SipParseError(SipParseErrorCode.InvalidHeaderLine, nameEnd == pos ? pos : i, detail);
            return HeadStatus.Invalid;
        }

        if (nameEnd - pos > ushort.MaxValue)
        {
            error = new SipParseError(SipParseErrorCode.HeaderTooLong, pos, "header field name too long");
            return HeadStatus.Invalid;
        }

        var valueFrom = i + 1;
        var scan = valueFrom;
        int lineEnd;
        while (true)
        {
            lineEnd = FindLineEnd(s, ref scanner, scan, out var stop);
            if (lineEnd < 0) return HeadStatus.Incomplete;
            if (stop != 0)
            {
                error = new SipParseError(SipParseErrorCode.InvalidLineEnding, stop - 1, "control octet or bare CR/LF in a header field");
                return HeadStatus.Invalid;
            }

            // A line that starts with SP or HTAB continues the previous one (RFC 3261 §7.3.1 folding).
            if (lineEnd + 2 >= s.Length) return HeadStatus.Incomplete;
            if (!SipSyntax.IsWsp(s[lineEnd + 2])) break;
            scan = lineEnd + 3;
        }

        if (lineEnd - pos > limits.MaxHeaderBytes)
        {
            error = new SipParseError(SipParseErrorCode.HeaderTooLong, pos, "header field longer than the limit");
            return HeadStatus.Invalid;
        }

        var valueStart = Lws(s[..lineEnd], valueFrom);
        var value = SipSyntax.TrimEndLws(s[valueStart..lineEnd]);
        entry = new HeaderEntry
        {
            NameStart = pos,
            NameLength = (ushort)(nameEnd - pos),
            Id = SipHeaderNames.Identify(s[pos..nameEnd]),
            ValueStart = valueStart,
            ValueLength = value.Length,
        };
        next = lineEnd + 2;
        return HeadStatus.Complete;
    }

    /// <summary>RFC 3261 §8.1.1: To, From, CSeq, Call-ID and Via are mandatory (Max-Forwards is checked by validation,
    /// so RFC 2543 requests without it still parse, RFC 4475 §3.4.1); §8.1.1.5: the CSeq method matches the request's.</summary>
    private static bool TryCheckMandatory(ReadOnlySpan<byte> s, ref MessageLayout layout, int headEnd, out SipParseError error)
    {
        string? missing = null;
        if (!layout.TopVia.IsPresent) missing = "Via";
        else if (!layout.From.IsPresent) missing = "From";
        else if (!layout.To.IsPresent) missing = "To";
        else if (!layout.CallId.IsPresent) missing = "Call-ID";
        else if (layout.CSeqNumber < 0) missing = "CSeq";
        if (missing is not null)
        {
            error = new SipParseError(SipParseErrorCode.MissingHeader, headEnd, string.Concat("no ", missing, " header"));
            return false;
        }

        // RFC 3261 §8.1.1.5 / RFC 4475 §3.1.2.17-18: a request's CSeq method must equal its Request-Line method.
        if (layout.IsRequest && !layout.CSeqMethod.Of(s).SequenceEqual(layout.Method.Of(s)))
        {
            error = new SipParseError(SipParseErrorCode.CSeqMethodMismatch, layout.CSeqMethod.Start, "CSeq method differs from the Request-Line method");
            return false;
        }

        error = default;
        return true;
    }
}
