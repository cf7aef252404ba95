using System.Diagnostics.CodeAnalysis;

namespace UcStack.Sdp;

/// <summary>
/// <c>a=fmtp:&lt;format&gt; &lt;format specific parameters&gt;</c> (RFC 8866 §6.15). The parameters are kept as text;
/// <see cref="GetParameters"/> splits the common <c>name=value;name=value</c> convention.
/// </summary>
/// <param name="Format">The format (payload type) the parameters apply to.</param>
/// <param name="Parameters">The parameter text.</param>
public sealed record SdpFmtp(string Format, string Parameters)
{
    /// <summary>Reads the value of an <c>a=fmtp</c> attribute.</summary>
    /// <param name="value">The text after <c>a=fmtp:</c>.</param>
    /// <param name="fmtp">The result.</param>
    /// <returns><see langword="false"/> when the value is malformed.</returns>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpFmtp? fmtp)
    {
        fmtp = null;
        var space = value?.IndexOf(' ', StringComparison.Ordinal) ?? -1;
        if (value is null || space <= 0 || !SdpText.IsToken(value.AsSpan(0, space)))
        {
            return false;
        }

        fmtp = new SdpFmtp(value[..space], value[(space + 1)..]);
        return true;
    }

    /// <summary>Reads an <c>a=fmtp</c> attribute.</summary>
    /// <param name="attribute">The attribute.</param>
    /// <returns>The fmtp.</returns>
    /// <exception cref="SdpParseException">The value is malformed.</exception>
    /// <exception cref="ArgumentException">The attribute is not an fmtp.</exception>
    public static SdpFmtp Parse(SdpAttribute attribute) =>
        TryParse(SdpAttributeValue.Require(attribute, SdpNames.Fmtp), out var fmtp)
            ? fmtp
            : throw SdpAttributeValue.Invalid(attribute, "expected <format> <parameters>");

    /// <summary>
    /// Splits <c>name=value;name=value</c> (spaces after ';' ignored); a part without '=' has an empty value.
    /// Names keep their case; compare them as the payload format defines.
    /// </summary>
    /// <returns>The parameters in order.</returns>
    public IReadOnlyList<KeyValuePair<string, string>> GetParameters()
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var part in Parameters.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            result.Add(equals < 0
                ? new KeyValuePair<string, string>(part, string.Empty)
                : new KeyValuePair<string, string>(part[..equals].Trim(), part[(equals + 1)..].Trim()));
        }

        return result;
    }

    /// <summary>The attribute for these parameters.</summary>
    /// <returns>A new <c>a=fmtp</c> attribute.</returns>
    /// <exception cref="ArgumentException">The format is not a token or the parameters hold NUL, CR or LF.</exception>
    public SdpAttribute ToAttribute() =>
        new(SdpNames.Fmtp, $"{SdpText.Token(Format, nameof(Format))} {SdpText.LineSafe(Parameters, nameof(Parameters))}");
}
