using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace UcStack.Sip;

/// <summary>
/// A URI of a scheme other than sip, sips and tel (RFC 3261 §25.1 <c>absoluteURI</c>), kept as its
/// scheme and the opaque text after the colon.
/// </summary>
/// <remarks>RFC 4475 §3.3.2–3.3.4: a request with an unknown scheme must still parse; the element then
/// answers 416 itself.</remarks>
public sealed class AbsoluteUri : AddressUri
{
    private readonly string _schemeAsSent;

    /// <summary>Builds an absolute URI.</summary>
    /// <param name="scheme">The scheme (ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )).</param>
    /// <param name="value">The text after the colon, escaped: uric characters and well-formed escapes only.</param>
    /// <exception cref="ArgumentException">The scheme or the value is not valid.</exception>
    public AbsoluteUri(string scheme, string value)
        : base(scheme?.ToLowerInvariant() ?? throw new ArgumentNullException(nameof(scheme)))
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!UriSyntax.IsScheme(Encoding.UTF8.GetBytes(scheme))) throw new ArgumentException($"'{scheme}' is not a URI scheme.", nameof(scheme));
        if (!UriEscaping.IsValidRaw(value, UriSyntax.UriChar.Uric)) throw new ArgumentException("The value is not valid absoluteURI text.", nameof(value));
        _schemeAsSent = scheme;
        Value = value;
    }

    /// <summary>For the parser, which has validated both parts already.</summary>
    private AbsoluteUri(string schemeAsSent, string value, SipParseErrorCode validated)
        : base(schemeAsSent.ToLowerInvariant())
    {
        Debug.Assert(validated == SipParseErrorCode.None, "only validated parts");
        _schemeAsSent = schemeAsSent;
        Value = value;
    }

    /// <summary>Everything after the first colon, as sent.</summary>
    public string Value { get; }

    /// <summary>RFC 3261 §25.1: absoluteURI = scheme ":" ( hier-part / opaque-part ).</summary>
    internal static bool TryParseAfterScheme(ReadOnlySpan<byte> s, int colon, [NotNullWhen(true)] out AbsoluteUri? uri, out SipParseError error)
    {
        uri = null;
        var rest = s[(colon + 1)..];
        if (rest.IsEmpty)
        {
            error = new SipParseError(SipParseErrorCode.InvalidUri, s.Length, "empty URI after the scheme");
            return false;
        }

        // Every octet must be a uric (reserved / unreserved / escaped); this rejects SP, "<", ">", DQUOTE
        // and non-ASCII, which is what keeps an addr-spec from swallowing the rest of a header.
        var code = UriSyntax.Validate(rest, UriSyntax.UriChar.Uric, SipParseErrorCode.InvalidUri, out var bad);
        if (code != SipParseErrorCode.None)
        {
            error = new SipParseError(code, colon + 1 + bad);
            return false;
        }

        uri = new AbsoluteUri(Encoding.ASCII.GetString(s[..colon]), Encoding.ASCII.GetString(rest), SipParseErrorCode.None);
        error = default;
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Concat(_schemeAsSent, ":", Value);

    /// <summary>Same scheme (case-insensitive) and the same text once unreserved characters are unescaped
    /// (RFC 3986 §6.2.2); otherwise case-sensitive, since the scheme's own rules are unknown here.</summary>
    /// <param name="other">The other URI.</param>
    public override bool Equals(AddressUri? other) =>
        other is AbsoluteUri o && Scheme == o.Scheme && UriEscaping.EscapedEquals(Value, o.Value, ignoreCase: false);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Scheme, UriEscaping.EscapedHash(Value, ignoreCase: false));
}
