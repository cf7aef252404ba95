namespace UcStack.Fuzz;

/// <summary>The registry of targets, one per parser that reads bytes from the network.</summary>
internal static class FuzzTargets
{
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("sip-message", "SIP message from one datagram (SipMessage.TryParse), typed headers and re-parse of its canonical form", SipTargets.Message),
        new("sip-stream", "SIP stream framing (SipStreamReader.TryRead) over the input in one and in 7-byte segments", SipTargets.Stream),
        new("sip-uri", "SIP/SIPS/tel/absolute URI (AddressUri.TryParse) and re-parse of its text", SipTargets.Uri),
        new("sdp", "SDP session (SdpSession.TryParse), every typed accessor, and re-parse of its encoding", SdpTarget.Session),
        new("stun", "STUN message, RFC 5389/8489 format (StunMessageReader.TryParse), every attribute getter and check", StunTargets.Rfc),
        new("stun-msturn", "STUN message with the MS-TURN format allowed (AllowMsTurnFormat)", StunTargets.MsTurn),
        new("turn-channeldata", "TURN ChannelData framing (TurnChannelData.TryParse)", StunTargets.ChannelData),
        new("rtp", "RTP packet (RtpPacket.TryParse), CSRCs and header-extension elements", MediaTargets.Rtp),
        new("rtcp", "RTCP compound (RtcpCompoundReader.TryCreate) and every typed packet view", MediaTargets.Rtcp),
        new("srtp-unprotect", "SRTP unprotect (SrtpContext.UnprotectRtp) with a fixed test key, every suite", MediaTargets.SrtpUnprotect),
        new("srtcp-unprotect", "SRTCP unprotect (SrtpContext.UnprotectRtcp) with a fixed test key, every suite", MediaTargets.SrtcpUnprotect),
        new("c3p", "C3P message XML (C3PXml.TryParse) and re-parse of its written form", C3PTargets.Message),
        new("conference-info", "conference-info XML, RFC 4575 (ConferenceInfoXml.TryParse) and re-parse of its written form", C3PTargets.ConferenceInfo),
        new("psom", "Psom frame (PsomFrameCodec.TryDecode) from one span and from segments, and re-decode of its encoding", PsomTarget.Frame),
    ];

    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));
}
