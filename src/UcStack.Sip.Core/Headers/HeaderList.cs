using System.Buffers;
using System.Text;

namespace UcStack.Sip;

/// <summary>Comma-separated header values (RFC 3261 §7.3.1: <c>value *(COMMA value)</c>).</summary>
internal static class HeaderList
{
    /// <summary>Most elements accepted in one header line (RFC 4475 §3.1.1.7 longreq has far fewer).</summary>
    internal const int MaxElements = 128;

    internal delegate bool ElementParser<T>(ReadOnlySpan<byte> s, ref int i, out T? item, out SipParseError error)
        where T : class;

    /// <summary>
    /// Parses every element, separated by COMMA = SWS "," SWS. Empty elements are errors (RFC 4475
    /// §3.1.2.1). The destination receives the elements only when the whole value is valid.
    /// </summary>
    internal static bool TryParse<T>(ReadOnlySpan<byte> s, ElementParser<T> parseOne, ICollection<T> into, out SipParseError error)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(into);
        var items = new List<T>(2);
        var i = SipSyntax.SkipLws(s, 0);
        while (true)
        {
            if (i >= s.Length || s[i] == (byte)',')
            {
                error = new SipParseError(SipParseErrorCode.EmptyListElement, i, "empty list element");
                return false;
            }

            if (items.Count >= MaxElements)
            {
                error = new SipParseError(SipParseErrorCode.TooManyListElements, i);
                return false;
            }

            if (!parseOne(s, ref i, out var item, out error)) return false;
            items.Add(item!);
            i = SipSyntax.SkipLws(s, i);
            if (i >= s.Length) break;
            if (s[i] != (byte)',')
            {
                error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, i, "expected ',' or end of value");
                return false;
            }

            i = SipSyntax.SkipLws(s, i + 1);
        }

        foreach (var item in items) into.Add(item);
        error = default;
        return true;
    }

    /// <summary>Parses exactly one element with nothing but LWS after it.</summary>
    internal static bool TryParseOne<T>(ReadOnlySpan<byte> s, ElementParser<T> parseOne, out T? item, out SipParseError error)
        where T : class
    {
        var i = SipSyntax.SkipLws(s, 0);
        if (i >= s.Length)
        {
            item = null;
            error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, i, "empty value");
            return false;
        }

        if (!parseOne(s, ref i, out item, out error) || !HeaderGrammar.ExpectEnd(s, i, out error))
        {
            item = null;
            return false;
        }

        return true;
    }

    internal static void WriteUtf8(string text, IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Encoding.UTF8.GetBytes(text, writer);
    }
}
