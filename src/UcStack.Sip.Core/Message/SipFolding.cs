namespace UcStack.Sip;

/// <summary>Line unfolding for header values (RFC 3261 §7.3.1).</summary>
internal static class SipFolding
{
    /// <summary>
    /// Copies <paramref name="raw"/> to <paramref name="destination"/> replacing each fold — whitespace, CRLF and
    /// the whitespace that starts the continuation line — by one SP (RFC 3261 §7.3.1: a folded line is
    /// equivalent to a single SP). Writes exactly <see cref="CollapsedLength"/> bytes.
    /// </summary>
    internal static int Collapse(ReadOnlySpan<byte> raw, Span<byte> destination) => Run(raw, destination, measureOnly: false);

    /// <summary>The length <see cref="Collapse"/> produces, without writing.</summary>
    internal static int CollapsedLength(ReadOnlySpan<byte> raw)
        => raw.IndexOf((byte)'\r') < 0 ? raw.Length : Run(raw, default, measureOnly: true);

    private static int Run(ReadOnlySpan<byte> raw, Span<byte> destination, bool measureOnly)
    {
        var n = 0;
        var i = 0;
        while (i < raw.Length)
        {
            // Find the end of a whitespace run, then decide whether it is part of a fold.
            var j = i;
            while (j < raw.Length && SipSyntax.IsWsp(raw[j])) j++;
            if (j + 1 < raw.Length && raw[j] == (byte)'\r' && raw[j + 1] == (byte)'\n')
            {
                // Whitespace runs and folds may alternate (a continuation line of only whitespace): one SP in all.
                j += 2;
                while (true)
                {
                    while (j < raw.Length && SipSyntax.IsWsp(raw[j])) j++;
                    if (j + 1 < raw.Length && raw[j] == (byte)'\r' && raw[j + 1] == (byte)'\n') j += 2;
                    else break;
                }

                if (!measureOnly) destination[n] = (byte)' ';
                n++;
                i = j;
                continue;
            }

            if (j == i)
            {
                var next = raw[i..].IndexOfAny((byte)' ', (byte)'\t', (byte)'\r');
                j = next <= 0 ? (next < 0 ? raw.Length : i + 1) : i + next;
            }

            if (!measureOnly) raw[i..j].CopyTo(destination[n..]);
            n += j - i;
            i = j;
        }

        return n;
    }
}
