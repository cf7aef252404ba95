using System.Globalization;

namespace UcStack.Sdp;

/// <summary>Typed accessors for the RTP attributes of a media section (parsed on demand).</summary>
public sealed partial class SdpMedia
{
    /// <summary>Whether the protocol is an RTP profile (RTP/AVP, RTP/SAVP, RTP/AVPF, RTP/SAVPF, UDP/TLS/RTP/SAVP(F), TCP/RTP/AVP, ...).</summary>
    public bool IsRtp => Protocol.Contains("RTP/", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the protocol is a secure RTP profile (SAVP or SAVPF).</summary>
    public bool IsSecureRtp => Protocol.EndsWith("/SAVP", StringComparison.OrdinalIgnoreCase) || Protocol.EndsWith("/SAVPF", StringComparison.OrdinalIgnoreCase);

    /// <summary>The explicit direction attribute of this section, or <see langword="null"/> when it has none.</summary>
    /// <remarks>Setting replaces the existing direction attribute in place (or appends one); <see langword="null"/> removes it.</remarks>
    /// <exception cref="SdpParseException">The section holds more than one direction attribute (RFC 8866 §6.7 allows one).</exception>
    public SdpDirection? Direction
    {
        get => SdpDirectionAccess.Get(Attributes);
        set => SdpDirectionAccess.Set(Attributes, value);
    }

    /// <summary>Every rtpmap of this section, in order.</summary>
    /// <returns>The mappings.</returns>
    /// <exception cref="SdpParseException">An a=rtpmap value is malformed.</exception>
    public IReadOnlyList<SdpRtpMap> GetRtpMaps() => Attributes.FindAll(SdpNames.RtpMap).Select(SdpRtpMap.Parse).ToArray();

    /// <summary>The rtpmap for <paramref name="format"/>, or <see langword="null"/>.</summary>
    /// <param name="format">A format of the m= line.</param>
    /// <returns>The mapping or <see langword="null"/>.</returns>
    /// <exception cref="SdpParseException">The matching a=rtpmap value is malformed.</exception>
    public SdpRtpMap? GetRtpMap(string format)
    {
        foreach (var attribute in Attributes.FindAll(SdpNames.RtpMap))
        {
            var value = attribute.Value ?? string.Empty;
            if (value.StartsWith(format, StringComparison.Ordinal) && value.Length > format.Length && value[format.Length] == ' ')
            {
                return SdpRtpMap.Parse(attribute);
            }
        }

        return null;
    }

    /// <summary>The fmtp for <paramref name="format"/>, or <see langword="null"/>.</summary>
    /// <param name="format">A format of the m= line.</param>
    /// <returns>The parameters or <see langword="null"/>.</returns>
    /// <exception cref="SdpParseException">The matching a=fmtp value is malformed.</exception>
    public SdpFmtp? GetFmtp(string format)
    {
        foreach (var attribute in Attributes.FindAll(SdpNames.Fmtp))
        {
            var value = attribute.Value ?? string.Empty;
            if (value.StartsWith(format, StringComparison.Ordinal) && value.Length > format.Length && value[format.Length] == ' ')
            {
                return SdpFmtp.Parse(attribute);
            }
        }

        return null;
    }

    /// <summary><c>a=ptime</c> in milliseconds (RFC 8866 §6.4), or <see langword="null"/>.</summary>
    /// <exception cref="SdpParseException">The value is not a positive number.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero or less.</exception>
    public decimal? PacketTime
    {
        get => GetMilliseconds(SdpNames.PTime);
        set => SetMilliseconds(SdpNames.PTime, value);
    }

    /// <summary><c>a=maxptime</c> in milliseconds (RFC 8866 §6.5), or <see langword="null"/>.</summary>
    /// <exception cref="SdpParseException">The value is not a positive number.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Set to zero or less.</exception>
    public decimal? MaxPacketTime
    {
        get => GetMilliseconds(SdpNames.MaxPTime);
        set => SetMilliseconds(SdpNames.MaxPTime, value);
    }

    /// <summary><c>a=rtcp</c> (RFC 3605), or <see langword="null"/>.</summary>
    /// <exception cref="SdpParseException">The value is malformed.</exception>
    public SdpRtcp? Rtcp
    {
        get => Attributes.Find(SdpNames.Rtcp) is { } attribute ? SdpRtcp.Parse(attribute) : null;
        set => ReplaceOrRemove(SdpNames.Rtcp, value?.ToAttribute());
    }

    /// <summary>Whether <c>a=rtcp-mux</c> (RFC 5761 §5.1.3) is present.</summary>
    public bool RtcpMux
    {
        get => Attributes.Contains(SdpNames.RtcpMux);
        set => ReplaceOrRemove(SdpNames.RtcpMux, value ? new SdpAttribute(SdpNames.RtcpMux) : null);
    }

    /// <summary><c>a=mid</c> (RFC 5888 §4), or <see langword="null"/>.</summary>
    /// <exception cref="SdpParseException">The value is not a token.</exception>
    /// <exception cref="ArgumentException">Set to a value that is not a token.</exception>
    public string? Mid
    {
        get
        {
            if (Attributes.Find(SdpNames.Mid) is not { } attribute)
            {
                return null;
            }

            var value = SdpAttributeValue.Require(attribute, SdpNames.Mid);
            return SdpText.IsToken(value) ? value : throw SdpAttributeValue.Invalid(attribute, "identification-tag must be a token");
        }

        set => ReplaceOrRemove(SdpNames.Mid, value is null ? null : new SdpAttribute(SdpNames.Mid, SdpText.Token(value, nameof(value))));
    }

    /// <summary>Every <c>a=ssrc</c> line (RFC 5576), in order.</summary>
    /// <returns>The values.</returns>
    /// <exception cref="SdpParseException">A value is malformed.</exception>
    public IReadOnlyList<SdpSsrc> GetSsrcs() => Attributes.FindAll(SdpNames.Ssrc).Select(SdpSsrc.Parse).ToArray();

    /// <summary>Appends a codec: the payload type to the m= line, its rtpmap and, when given, its fmtp.</summary>
    /// <param name="rtpMap">The mapping.</param>
    /// <param name="fmtpParameters">The fmtp parameter text, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">A value cannot be written.</exception>
    public void AddCodec(SdpRtpMap rtpMap, string? fmtpParameters = null)
    {
        ArgumentNullException.ThrowIfNull(rtpMap);
        var format = SdpAttributeValue.Format(rtpMap.PayloadType);
        var attribute = rtpMap.ToAttribute();
        var fmtp = fmtpParameters is null ? null : new SdpFmtp(format, fmtpParameters).ToAttribute();
        Formats.Add(format);
        Attributes.Add(attribute);
        if (fmtp is not null)
        {
            Attributes.Add(fmtp);
        }
    }

    private decimal? GetMilliseconds(string name)
    {
        if (Attributes.Find(name) is not { } attribute)
        {
            return null;
        }

        var value = SdpAttributeValue.Require(attribute, name);
        return decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var ms) && ms > 0
            ? ms
            : throw SdpAttributeValue.Invalid(attribute, "expected a positive number of milliseconds");
    }

