using System.Diagnostics.CodeAnalysis;

namespace UcStack.Sdp;

/// <summary><c>a=rtcp:&lt;port&gt; [&lt;nettype&gt; &lt;addrtype&gt; &lt;connection-address&gt;]</c> (RFC 3605 §2.1).</summary>
/// <param name="Port">The RTCP port.</param>
/// <param name="Connection">The RTCP address when it differs from the media address, or <see langword="null"/>.</param>
public sealed record SdpRtcp(int Port, SdpConnection? Connection = null)
{
    /// <summary>Reads the value of an <c>a=rtcp</c> attribute.</summary>
    /// <param name="value">The text after <c>a=rtcp:</c>.</param>
    /// <param name="rtcp">The result.</param>
    /// <returns><see langword="false"/> when the value is malformed.</returns>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpRtcp? rtcp)
    {
        rtcp = null;
        if (value is null)
        {
            return false;
        }

        var parts = value.Split(' ');
        if (parts.Length is not (1 or 4) || !SdpAttributeValue.TryParseInt(parts[0], 0, 65535, out var port))
        {
            return false;
        }

        SdpConnection? connection = null;
        if (parts.Length == 4)
        {
            if (!SdpText.IsToken(parts[1]) || !SdpText.IsToken(parts[2]) || !SdpText.IsNonWhitespace(parts[3]) || parts[3].Contains('/', StringComparison.Ordinal))
            {
                return false;
            }

            connection = new SdpConnection(parts[3], parts[2], parts[1]);
        }

        rtcp = new SdpRtcp(port, connection);
        return true;
    }

    /// <summary>Reads an <c>a=rtcp</c> attribute.</summary>
    /// <param name="attribute">The attribute.</param>
    /// <returns>The value.</returns>
    /// <exception cref="SdpParseException">The value is malformed.</exception>
    /// <exception cref="ArgumentException">The attribute is not a=rtcp.</exception>
    public static SdpRtcp Parse(SdpAttribute attribute) =>
        TryParse(SdpAttributeValue.Require(attribute, SdpNames.Rtcp), out var rtcp)
            ? rtcp
            : throw SdpAttributeValue.Invalid(attribute, "expected <port> [<nettype> <addrtype> <address>]");

    /// <summary>The attribute for this value.</summary>
    /// <returns>A new <c>a=rtcp</c> attribute.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The port is outside 0..65535.</exception>
    public SdpAttribute ToAttribute()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535);
        var port = SdpAttributeValue.Format(Port);
        return new SdpAttribute(SdpNames.Rtcp, Connection is { } c ? $"{port} {c.NetType} {c.AddressType} {c.Address}" : port);
    }
}
