namespace UcStack.Ice;

/// <summary>What a non-STUN datagram on an ICE socket is, by its first byte (RFC 7983 §7).</summary>
public enum IceDatagramKind
{
    /// <summary>RTP or RTCP (first byte 128-191).</summary>
    Rtp,

    /// <summary>DTLS (first byte 20-63).</summary>
    Dtls,

    /// <summary>ZRTP (first byte 16-19).</summary>
    Zrtp,
}
