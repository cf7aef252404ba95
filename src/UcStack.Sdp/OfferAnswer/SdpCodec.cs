namespace UcStack.Sdp;

/// <summary>
/// A codec this endpoint can use: encoding name, clock rate and channels as in <c>a=rtpmap</c>, with optional fmtp
/// parameters. Names compare case-insensitively (RFC 4855 §3).
/// </summary>
public sealed record SdpCodec
{
    /// <summary>Creates a codec.</summary>
    /// <param name="name">The encoding name, for example "opus", "PCMU", "H264", "telephone-event".</param>
    /// <param name="clockRate">The RTP clock rate in Hz.</param>
    /// <param name="channels">Audio channels (1 unless stereo).</param>
    /// <param name="fmtp">The fmtp parameter text this endpoint sends, or <see langword="null"/>.</param>
    /// <param name="payloadType">The payload type to use in offers, or <see langword="null"/> for the static number or the next dynamic one.</param>
    /// <exception cref="ArgumentException">The name is not a token, channels are outside 1..255, or the payload type is outside 0..127.</exception>
    public SdpCodec(string name, uint clockRate, int channels = 1, string? fmtp = null, int? payloadType = null)
    {
        Name = SdpText.Token(name, nameof(name));
        ClockRate = clockRate;
        Channels = channels is >= 1 and <= 255 ? channels : throw new ArgumentOutOfRangeException(nameof(channels), channels, "1..255");
        Fmtp = fmtp is null ? null : SdpText.LineSafe(fmtp, nameof(fmtp));
        PayloadType = payloadType is null or (>= 0 and <= 127) ? payloadType : throw new ArgumentOutOfRangeException(nameof(payloadType), payloadType, "0..127");
    }

    /// <summary>The encoding name.</summary>
    public string Name { get; }

    /// <summary>The clock rate in Hz.</summary>
    public uint ClockRate { get; }

    /// <summary>The channel count.</summary>
    public int Channels { get; }

    /// <summary>The fmtp parameter text, or <see langword="null"/>.</summary>
    public string? Fmtp { get; }

    /// <summary>The payload type to offer with, or <see langword="null"/>.</summary>
    public int? PayloadType { get; }

    /// <summary>
    /// Names of fmtp parameters that must be equal in the offer and here for the codec to match (for example
    /// "packetization-mode" for H.264). Empty by default: fmtp does not affect matching.
    /// </summary>
    public IReadOnlyList<string> MatchParameters { get; init; } = [];

    /// <summary>G.711 µ-law, static payload type 0.</summary>
    public static SdpCodec Pcmu => new("PCMU", 8000);

    /// <summary>G.711 A-law, static payload type 8.</summary>
    public static SdpCodec Pcma => new("PCMA", 8000);

    /// <summary>G.722, static payload type 9 (clock 8000 by RFC 3551 §4.5.2's historical error).</summary>
    public static SdpCodec G722 => new("G722", 8000);

    /// <summary>RFC 4733 DTMF events at 8 kHz.</summary>
    public static SdpCodec TelephoneEvent => new("telephone-event", 8000, fmtp: "0-16");

    /// <summary>Whether this codec has the same name (case-insensitive), clock rate and channels as <paramref name="rtpMap"/>.</summary>
    /// <param name="rtpMap">The offered mapping.</param>
    /// <returns><see langword="true"/> on a match.</returns>
    public bool Matches(SdpRtpMap rtpMap)
    {
        ArgumentNullException.ThrowIfNull(rtpMap);
        return string.Equals(Name, rtpMap.EncodingName, StringComparison.OrdinalIgnoreCase)
            && ClockRate == rtpMap.ClockRate
            && Channels == rtpMap.Channels;
    }

    /// <summary>
    /// The mapping of a static RTP/AVP payload type (RFC 3551 §6, table 4 and 5) that has no rtpmap, or <see langword="null"/>.
    /// </summary>
    /// <param name="payloadType">The payload type.</param>
    /// <returns>The implied mapping or <see langword="null"/>.</returns>
    public static SdpRtpMap? GetStaticRtpMap(int payloadType) => payloadType switch
    {
        0 => new SdpRtpMap(0, "PCMU", 8000),
        3 => new SdpRtpMap(3, "GSM", 8000),
        4 => new SdpRtpMap(4, "G723", 8000),
        5 => new SdpRtpMap(5, "DVI4", 8000),
        6 => new SdpRtpMap(6, "DVI4", 16000),
        7 => new SdpRtpMap(7, "LPC", 8000),
        8 => new SdpRtpMap(8, "PCMA", 8000),
        9 => new SdpRtpMap(9, "G722", 8000),
        10 => new SdpRtpMap(10, "L16", 44100, "2"),
        11 => new SdpRtpMap(11, "L16", 44100),
        12 => new SdpRtpMap(12, "QCELP", 8000),
        13 => new SdpRtpMap(13, "CN", 8000),
        14 => new SdpRtpMap(14, "MPA", 90000),
        15 => new SdpRtpMap(15, "G728", 8000),
        16 => new SdpRtpMap(16, "DVI4", 11025),
        17 => new SdpRtpMap(17, "DVI4", 22050),
        18 => new SdpRtpMap(18, "G729", 8000),
        25 => new SdpRtpMap(25, "CelB", 90000),
        26 => new SdpRtpMap(26, "JPEG", 90000),
        28 => new SdpRtpMap(28, "nv", 90000),
        31 => new SdpRtpMap(31, "H261", 90000),
        32 => new SdpRtpMap(32, "MPV", 90000),
        33 => new SdpRtpMap(33, "MP2T", 90000),
        34 => new SdpRtpMap(34, "H263", 90000),
        _ => null,
    };

    /// <summary>The static payload type this codec has in RFC 3551, or <see langword="null"/>.</summary>
    /// <returns>The static number or <see langword="null"/>.</returns>
    public int? GetStaticPayloadType()
    {
        for (var pt = 0; pt <= 34; pt++)
        {
            if (GetStaticRtpMap(pt) is { } map && Matches(map))
            {
                return pt;
            }
        }

        return null;
    }

    internal bool ParametersMatch(SdpFmtp? offered)
    {
        if (MatchParameters.Count == 0)
        {
            return true;
        }

        var ours = Fmtp is null ? [] : new SdpFmtp("0", Fmtp).GetParameters();
        var theirs = offered?.GetParameters() ?? [];
        foreach (var name in MatchParameters)
        {
            var a = ours.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
            var b = theirs.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
            if (!string.Equals(a, b, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}
