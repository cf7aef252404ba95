namespace UcStack.Sdp;

/// <summary>The outcome of negotiation for one m= line: what was agreed and where to send.</summary>
public sealed record SdpNegotiatedMedia
{
    /// <summary>The 0-based m= line index.</summary>
    public required int Index { get; init; }

    /// <summary>The media type.</summary>
    public required string MediaType { get; init; }

    /// <summary>Why the stream is rejected, or <see cref="SdpStreamRejection.None"/> when it is active.</summary>
    public required SdpStreamRejection Rejection { get; init; }

    /// <summary>Whether the stream is active.</summary>
    public bool IsAccepted => Rejection == SdpStreamRejection.None;

    /// <summary>The transport protocol.</summary>
    public string Protocol { get; init; } = string.Empty;

    /// <summary>The agreed codecs with the payload types both sides use, in the answer's order.</summary>
    public IReadOnlyList<SdpRtpMap> Codecs { get; init; } = [];

    /// <summary>The agreed non-RTP formats (for protocols other than RTP), or empty.</summary>
    public IReadOnlyList<string> Formats { get; init; } = [];

    /// <summary>This endpoint's direction for the stream.</summary>
    public SdpDirection LocalDirection { get; init; } = SdpDirection.Inactive;

    /// <summary>Where to send media: the peer's effective connection address, or <see langword="null"/>.</summary>
    public string? RemoteAddress { get; init; }

    /// <summary>The peer's port.</summary>
    public int RemotePort { get; init; }

    /// <summary>Whether the peer used the RFC 2543 hold form c=0.0.0.0 (RFC 3264 §8.4).</summary>
    public bool RemoteUsedZeroAddressHold { get; init; }

    /// <summary>Whether both sides agreed on rtcp-mux.</summary>
    public bool RtcpMux { get; init; }

    /// <summary>The a=crypto this endpoint wrote (its sending key), or <see langword="null"/>.</summary>
    public SdpCrypto? LocalCrypto { get; init; }

    /// <summary>The peer's a=crypto with the agreed tag (its sending key), or <see langword="null"/>.</summary>
    public SdpCrypto? RemoteCrypto { get; init; }
}
