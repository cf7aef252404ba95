namespace UcStack.Srtp.Rtcp;

/// <summary>
/// Why an RTCP packet or compound packet was rejected. Values are stable: they are logged and shown by
/// tools, so new reasons are appended, never renumbered.
/// </summary>
public enum RtcpParseErrorCode
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>Fewer than the 4 octets of a common header are left (RFC 3550 §6.4.1).</summary>
    Truncated = 1,

    /// <summary>The version field is not 2 (RFC 3550 §A.2).</summary>
    UnsupportedVersion = 2,

    /// <summary>The length field runs past the end of the data (RFC 3550 §6.4.1, §A.2).</summary>
    LengthOverrun = 3,

    /// <summary>The first packet of a compound packet is neither SR nor RR (RFC 3550 §6.1, §A.2).</summary>
    FirstPacketNotReport = 4,

    /// <summary>A packet other than the last of a compound packet has its padding bit set (RFC 3550 §6.4.1, §A.2).</summary>
    PaddingNotLast = 5,

    /// <summary>The padding count is zero, not a multiple of 4, or larger than the packet body (RFC 3550 §6.4.1).</summary>
    InvalidPaddingLength = 6,

    /// <summary>A typed view was asked to read a packet of another type.</summary>
    WrongPacketType = 7,

    /// <summary>The packet is shorter than the fixed part of its type (SSRC, sender info, APP name).</summary>
    PacketTooShort = 8,

    /// <summary>The report count promises more report blocks than the packet holds (RFC 3550 §6.4.1, §6.4.2).</summary>
    ReportBlocksOverrun = 9,

    /// <summary>The source count promises more SDES chunks than the packet holds (RFC 3550 §6.5).</summary>
    SdesChunkOverrun = 10,

    /// <summary>An SDES item's length runs past the end of the packet (RFC 3550 §6.5).</summary>
    SdesItemOverrun = 11,

    /// <summary>An SDES chunk ends without its null terminator item (RFC 3550 §6.5).</summary>
    SdesMissingTerminator = 12,

    /// <summary>The octets padding an SDES chunk to 32 bits after its terminator are not null (RFC 3550 §6.5).</summary>
    SdesInvalidChunkPadding = 13,

    /// <summary>A PRIV item's prefix length runs past the item (RFC 3550 §6.5.8).</summary>
    SdesPrivatePrefixOverrun = 14,

    /// <summary>The source count promises more SSRCs than the BYE packet holds (RFC 3550 §6.6).</summary>
    ByeSourcesOverrun = 15,

    /// <summary>The BYE reason length runs past the end of the packet (RFC 3550 §6.6).</summary>
    ByeReasonOverrun = 16,

    /// <summary>Octets are left after everything the packet's counts account for (beyond 32-bit alignment).</summary>
    TrailingData = 17,
}
