namespace UcStack.Srtp.Rtp;

/// <summary>How the data of an RTP header extension is laid out, decided by its profile field.</summary>
public enum RtpHeaderExtensionForm
{
    /// <summary>The packet has no header extension (X bit clear).</summary>
    None = 0,

    /// <summary>RFC 8285 §4.2 one-byte elements (profile 0xBEDE).</summary>
    OneByte = 1,

    /// <summary>RFC 8285 §4.3 two-byte elements (profile 0x100X, X = appbits).</summary>
    TwoByte = 2,

    /// <summary>Another profile: the data is opaque (RFC 3550 §5.3.1).</summary>
    Opaque = 3,
}
