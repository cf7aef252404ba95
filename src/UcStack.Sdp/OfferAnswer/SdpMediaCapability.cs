namespace UcStack.Sdp;

/// <summary>What this endpoint can do for one media type, used to build offers and answers (RFC 3264).</summary>
public sealed record SdpMediaCapability
{
    /// <summary>Creates a capability.</summary>
    /// <param name="mediaType">"audio", "video", ... (compared case-insensitively with offered m= lines).</param>
    /// <param name="port">The local RTP port for this media (1..65535).</param>
    /// <param name="codecs">The codecs in preference order.</param>
    /// <exception cref="ArgumentException">The media type is not a token, the port is outside 1..65535 or there are no codecs.</exception>
    public SdpMediaCapability(string mediaType, int port, IEnumerable<SdpCodec> codecs)
    {
        MediaType = SdpText.Token(mediaType, nameof(mediaType));
        Port = port is >= 1 and <= 65535 ? port : throw new ArgumentOutOfRangeException(nameof(port), port, "1..65535");
        ArgumentNullException.ThrowIfNull(codecs);
        Codecs = codecs.ToArray();
        if (Codecs.Count == 0)
        {
            throw new ArgumentException("At least one codec is needed.", nameof(codecs));
        }
    }

    /// <summary>The media type.</summary>
    public string MediaType { get; }

    /// <summary>The local port.</summary>
    public int Port { get; init; }

    /// <summary>The codecs in preference order.</summary>
    public IReadOnlyList<SdpCodec> Codecs { get; }

    /// <summary>Transport protocols accepted in offers (case-insensitive); the first is used in our offers.</summary>
    public IReadOnlyList<string> Protocols { get; init; } = ["RTP/AVP", "RTP/SAVP"];

    /// <summary>What this endpoint wants to do (before the peer's direction is applied).</summary>
    public SdpDirection Direction { get; init; } = SdpDirection.SendRecv;

    /// <summary>The SRTP policy.</summary>
    public SdpSrtpPolicy Srtp { get; init; } = SdpSrtpPolicy.Optional;

    /// <summary>Crypto suites in preference order for offers; in answers the offerer's order decides (RFC 4568 §7.1.1).</summary>
    public IReadOnlyList<string> CryptoSuites { get; init; } = ["AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32"];

    /// <summary>Whether to accept (echo) a=rtcp-mux (RFC 5761 §5.1.3) and offer it.</summary>
    public bool RtcpMux { get; init; } = true;

    /// <summary>The a=ptime to send, or <see langword="null"/>.</summary>
    public decimal? PacketTime { get; init; }

    /// <summary>List codecs in the answer in our preference order instead of the offerer's (RFC 3264 §6.1 allows either).</summary>
    public bool AnswerInLocalPreferenceOrder { get; init; }
}