    private void SetMilliseconds(string name, decimal? value)
    {
        if (value is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A packet time is positive.");
        }

        ReplaceOrRemove(name, value is { } ms ? new SdpAttribute(name, ms.ToString(CultureInfo.InvariantCulture)) : null);
    }

    private void ReplaceOrRemove(string name, SdpAttribute? attribute)
    {
        if (attribute is null)
        {
            Attributes.RemoveAll(name);
        }
        else
        {
            Attributes.Replace(name, attribute);
        }
    }
}

/// <summary>Reading and writing the one direction attribute of a section.</summary>
internal static class SdpDirectionAccess
{
    public static SdpDirection? Get(SdpAttributeList attributes)
    {
        SdpDirection? found = null;
        foreach (var attribute in attributes)
        {
            if (SdpDirectionExtensions.FromAttributeName(attribute.Name) is { } direction)
            {
                if (found is not null)
                {
                    throw SdpAttributeValue.Invalid(attribute, "a second direction attribute in the same section (RFC 8866 §6.7)");
                }

                found = direction;
            }
        }

        return found;
    }

    public static void Set(SdpAttributeList attributes, SdpDirection? direction)
    {
        var index = -1;
        for (var i = attributes.Count - 1; i >= 0; i--)
        {
            if (SdpDirectionExtensions.FromAttributeName(attributes[i].Name) is not null)
            {
                attributes.RemoveAt(i);
                index = i;
            }
        }

        if (direction is { } value)
        {
            var attribute = new SdpAttribute(value.ToAttributeName());
            if (index < 0)
            {
                attributes.Add(attribute);
            }
            else
            {
                attributes.Insert(index, attribute);
            }
        }
    }
}
