namespace UcStack.Srtp.Rtcp;

/// <summary>
/// RTCP packet types (the PT field, RFC 3550 §12.1 and the IANA registry). Other values are legal on
/// the wire and are surfaced as the raw number.
/// </summary>
public enum RtcpPacketType : byte
{
    /// <summary>SR, sender report (RFC 3550 §6.4.1).</summary>
    SenderReport = 200,

    /// <summary>RR, receiver report (RFC 3550 §6.4.2).</summary>
    ReceiverReport = 201,

    /// <summary>SDES, source description (RFC 3550 §6.5).</summary>
    SourceDescription = 202,

    /// <summary>BYE, goodbye (RFC 3550 §6.6).</summary>
    Goodbye = 203,

    /// <summary>APP, application-defined (RFC 3550 §6.7).</summary>
    ApplicationDefined = 204,

    /// <summary>RTPFB, transport-layer feedback (RFC 4585 §6.1); read raw.</summary>
    TransportFeedback = 205,

    /// <summary>PSFB, payload-specific feedback (RFC 4585 §6.1); read raw.</summary>
    PayloadFeedback = 206,

    /// <summary>XR, extended report (RFC 3611); read raw.</summary>
    ExtendedReport = 207,
}
