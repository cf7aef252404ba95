using System.Text;

namespace UcStack.Sip;

public static partial class SipHeaderValues
{
    /// <summary>Deepest nesting of comments accepted in Retry-After, so a hostile value cannot recurse without bound.</summary>
    private const int MaxCommentDepth = 8;

    private static readonly string[] WeekDays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>
    /// Parses <c>Retry-After = delta-seconds [ comment ] *( SEMI retry-param )</c>; retry-param =
    /// ("duration" EQUAL delta-seconds) / generic-param.
    /// </summary>
    /// <remarks>
    /// RFC 4475 §3.1.2.5 (scalarlg) asks that an unreasonably large value be rejected. Our bound is the
    /// delta-seconds range, 2^32-1 seconds (about 136 years): anything larger cannot be represented and is
    /// <see cref="SipParseErrorCode.ValueOutOfRange"/>. Callers wanting a tighter policy clamp the result.
    /// </remarks>
    /// <param name="value">The header value.</param>
    /// <param name="seconds">The delay in seconds.</param>
    /// <param name="error">What was wrong and where.</param>
    /// <returns><see langword="true"/> when the value is valid.</returns>
    public static bool TryParseRetryAfter(ReadOnlySpan<byte> value, out uint seconds, out SipParseError error)
    {
        var i = SipSyntax.SkipLws(value, 0);
        if (!HeaderGrammar.TryReadUInt32(value, i, out var end, out seconds, out error)) return false;
        i = SipSyntax.SkipLws(value, end);
        if (i < value.Length && value[i] == (byte)'(')
        {
            if (!TrySkipComment(value, i, out end, out error)) return false;
            i = end;
        }

        var parameters = new SipParameters();
        if (!HeaderGrammar.TryParseParameters(value, ref i, parameters, requireValue: false, ValidateRetryParam, out error)) return false;
        return HeaderGrammar.ExpectEnd(value, i, out error);
    }

    private static SipParseErrorCode ValidateRetryParam(string name, string? value) =>
        name.Equals("duration", StringComparison.OrdinalIgnoreCase) ? ParameterRules.TryParseDelta(value, out _) : SipParseErrorCode.None;

    /// <summary>comment = LPAREN *(ctext / quoted-pair / comment) RPAREN (RFC 3261 §25.1).</summary>
    private static bool TrySkipComment(ReadOnlySpan<byte> s, int start, out int end, out SipParseError error)
    {
        var depth = 0;
        var j = start;
        while (j < s.Length)
        {
            var b = s[j];
            if (b == (byte)'(')
            {
                if (++depth > MaxCommentDepth)
                {
                    end = j;
                    error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, j, "comment nested too deeply");
                    return false;
                }
            }
            else if (b == (byte)')')
            {
                if (--depth == 0)
                {
                    end = j + 1;
                    error = default;
                    return true;
                }
            }
            else if (b == (byte)'\\' && j + 1 < s.Length && s[j + 1] is not ((byte)'\r' or (byte)'\n'))
            {
                j++;
            }
            else if ((b < 0x20 && b != (byte)'\t' && b != (byte)'\r' && b != (byte)'\n') || b == 0x7F)
            {
                end = j;
                error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, j, "control octet in comment");
                return false;
            }

