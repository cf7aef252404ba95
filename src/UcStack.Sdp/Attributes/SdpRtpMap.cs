using System.Diagnostics.CodeAnalysis;

namespace UcStack.Sdp;

/// <summary>
/// <c>a=rtpmap:&lt;payload type&gt; &lt;encoding name&gt;/&lt;clock rate&gt;[/&lt;encoding parameters&gt;]</c> (RFC 8866 §6.6).
/// For audio the encoding parameters are the channel count.
/// </summary>
/// <param name="PayloadType">The RTP payload type, 0..127.</param>
/// <param name="EncodingName">The codec name, for example "opus" or "PCMU" (compared case-insensitively, RFC 4855 §3).</param>
/// <param name="ClockRate">The RTP clock rate in Hz.</param>
/// <param name="EncodingParameters">The text after the second '/', or <see langword="null"/>.</param>
public sealed record SdpRtpMap(int PayloadType, string EncodingName, uint ClockRate, string? EncodingParameters = null)
{
    /// <summary>The channel count: the encoding parameters as a number, else 1 (RFC 8866 §6.6 default for audio).</summary>
    public int Channels => EncodingParameters is { } p && SdpAttributeValue.TryParseInt(p, 1, 255, out var channels) ? channels : 1;

    /// <summary>Reads the value of an <c>a=rtpmap</c> attribute.</summary>
    /// <param name="value">The text after <c>a=rtpmap:</c>.</param>
    /// <param name="rtpMap">The result.</param>
    /// <returns><see langword="false"/> when the value is malformed.</returns>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SdpRtpMap? rtpMap)
    {
        rtpMap = null;
        if (value is null)
        {
            return false;
        }

        var span = value.AsSpan();
        var space = span.IndexOf(' ');
        if (space <= 0 || !SdpAttributeValue.TryParseInt(span[..space], 0, 127, out var payloadType))
        {
            return false;
        }

        var encoding = span[(space + 1)..];
        var slash = encoding.IndexOf('/');
        if (slash <= 0 || !SdpText.IsToken(encoding[..slash]))
        {
            return false;
        }

        var rest = encoding[(slash + 1)..];
        var second = rest.IndexOf('/');
        var clockText = second < 0 ? rest : rest[..second];
        if (!SdpAttributeValue.TryParseUInt32(clockText, out var clockRate))
        {
            return false;
        }

        string? parameters = null;
        if (second >= 0)
        {
            var parameterText = rest[(second + 1)..];
            if (!SdpText.IsToken(parameterText))
            {
                return false;
            }

            parameters = parameterText.ToString();
        }

        rtpMap = new SdpRtpMap(payloadType, encoding[..slash].ToString(), clockRate, parameters);
        return true;
    }

    /// <summary>Reads an <c>a=rtpmap</c> attribute.</summary>
    /// <param name="attribute">The attribute.</param>
    /// <returns>The rtpmap.</returns>
    /// <exception cref="SdpParseException">The value is malformed.</exception>
    /// <exception cref="ArgumentException">The attribute is not an rtpmap.</exception>
    public static SdpRtpMap Parse(SdpAttribute attribute) =>
        TryParse(SdpAttributeValue.Require(attribute, SdpNames.RtpMap), out var map)
            ? map
            : throw SdpAttributeValue.Invalid(attribute, "expected <payload type> <encoding name>/<clock rate>[/<parameters>]");

    /// <summary>The attribute for this mapping.</summary>
    /// <returns>A new <c>a=rtpmap</c> attribute.</returns>
    /// <exception cref="ArgumentException">A field cannot be written (payload type outside 0..127, name not a token).</exception>
    public SdpAttribute ToAttribute()
    {
        if (PayloadType is < 0 or > 127 || !SdpText.IsToken(EncodingName) || (EncodingParameters is { } p && !SdpText.IsToken(p)))
        {
            throw new ArgumentException("An rtpmap needs a payload type 0..127 and token encoding name and parameters.");
        }

        var text = $"{SdpAttributeValue.Format(PayloadType)} {EncodingName}/{SdpAttributeValue.Format(ClockRate)}";
        return new SdpAttribute(SdpNames.RtpMap, EncodingParameters is null ? text : $"{text}/{EncodingParameters}");
    }
}
