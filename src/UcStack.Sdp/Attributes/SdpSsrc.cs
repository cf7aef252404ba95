using System.Diagnostics.CodeAnalysis;

namespace UcStack.Sdp;

/// <summary><c>a=ssrc:&lt;ssrc-id&gt; &lt;attribute&gt;[:&lt;value&gt;]</c> (RFC 5576 §4.1), for example <c>a=ssrc:1 cname:user@example.com</c>.</summary>
/// <param name="Ssrc">The 32-bit synchronization source.</param>
/// <param name="AttributeName">The source attribute's name, for example "cname".</param>
/// <param name="AttributeValue">The source attribute's value, or <see langword="null"/>.</param>
public sealed record SdpSsrc(uint Ssrc, string AttributeName, string? AttributeValue = null)
{
    /// <summary>Reads the value of an <c>a=ssrc</c> attribute.</summary>
    /// <param name="value">The text after <c>a=ssrc:</c>.</param>
    /// <param name="ssrc">The result.</param>
    /// <returns><see langword="false"/> when the value is malformed.</returns>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpSsrc? ssrc)
    {
        ssrc = null;
        var space = value?.IndexOf(' ', StringComparison.Ordinal) ?? -1;
        if (value is null || space <= 0 || !SdpAttributeValue.TryParseUInt32(value.AsSpan(0, space), out var id))
        {
            return false;
        }

        var attribute = value.AsSpan(space + 1);
        var colon = attribute.IndexOf(':');
        var name = colon < 0 ? attribute : attribute[..colon];
        if (!SdpText.IsToken(name))
        {
            return false;
        }

        ssrc = new SdpSsrc(id, name.ToString(), colon < 0 ? null : attribute[(colon + 1)..].ToString());
        return true;
    }

    /// <summary>Reads an <c>a=ssrc</c> attribute.</summary>
    /// <param name="attribute">The attribute.</param>
    /// <returns>The value.</returns>
    /// <exception cref="SdpParseException">The value is malformed.</exception>
    /// <exception cref="ArgumentException">The attribute is not a=ssrc.</exception>
    public static SdpSsrc Parse(SdpAttribute attribute) =>
        TryParse(SdpAttributeValue.Require(attribute, SdpNames.Ssrc), out var ssrc)
            ? ssrc
            : throw SdpAttributeValue.Invalid(attribute, "expected <ssrc-id> <attribute>[:<value>]");

    /// <summary>The attribute for this value.</summary>
    /// <returns>A new <c>a=ssrc</c> attribute.</returns>
    /// <exception cref="ArgumentException">The name is not a token or the value holds NUL, CR or LF.</exception>
    public SdpAttribute ToAttribute()
    {
        var name = SdpText.Token(AttributeName, nameof(AttributeName));
        var text = AttributeValue is null ? name : $"{name}:{SdpText.LineSafe(AttributeValue, nameof(AttributeValue))}";
        return new SdpAttribute(SdpNames.Ssrc, $"{SdpAttributeValue.Format(Ssrc)} {text}");
    }
}