            j++;
        }

        end = j;
        error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, start, "unterminated comment");
        return false;
    }

    /// <summary>Parses <c>Warning = warning-value *(COMMA warning-value)</c>; warning-value = warn-code SP warn-agent SP warn-text.</summary>
    /// <param name="value">The header value.</param>
    /// <param name="into">Receives the warnings in order, only if the whole value is valid.</param>
    /// <param name="error">What was wrong and where; a warn-code of more than three digits gives
    /// <see cref="SipParseErrorCode.ValueOutOfRange"/> (RFC 4475 §3.1.2.5 scalarlg).</param>
    /// <returns><see langword="true"/> when the value is valid.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="into"/> is null.</exception>
    public static bool TryParseWarning(ReadOnlySpan<byte> value, ICollection<SipWarning> into, out SipParseError error)
    {
        ArgumentNullException.ThrowIfNull(into);
        var items = new List<SipWarning>(1);
        var i = SipSyntax.SkipLws(value, 0);
        while (true)
        {
            if (items.Count >= HeaderList.MaxElements)
            {
                error = new SipParseError(SipParseErrorCode.TooManyListElements, i);
                return false;
            }

            if (!TryParseWarningValue(value, ref i, out var warning, out error)) return false;
            items.Add(warning);
            i = SipSyntax.SkipLws(value, i);
            if (i >= value.Length) break;
            if (value[i] != (byte)',')
            {
                error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, i, "expected ','");
                return false;
            }

            i = SipSyntax.SkipLws(value, i + 1);
        }

        foreach (var w in items) into.Add(w);
        return true;
    }

    private static bool TryParseWarningValue(ReadOnlySpan<byte> s, ref int i, out SipWarning warning, out SipParseError error)
    {
        warning = default;
        var start = i;
        while (i < s.Length && SipSyntax.IsDigit(s[i])) i++;
        if (i - start != 3)
        {
            // warn-code = 3DIGIT
            var code = i - start > 3 ? SipParseErrorCode.ValueOutOfRange : SipParseErrorCode.InvalidHeaderValue;
            error = new SipParseError(code, start, "warn-code must be three digits");
            return false;
        }

        var warnCode = ((s[start] - '0') * 100) + ((s[start + 1] - '0') * 10) + (s[start + 2] - '0');
        if (i >= s.Length || s[i] != (byte)' ')
        {
            error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, i, "expected SP after warn-code");
            return false;
        }

        // warn-agent = hostport / pseudonym
        var agentStart = ++i;
        while (i < s.Length && s[i] is not ((byte)' ' or (byte)'\t' or (byte)',' or (byte)'\r' or (byte)'"')) i++;
        var agent = s[agentStart..i];
        if (!IsWarnAgent(agent))
        {
            error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, agentStart, "warn-agent must be hostport or a token");
            return false;
        }

        if (i >= s.Length || s[i] != (byte)' ' || i + 1 >= s.Length || s[i + 1] != (byte)'"')
        {
            error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, i, "expected SP and a quoted warn-text");
            return false;
        }

        var textStart = i + 1;
        if (!HeaderGrammar.TryReadQuotedString(s, textStart, out i, out error)) return false;
        warning = new SipWarning(warnCode, Encoding.ASCII.GetString(agent), HeaderGrammar.Unquote(s[textStart..i]));
        return true;
    }

    private static bool IsWarnAgent(ReadOnlySpan<byte> agent)
    {
        if (SipSyntax.IsToken(agent)) return true;
        var hostEnd = agent.Length;
        if (agent.Length > 0 && agent[0] == (byte)'[')
        {
            var close = agent.IndexOf((byte)']');
            hostEnd = close < 0 ? agent.Length : close + 1;
        }
        else if (agent.IndexOf((byte)':') is var c and >= 0)
        {
            hostEnd = c;
        }

        if (!HostSyntax.TryClassify(agent[..hostEnd], out _, out _)) return false;
        if (hostEnd == agent.Length) return true;
        return agent[hostEnd] == (byte)':' && SipUri.TryParsePort(agent, hostEnd + 1, out var end, out _, out _) && end == agent.Length;
    }

    /// <summary>
    /// Parses <c>SIP-date = wkday "," SP date1 SP time SP "GMT"</c> (RFC 3261 §20.17, RFC 1123 form).
    /// Only GMT is allowed (RFC 4475 §3.1.2.12 baddate: "EST" is rejected).
    /// </summary>
    /// <remarks>The weekday is checked for form, not against the date, as RFC 3261 gives no rule for a mismatch.</remarks>
    /// <param name="value">The header value.</param>
    /// <param name="date">The instant, with offset zero.</param>
    /// <param name="error">What was wrong and where.</param>
    /// <returns><see langword="true"/> when the value is valid.</returns>
    public static bool TryParseDate(ReadOnlySpan<byte> value, out DateTimeOffset date, out SipParseError error)
    {
        date = default;
        var s = value[SipSyntax.SkipLws(value, 0)..];
        var baseOffset = value.Length - s.Length;
        s = SipSyntax.TrimEndLws(s);

        // "Sun, 06 Nov 1994 08:49:37 GMT" is exactly 29 octets. Checking a zero-padded copy field by field
        // reports the first wrong field even in a short value.
        Span<byte> d = stackalloc byte[29];
        d.Clear();
        s[..Math.Min(29, s.Length)].CopyTo(d);
        var wkday = IndexOfName(WeekDays, d[..3]);
        if (wkday < 0) return DateError(baseOffset, "bad weekday", out error);
        if (d[3] != (byte)',' || d[4] != (byte)' ') return DateError(baseOffset + 3, "expected \", \"", out error);
        if (!TwoDigits(d, 5, out var day) || d[7] != (byte)' ') return DateError(baseOffset + 5, "bad day", out error);
        var month = IndexOfName(Months, d.Slice(8, 3));
        if (month < 0 || d[11] != (byte)' ') return DateError(baseOffset + 8, "bad month", out error);
        if (!TwoDigits(d, 12, out var y1) || !TwoDigits(d, 14, out var y2) || d[16] != (byte)' ') return DateError(baseOffset + 12, "bad year", out error);
        var year = (y1 * 100) + y2;
        if (!TwoDigits(d, 17, out var hour) || d[19] != (byte)':' || !TwoDigits(d, 20, out var minute) || d[22] != (byte)':'
            || !TwoDigits(d, 23, out var second) || hour > 23 || minute > 59 || second > 59)
        {
            return DateError(baseOffset + 17, "bad time", out error);
        }

        if (d[25] != (byte)' ' || !d.Slice(26, 3).SequenceEqual("GMT"u8))
        {
            return DateError(baseOffset + 25, "time zone must be GMT", out error);
        }

        if (s.Length != 29) return DateError(baseOffset + 29, "unexpected octets after the date", out error);
        if (year < 1 || day < 1 || day > DateTime.DaysInMonth(year, month + 1)) return DateError(baseOffset + 5, "no such date", out error);
        date = new DateTimeOffset(year, month + 1, day, hour, minute, second, TimeSpan.Zero);
        error = default;
        return true;
    }

    private static bool DateError(int offset, string detail, out SipParseError error)
    {
        error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, offset, detail);
        return false;
    }

    private static int IndexOfName(string[] names, ReadOnlySpan<byte> s)
    {
        for (var i = 0; i < names.Length; i++)
        {
            var n = names[i];
            if (s.Length == 3 && s[0] == n[0] && s[1] == n[1] && s[2] == n[2]) return i;
        }

        return -1;
    }

    private static bool TwoDigits(ReadOnlySpan<byte> s, int i, out int v)
    {
        v = 0;
        if (!SipSyntax.IsDigit(s[i]) || !SipSyntax.IsDigit(s[i + 1])) return false;
        v = ((s[i] - '0') * 10) + (s[i + 1] - '0');
        return true;
    }
}
