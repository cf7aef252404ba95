using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace UcStack.Sip;

/// <summary>
/// A tel URI (RFC 3966): a global number (<c>tel:+1-201-555-0123</c>) or a local number with its
/// <c>phone-context</c> (<c>tel:7042;phone-context=example.com</c>), followed by parameters.
/// </summary>
public sealed class TelUri : AddressUri
{
    /// <summary>Builds a tel URI.</summary>
    /// <param name="number">A global number (<c>+</c> then digits and visual separators) or a local number
    /// (hex digits, <c>*</c>, <c>#</c> and visual separators).</param>
    /// <param name="phoneContext">The phone-context; required for a local number, not allowed for a global one.</param>
    /// <exception cref="ArgumentException">The number or the context is not valid.</exception>
    public TelUri(string number, string? phoneContext = null)
        : base("tel")
    {
        ArgumentNullException.ThrowIfNull(number);
        var bytes = Encoding.UTF8.GetBytes(number);
        if (!IsNumber(bytes, out var global)) throw new ArgumentException($"'{number}' is not a tel number.", nameof(number));
        Number = number;
        IsGlobal = global;
        Parameters = new SipParameters(ParameterSyntax.Tel, global ? CheckGlobalParameter : CheckLocalParameter);
        if (global && phoneContext is not null) throw new ArgumentException("A global number takes no phone-context.", nameof(phoneContext));
        if (!global)
        {
            if (phoneContext is null || !IsDescriptor(Encoding.UTF8.GetBytes(phoneContext)))
            {
                throw new ArgumentException("A local number needs a valid phone-context (RFC 3966 §5.1.5).", nameof(phoneContext));
            }

            Parameters.Set("phone-context", phoneContext);
        }
    }

    private TelUri(string number, bool global)
        : base("tel")
    {
        Number = number;
        IsGlobal = global;
        Parameters = new SipParameters(ParameterSyntax.Tel, global ? CheckGlobalParameter : CheckLocalParameter);
    }

    /// <summary>The number as sent, visual separators included (a global number starts with <c>+</c>).</summary>
    public string Number { get; }

    /// <summary><see langword="true"/> for a global number.</summary>
    public bool IsGlobal { get; }

    /// <summary>The parameters in order (<c>ext</c>, <c>isub</c>, <c>phone-context</c> and others).</summary>
    public SipParameters Parameters { get; }

    /// <summary>The <c>phone-context</c> value, or <see langword="null"/>.</summary>
    public string? PhoneContext => Parameters["phone-context"];

    /// <summary>The <c>ext</c> value, or <see langword="null"/>.</summary>
    public string? Extension => Parameters["ext"];

    /// <summary>The <c>isub</c> value, escaped as sent, or <see langword="null"/>.</summary>
    public string? IsdnSubaddress => Parameters["isub"];

    /// <summary>Parses a tel URI.</summary>
    /// <param name="input">The URI octets.</param>
    /// <param name="uri">The URI, when the result is <see langword="true"/>.</param>
    /// <param name="error">What was wrong and where, when the result is <see langword="false"/>.</param>
    /// <returns><see langword="true"/> when <paramref name="input"/> is a valid tel URI.</returns>
    public static bool TryParse(ReadOnlySpan<byte> input, [NotNullWhen(true)] out TelUri? uri, out SipParseError error)
    {
        uri = null;
        var colon = input.IndexOf((byte)':');
        if (colon < 0 || !Ascii.EqualsIgnoreCase(input[..colon], "tel"u8))
        {
            error = new SipParseError(SipParseErrorCode.UnsupportedUriScheme, 0, "expected tel:");
            return false;
        }

        return TryParseAfterScheme(input, colon, out uri, out error);
    }

    /// <summary>RFC 3966 §3: telephone-uri = "tel:" telephone-subscriber.</summary>
    internal static bool TryParseAfterScheme(ReadOnlySpan<byte> s, int colon, [NotNullWhen(true)] out TelUri? uri, out SipParseError error)
    {
        uri = null;
        var p = colon + 1;
        var semi = s[p..].IndexOf((byte)';');
        var numberEnd = semi < 0 ? s.Length : p + semi;
        var numberSpan = s[p..numberEnd];
        if (!IsNumber(numberSpan, out var global))
        {
            error = new SipParseError(SipParseErrorCode.InvalidUri, p, "invalid telephone number");
            return false;
        }

        var result = new TelUri(Encoding.ASCII.GetString(numberSpan), global);
        p = numberEnd;
        while (p < s.Length)
        {
            // parameter = ";" pname ["=" pvalue ]; pname = 1*( alphanum / "-" ); pvalue = 1*paramchar.
            var start = p + 1;
            var nameEnd = start;
            while (nameEnd < s.Length && UriSyntax.Is(s[nameEnd], UriSyntax.UriChar.TelParamName)) nameEnd++;
            if (nameEnd == start)
            {
                error = new SipParseError(SipParseErrorCode.InvalidParameter, start, "empty parameter name");
                return false;
            }

            string? value = null;
            p = nameEnd;
            if (p < s.Length && s[p] == (byte)'=')
            {
                var vStart = p + 1;
                var vStop = s[vStart..].IndexOf((byte)';');
                var vEnd = vStop < 0 ? s.Length : vStart + vStop;
                var charCode = UriSyntax.Validate(s[vStart..vEnd], UriSyntax.UriChar.Param, SipParseErrorCode.InvalidUri, out var bad);
                if (vEnd == vStart || charCode != SipParseErrorCode.None)
                {
                    error = new SipParseError(vEnd == vStart ? SipParseErrorCode.InvalidParameter : charCode, vStart + bad);
                    return false;
                }

                value = Encoding.ASCII.GetString(s[vStart..vEnd]);
                p = vEnd;
            }

            if (p < s.Length && s[p] != (byte)';')
            {
                error = new SipParseError(SipParseErrorCode.InvalidUri, p, "unexpected octet");
                return false;
            }

            var name = Encoding.ASCII.GetString(s[start..nameEnd]);
            var code = CheckParameter(name, value, global);
            if (code != SipParseErrorCode.None)
            {
                error = new SipParseError(code, start, "invalid tel parameter");
                return false;
            }

            if (result.Parameters.Count >= SipParameters.MaxCount)
            {
                error = new SipParseError(SipParseErrorCode.TooManyParameters, start);
                return false;
            }

            if (!result.Parameters.TryAddParsed(name, value))
            {
                error = new SipParseError(SipParseErrorCode.DuplicateParameter, start);
                return false;
            }
        }

        if (!global && !result.Parameters.Contains("phone-context"))
        {
            // RFC 3966 §3: local-number = local-number-digits *par context *par.
            error = new SipParseError(SipParseErrorCode.InvalidUri, numberEnd, "a local number needs phone-context");
            return false;
        }

        uri = result;
        error = default;
        return true;
    }

