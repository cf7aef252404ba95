namespace UcStack.Srtp.Rtp;

/// <summary>
/// The scalar fields of an RTP fixed header (RFC 3550 §5.1), used to write packets with
/// <see cref="RtpPacketWriter"/> and to compare parsed packets. The version is always 2; the padding,
/// extension and CSRC-count fields are derived from what is written.
/// </summary>
/// <param name="Marker">The M bit; its meaning is defined by the profile.</param>
/// <param name="PayloadType">The payload type, 0–127.</param>
/// <param name="SequenceNumber">The sequence number.</param>
/// <param name="Timestamp">The RTP timestamp.</param>
/// <param name="Ssrc">The synchronization source identifier.</param>
public readonly record struct RtpHeader(
    bool Marker,
    byte PayloadType,
    ushort SequenceNumber,
    uint Timestamp,
    uint Ssrc)
{
    /// <summary>The largest value the 7-bit payload type field holds.</summary>
    public const byte MaxPayloadType = 127;

    /// <summary>The largest number of CSRC identifiers the 4-bit CC field counts (RFC 3550 §5.1).</summary>
    public const int MaxCsrcCount = 15;

    /// <summary>The length of the fixed header without CSRCs (RFC 3550 §5.1).</summary>
    public const int FixedHeaderLength = 12;
}
