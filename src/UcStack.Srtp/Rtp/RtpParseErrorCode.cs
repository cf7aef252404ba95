namespace UcStack.Srtp.Rtp;

/// <summary>
/// Why an RTP packet was rejected. Values are stable: they are logged and shown by tools, so new
/// reasons are appended, never renumbered.
/// </summary>
public enum RtpParseErrorCode
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>Fewer than the 12 octets of the fixed header (RFC 3550 §5.1).</summary>
    TooShort = 1,

    /// <summary>The version field is not 2 (RFC 3550 §5.1, §A.1).</summary>
    UnsupportedVersion = 2,

    /// <summary>The CSRC count promises more identifiers than the packet holds (RFC 3550 §5.1).</summary>
    CsrcOverrun = 3,

    /// <summary>The X bit is set but the header extension (its 4-octet header or its declared length)
    /// runs past the end of the packet (RFC 3550 §5.3.1).</summary>
    ExtensionOverrun = 4,

    /// <summary>The P bit is set but the padding count is zero or larger than the octets after the
    /// header (RFC 3550 §5.1, §A.1).</summary>
    InvalidPaddingLength = 5,

    /// <summary>An RFC 8285 extension element's length runs past the end of the extension block
    /// (RFC 8285 §4.2, §4.3).</summary>
    ExtensionElementOverrun = 6,
}
