using System.Text;

namespace UcStack.Sip;

/// <summary>
/// Parsers for the header values that are a single number, token list or word: Supported/Require/
/// Proxy-Require/Unsupported, Max-Forwards, Expires/Min-Expires, Content-Length, Call-ID, Retry-After,
/// Warning and Date (RFC 3261 §20, §25.1). Inputs are the raw value octets after the colon; error offsets
/// are relative to them. None of these methods throws.
/// </summary>
public static partial class SipHeaderValues
{
    /// <summary>Parses <c>option-tag *(COMMA option-tag)</c>; an empty value gives no tags (Supported allows that).</summary>
    /// <param name="value">The header value.</param>
    /// <param name="into">Receives the tags in order, only if the whole value is valid.</param>
    /// <param name="error">What was wrong and where.</param>
    /// <returns><see langword="true"/> when the value is valid.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="into"/> is null.</exception>
    public static bool TryParseOptionTags(ReadOnlySpan<byte> value, ICollection<string> into, out SipParseError error)
    {
        ArgumentNullException.ThrowIfNull(into);
        var tags = new List<string>(2);
        var i = SipSyntax.SkipLws(value, 0);
        while (i < value.Length)
        {
            var end = HeaderGrammar.ReadToken(value, i);
            if (end == i)
            {
                error = new SipParseError(value[i] == (byte)',' ? SipParseErrorCode.EmptyListElement : SipParseErrorCode.InvalidHeaderValue, i, "option-tag must be a token");
                return false;
            }

            if (tags.Count >= HeaderList.MaxElements)
            {
                error = new SipParseError(SipParseErrorCode.TooManyListElements, i);
                return false;
            }

            tags.Add(Encoding.ASCII.GetString(value[i..end]));
            i = SipSyntax.SkipLws(value, end);
            if (i >= value.Length) break;
            if (value[i] != (byte)',')
            {
                error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, i, "expected ','");
                return false;
            }

            i = SipSyntax.SkipLws(value, i + 1);
            if (i >= value.Length)
            {
                error = new SipParseError(SipParseErrorCode.EmptyListElement, i, "empty list element");
                return false;
            }
        }

        foreach (var t in tags) into.Add(t);
        error = default;
        return true;
    }

    /// <summary>Parses <c>Max-Forwards = 1*DIGIT</c> in 0–255 (leading zeros allowed, RFC 4475 §3.1.1.1).</summary>
    /// <param name="value">The header value.</param>
    /// <param name="maxForwards">The hop count.</param>
    /// <param name="error">What was wrong and where; above 255 gives <see cref="SipParseErrorCode.ValueOutOfRange"/> (RFC 4475 §3.1.2.4).</param>
    /// <returns><see langword="true"/> when the value is valid.</returns>
    public static bool TryParseMaxForwards(ReadOnlySpan<byte> value, out int maxForwards, out SipParseError error)
    {
        maxForwards = 0;
        if (!TryParseNumber(value, out var v, out var start, out error)) return false;
        if (v > 255)
        {
            // RFC 3261 §20.22 gives the range 0-255 (§8.1.1.6 recommends 70 as the initial value).
            error = new SipParseError(SipParseErrorCode.ValueOutOfRange, start, "Max-Forwards above 255");
            return false;
        }

        maxForwards = (int)v;
        return true;
    }

    /// <summary>Parses <c>delta-seconds = 1*DIGIT</c> (Expires, Min-Expires).</summary>
    /// <param name="value">The header value.</param>
    /// <param name="seconds">The number of seconds.</param>
    /// <param name="error">What was wrong and where; above 2^32-1 gives <see cref="SipParseErrorCode.ValueOutOfRange"/> (RFC 4475 §3.1.2.4).</param>
    /// <returns><see langword="true"/> when the value is valid.</returns>
    public static bool TryParseDeltaSeconds(ReadOnlySpan<byte> value, out uint seconds, out SipParseError error) =>
        TryParseNumber(value, out seconds, out _, out error);

    /// <summary>Parses <c>Content-Length = 1*DIGIT</c>.</summary>
    /// <param name="value">The header value.</param>
    /// <param name="length">The body length in octets.</param>
    /// <param name="error">What was wrong and where: <see cref="SipParseErrorCode.InvalidContentLength"/> for anything but
    /// digits (a negative number included, RFC 4475 §3.1.2.3), <see cref="SipParseErrorCode.ValueOutOfRange"/> above
    /// <see cref="int.MaxValue"/>.</param>
    /// <returns><see langword="true"/> when the value is valid.</returns>
    public static bool TryParseContentLength(ReadOnlySpan<byte> value, out int length, out SipParseError error)
    {
        length = 0;
        if (!TryParseNumber(value, out var v, out var start, out error))
        {
            if (error.Code != SipParseErrorCode.ValueOutOfRange) error = new SipParseError(SipParseErrorCode.InvalidContentLength, error.Offset, error.Detail);
            return false;
        }

        if (v > int.MaxValue)
        {
            error = new SipParseError(SipParseErrorCode.ValueOutOfRange, start, "Content-Length too large");
            return false;
        }

        length = (int)v;
        return true;
    }

    /// <summary>Checks <c>callid = word [ "@" word ]</c>.</summary>
    /// <param name="value">The header value.</param>
    /// <param name="error">What was wrong and where.</param>
    /// <returns><see langword="true"/> when the value is a valid Call-ID.</returns>
    public static bool TryParseCallId(ReadOnlySpan<byte> value, out SipParseError error) =>
        TryParseCallId(value, out _, out error);

    /// <summary>Parses <c>callid = word [ "@" word ]</c> and returns it without surrounding LWS.</summary>
    /// <param name="value">The header value.</param>
    /// <param name="callId">The Call-ID (compared case-sensitively, RFC 3261 §20.8).</param>
    /// <param name="error">What was wrong and where.</param>
    /// <returns><see langword="true"/> when the value is a valid Call-ID.</returns>
    public static bool TryParseCallId(ReadOnlySpan<byte> value, out string callId, out SipParseError error)
    {
        callId = string.Empty;
        var i = SipSyntax.SkipLws(value, 0);
        var start = i;
        var end = ReadWord(value, i);
        if (end == i)
        {
            error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, i, "Call-ID must be word [@ word]");
            return false;
        }

        if (end < value.Length && value[end] == (byte)'@')
        {
            var second = ReadWord(value, end + 1);
            if (second == end + 1)
            {
                error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, end + 1, "expected a word after '@'");
                return false;
            }

            end = second;
        }

        if (!HeaderGrammar.ExpectEnd(value, end, out error)) return false;
        callId = Encoding.ASCII.GetString(value[start..end]);
        return true;
    }

    private static int ReadWord(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && SipSyntax.Is(s[i], SipSyntax.CharClass.Word)) i++;
        return i;
    }

    /// <summary>Reads 1*DIGIT surrounded by optional LWS and nothing else.</summary>
    private static bool TryParseNumber(ReadOnlySpan<byte> value, out uint number, out int start, out SipParseError error)
    {
        start = SipSyntax.SkipLws(value, 0);
        if (!HeaderGrammar.TryReadUInt32(value, start, out var end, out number, out error)) return false;
        return HeaderGrammar.ExpectEnd(value, end, out error);
    }
}