    private static SipParseErrorCode CheckGlobalParameter(string name, string? value) => CheckParameter(name, value, global: true);

    private static SipParseErrorCode CheckLocalParameter(string name, string? value) => CheckParameter(name, value, global: false);

    private static SipParseErrorCode CheckParameter(string name, string? value, bool global)
    {
        var ok = true;
        if (name.Equals("phone-context", StringComparison.OrdinalIgnoreCase))
        {
            // context = ";phone-context=" descriptor; only a local number has one.
            ok = !global && value is not null && IsDescriptor(Encoding.ASCII.GetBytes(value));
        }
        else if (name.Equals("ext", StringComparison.OrdinalIgnoreCase))
        {
            // extension = ";ext=" 1*phonedigit
            ok = value is not null && value.All(c => char.IsAsciiDigit(c) || IsVisualSeparator((byte)c)) && value.Any(char.IsAsciiDigit);
        }
        else if (name.Equals("isub", StringComparison.OrdinalIgnoreCase))
        {
            // isdn-subaddress = ";isub=" 1*uric
            ok = value is not null;
        }

        return ok ? SipParseErrorCode.None : SipParseErrorCode.InvalidParameter;
    }

    /// <summary>
    /// global-number-digits = "+" *phonedigit DIGIT *phonedigit;
    /// local-number-digits = *phonedigit-hex ( HEXDIG / "*" / "#" ) *phonedigit-hex.
    /// </summary>
    private static bool IsNumber(ReadOnlySpan<byte> s, out bool global)
    {
        global = s.Length > 0 && s[0] == (byte)'+';
        var core = false;
        foreach (var b in global ? s[1..] : s)
        {
            if (global ? SipSyntax.IsDigit(b) : (SipSyntax.IsHex(b) || b == (byte)'*' || b == (byte)'#'))
            {
                core = true;
            }
            else if (!IsVisualSeparator(b))
            {
                return false;
            }
        }

        return core;
    }

    /// <summary>descriptor = domainname / global-number-digits.</summary>
    private static bool IsDescriptor(ReadOnlySpan<byte> s) =>
        s.Length > 0 && (s[0] == (byte)'+' ? IsNumber(s, out _) : HostSyntax.IsHostName(s, out _));

    /// <summary>visual-separator = "-" / "." / "(" / ")".</summary>
    private static bool IsVisualSeparator(byte b) => b is (byte)'-' or (byte)'.' or (byte)'(' or (byte)')';

    /// <inheritdoc/>
    public override string ToString()
    {
        var sb = new StringBuilder(Number.Length + 16).Append("tel:").Append(Number);
        Parameters.AppendTo(sb);
        return sb.ToString();
    }

    /// <summary>
    /// RFC 3966 §4: both global or both local; numbers equal once visual separators are removed; the same
    /// set of parameter names with equal values (phone-context numbers also without separators); all
    /// comparisons case-insensitive.
    /// </summary>
    /// <param name="other">The other URI.</param>
    public override bool Equals(AddressUri? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is not TelUri o || IsGlobal != o.IsGlobal || Parameters.Count != o.Parameters.Count) return false;
        if (!string.Equals(Normalize(Number), Normalize(o.Number), StringComparison.OrdinalIgnoreCase)) return false;
        foreach (var p in Parameters)
        {
            var j = o.Parameters.IndexOf(p.Name);
            if (j < 0) return false;
            var q = o.Parameters[j];
            if (p.Name.Equals("phone-context", StringComparison.OrdinalIgnoreCase) && p.Value is ['+', ..] && q.Value is ['+', ..])
            {
                if (!string.Equals(Normalize(p.Value), Normalize(q.Value), StringComparison.Ordinal)) return false;
            }
            else if (!UriEscaping.EscapedEquals(p.Value, q.Value, ignoreCase: true))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var names = 0;
        foreach (var p in Parameters)
        {
            names += StringComparer.OrdinalIgnoreCase.GetHashCode(p.Name);
        }

        return HashCode.Combine(IsGlobal, StringComparer.OrdinalIgnoreCase.GetHashCode(Normalize(Number)), names);
    }

    private static string Normalize(string number)
    {
        var sb = new StringBuilder(number.Length);
        foreach (var c in number)
        {
            if (!IsVisualSeparator((byte)c)) sb.Append(c);
        }

        return sb.ToString();
    }
}
