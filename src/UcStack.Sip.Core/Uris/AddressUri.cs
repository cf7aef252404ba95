using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace UcStack.Sip;

/// <summary>
/// A URI as carried in a Request-URI or an addr-spec (RFC 3261 §25.1: <c>SIP-URI / SIPS-URI / absoluteURI</c>):
/// a <see cref="SipUri"/>, a <see cref="TelUri"/> (RFC 3966) or any other scheme as an <see cref="AbsoluteUri"/>.
/// </summary>
/// <remarks>
/// Parsing is strict to the grammar: whitespace, unescaped delimiters and malformed escapes are rejected
/// with a typed error and an offset relative to the start of the input. Instances compare by the rules
/// of their scheme (RFC 3261 §19.1.4 for SIP and SIPS). Writing gives the canonical text, which for input
/// already in canonical form is the input itself, escapes included.
/// </remarks>
public abstract class AddressUri : IEquatable<AddressUri>
{
    private protected AddressUri(string scheme) => Scheme = scheme;

    /// <summary>The scheme, lower-cased (<c>sip</c>, <c>sips</c>, <c>tel</c>, ...).</summary>
    public string Scheme { get; }

    /// <summary>Parses a URI, choosing the type from its scheme.</summary>
    /// <param name="input">The URI octets, nothing before or after it.</param>
    /// <param name="uri">The URI, when the result is <see langword="true"/>.</param>
    /// <param name="error">What was wrong and where, when the result is <see langword="false"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="input"/> is a valid URI.</returns>
    public static bool TryParse(ReadOnlySpan<byte> input, [NotNullWhen(true)] out AddressUri? uri, out SipParseError error)
    {
        uri = null;
        var colon = input.IndexOf((byte)':');
        if (colon <= 0 || !UriSyntax.IsScheme(input[..colon]))
        {
            // RFC 3261 §25.1 / RFC 2396 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), then ":".
            error = new SipParseError(SipParseErrorCode.InvalidUri, colon < 0 ? input.Length : 0, "missing or invalid scheme");
            return false;
        }

        var scheme = input[..colon];
        if (Ascii.EqualsIgnoreCase(scheme, "sip"u8) || Ascii.EqualsIgnoreCase(scheme, "sips"u8))
        {
            var ok = SipUri.TryParseAfterScheme(input, colon, out var sip, out error);
            uri = sip;
            return ok;
        }

        if (Ascii.EqualsIgnoreCase(scheme, "tel"u8))
        {
            var ok = TelUri.TryParseAfterScheme(input, colon, out var tel, out error);
            uri = tel;
            return ok;
        }

        var okAbs = AbsoluteUri.TryParseAfterScheme(input, colon, out var abs, out error);
        uri = abs;
        return okAbs;
    }

    /// <summary>Parses a URI, choosing the type from its scheme.</summary>
    /// <param name="input">The URI octets.</param>
    /// <returns>The URI.</returns>
    /// <exception cref="SipParseException">The input is not a valid URI.</exception>
    public static AddressUri Parse(ReadOnlySpan<byte> input)
    {
        if (!TryParse(input, out var uri, out var error)) ThrowParse(error);
        return uri!;
    }

    /// <summary>Parses a URI from text (encoded as UTF-8).</summary>
    /// <param name="text">The URI.</param>
    /// <returns>The URI.</returns>
    /// <exception cref="SipParseException">The text is not a valid URI.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static AddressUri Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Parse(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Writes the canonical text of the URI as ASCII octets.</summary>
    /// <param name="writer">The destination.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WriteTo(IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Encoding.ASCII.GetBytes(ToString(), writer);
    }

    /// <summary>The canonical text of the URI.</summary>
    public abstract override string ToString();

    /// <summary>Compares by the rules of the scheme (RFC 3261 §19.1.4 for SIP/SIPS, RFC 3966 §4 for tel).</summary>
    /// <param name="other">The other URI.</param>
    public abstract bool Equals(AddressUri? other);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as AddressUri);

    /// <summary>A hash consistent with <see cref="Equals(AddressUri)"/>.</summary>
    public abstract override int GetHashCode();

    [DoesNotReturn]
    [StackTraceHidden]
    private protected static void ThrowParse(SipParseError error) => throw new SipParseException(error);
}
