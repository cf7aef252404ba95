using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace UcStack.Sip;

/// <summary>
/// A name-addr or addr-spec with header parameters: the value of From, To, Contact, Route, Record-Route,
/// Reply-To, Refer-To and P-Asserted-Identity (RFC 3261 §20.10, §25.1), or the Contact wildcard <c>*</c>.
/// </summary>
/// <remarks>
/// Parameters after the <c>&gt;</c> (or after an addr-spec written without brackets) are header
/// parameters, never URI parameters (RFC 4475 §3.3.12–3.3.13). The well-known parameters <c>tag</c>,
/// <c>q</c> and <c>expires</c> are checked against their grammar whichever header carries them.
/// </remarks>
public sealed partial class NameAddressHeader
{
    private readonly string? _displayNameText;

    /// <summary>Builds a value from a URI and an optional display name.</summary>
    /// <param name="uri">The address.</param>
    /// <param name="displayName">The display name, unquoted (it is written as a quoted-string), or <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="uri"/> is null.</exception>
    /// <exception cref="ArgumentException">The display name holds CR or LF.</exception>
    public NameAddressHeader(AddressUri uri, string? displayName = null)
    {
        ArgumentNullException.ThrowIfNull(uri);
        Uri = uri;
        DisplayName = displayName;
        _displayNameText = displayName is null ? null : HeaderGrammar.Quote(displayName);
        Parameters = new SipParameters(ParameterSyntax.Header, Validate);
    }

    private NameAddressHeader(AddressUri? uri, string? displayName, string? displayNameText)
    {
        Uri = uri;
        DisplayName = displayName;
        _displayNameText = displayNameText;
        Parameters = new SipParameters(ParameterSyntax.Header, Validate);
    }

    /// <summary>Creates the Contact wildcard <c>*</c> (RFC 3261 §10.2.2, used to remove all bindings).</summary>
    /// <returns>A new wildcard value.</returns>
    public static NameAddressHeader CreateWildcard() => new(null, null, null);

    /// <summary>The display name without its quotes and escapes, or <see langword="null"/>.</summary>
    public string? DisplayName { get; }

    /// <summary>The address; <see langword="null"/> only for the Contact wildcard.</summary>
    public AddressUri? Uri { get; }

    /// <summary><see langword="true"/> for the Contact wildcard <c>*</c>, which has no URI.</summary>
    [MemberNotNullWhen(false, nameof(Uri))]
    public bool IsWildcard => Uri is null;

    /// <summary>The header parameters in order, values as sent.</summary>
    public SipParameters Parameters { get; }

    /// <summary>The <c>tag</c> parameter, or <see langword="null"/>.</summary>
    public string? Tag => Parameters["tag"];

    /// <summary>The <c>q</c> parameter (0–1, at most three decimals), or <see langword="null"/>.</summary>
    public decimal? Q => ParameterRules.TryParseQ(Parameters["q"], out var q) ? q : null;

    /// <summary>The <c>expires</c> parameter in seconds, or <see langword="null"/>.</summary>
    public uint? Expires => ParameterRules.TryParseDelta(Parameters["expires"], out var e) == SipParseErrorCode.None ? e : null;

    /// <summary>Writes the value in canonical form (<c>"Name" &lt;uri&gt;;params</c>) as UTF-8.</summary>
    /// <param name="writer">The destination.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> is null.</exception>
    public void WriteTo(IBufferWriter<byte> writer) => HeaderList.WriteUtf8(ToString(), writer);

    /// <summary>
    /// The value in canonical form: the display name as received (or quoted), one space, the URI always
    /// in angle brackets (RFC 3261 §20.10 requires them when the URI has ",", ";" or "?"; they are never
    /// wrong), then the parameters.
    /// </summary>
    public override string ToString()
    {
        if (Uri is null) return "*";
        var sb = new StringBuilder(64);
        if (_displayNameText is not null) sb.Append(_displayNameText).Append(' ');
        sb.Append('<').Append(Uri.ToString()).Append('>');
        Parameters.AppendTo(sb);
        return sb.ToString();
    }

    /// <summary>Parses exactly one value (a Contact <c>*</c> included).</summary>
    /// <param name="value">The header value (after the colon; may contain folded lines).</param>
    /// <param name="header">The value, when the result is <see langword="true"/>.</param>
    /// <param name="error">What was wrong and where (offset in <paramref name="value"/>).</param>
    /// <returns><see langword="true"/> when the value is exactly one valid name-addr or addr-spec with parameters.</returns>
    public static bool TryParse(ReadOnlySpan<byte> value, [NotNullWhen(true)] out NameAddressHeader? header, out SipParseError error) =>
        HeaderList.TryParseOne(value, ParseOne, out header, out error);

    /// <summary>
    /// Parses a comma-separated list (Contact, Route, Record-Route, ...). Commas inside quotes and angle
    /// brackets do not separate. A wildcard must be the only element. <paramref name="into"/> receives the
    /// values only if all are valid.
    /// </summary>
    /// <param name="value">The header value.</param>
    /// <param name="into">Receives the values in order.</param>
    /// <param name="error">What was wrong and where.</param>
    /// <returns><see langword="true"/> when the whole value is valid.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="into"/> is null.</exception>
    public static bool TryParseList(ReadOnlySpan<byte> value, ICollection<NameAddressHeader> into, out SipParseError error)
    {
        ArgumentNullException.ThrowIfNull(into);
        var items = new List<NameAddressHeader>(1);
        if (!HeaderList.TryParse(value, ParseOne, items, out error)) return false;
        if (items.Count > 1 && items.Exists(h => h.IsWildcard))
        {
            // RFC 3261 §25.1: Contact = ( STAR / (contact-param *(COMMA contact-param)) ).
            error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, value.IndexOf((byte)'*'), "'*' must be the only Contact value");
            return false;
        }

        foreach (var h in items) into.Add(h);
        return true;
    }

    /// <summary>Parses exactly one value.</summary>
    /// <param name="value">The header value.</param>
    /// <returns>The value.</returns>
    /// <exception cref="SipParseException">The value is not valid.</exception>
    public static NameAddressHeader Parse(ReadOnlySpan<byte> value) =>
        TryParse(value, out var header, out var error) ? header : ParseThrow.Error<NameAddressHeader>(error);

    /// <summary>Parses exactly one value from text.</summary>
    /// <param name="value">The header value.</param>
    /// <returns>The value.</returns>
    /// <exception cref="SipParseException">The value is not valid.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static NameAddressHeader Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Parse(Encoding.UTF8.GetBytes(value));
    }
}
