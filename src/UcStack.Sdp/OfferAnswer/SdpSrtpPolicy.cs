namespace UcStack.Sdp;

/// <summary>Whether a media capability uses SDES-keyed SRTP (RFC 4568).</summary>
public enum SdpSrtpPolicy
{
    /// <summary>Never: a=crypto is not offered, RTP/SAVP streams are rejected.</summary>
    Disabled = 0,

    /// <summary>
    /// When the peer wants it: RTP/SAVP offers are answered with a=crypto, and an RTP/AVP offer that carries a=crypto
    /// ([MS-SDPEXT] §3.1.5.1 "SRTP optional") is answered with a=crypto too.
    /// </summary>
    Optional,

    /// <summary>Always: streams without an acceptable a=crypto are rejected; offers use RTP/SAVP.</summary>
    Required,
}
