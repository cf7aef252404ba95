using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace UcStack.Tls;

/// <summary>Normalises DNS names for comparison: IDNA A-labels, lower case, no trailing dot.</summary>
internal static class TlsDnsName
{
    // RFC 1035 §2.3.4: a name is at most 255 octets on the wire, 253 characters in text form.
    internal const int MaxLength = 253;

    /// <summary>Converts <paramref name="name"/> to its comparable ASCII form.</summary>
    /// <param name="name">A host name, possibly with U-labels, upper case or a trailing dot.</param>
    /// <param name="allowWildcard">Whether a leading <c>*.</c> label is accepted (kept as is).</param>
    /// <param name="normalized">The lower-case A-label form, or null.</param>
    /// <param name="problem">Why the name was refused, or null.</param>
    internal static bool TryNormalize(
        string? name,
        bool allowWildcard,
        [NotNullWhen(true)] out string? normalized,
        [NotNullWhen(false)] out string? problem)
    {
        normalized = null;
        if (string.IsNullOrWhiteSpace(name))
        {
            problem = "the name is empty";
            return false;
        }

        var text = name.Trim();
        if (text.EndsWith('.'))
        {
            // An absolute name with its root dot names the same host.
            text = text[..^1];
        }

        var wildcard = false;
        if (text.StartsWith("*.", StringComparison.Ordinal))
        {
            if (!allowWildcard)
            {
                problem = "a wildcard is not allowed here";
                return false;
            }

            wildcard = true;
            text = text[2..];
        }

        if (text.Contains('*', StringComparison.Ordinal))
        {
            // RFC 6125 §7.2: only a complete left-most label may be a wildcard.
            problem = "'*' is allowed only as the whole left-most label";
            return false;
        }

        if (text.Length == 0 || text.Length > MaxLength)
        {
            problem = $"the name must have 1 to {MaxLength} characters";
            return false;
        }

        string ascii;
        try
        {
            // RFC 5890/5891 (IDNA2008 via UTS #46 in ICU): compare A-labels, so "bücher.example" and
            // "xn--bcher-kva.example" are the same name.
            var idn = new IdnMapping { UseStd3AsciiRules = true, AllowUnassigned = false };
            // Lower-case first as well: in globalization-invariant mode IdnMapping does not case-fold
            // non-ASCII letters, while ToLowerInvariant does.
            ascii = idn.GetAscii(text.ToLowerInvariant()).ToLowerInvariant();
        }
        catch (ArgumentException ex)
        {
            problem = $"not a valid host name ({ex.Message})";
            return false;
        }

        if (ascii.EndsWith('.'))
        {
            problem = "the name has an empty label";
            return false;
        }

        if (ascii.Length > MaxLength)
        {
            problem = $"the name is longer than {MaxLength} characters once encoded";
            return false;
        }

        normalized = wildcard ? "*." + ascii : ascii;
        problem = null;
        return true;
    }
}
