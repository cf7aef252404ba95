namespace UcStack.Srtp.Rtcp;

/// <summary>SDES item types (RFC 3550 §6.5, §12.2). Other values are legal and surface as the raw number.</summary>
public enum RtcpSdesItemType : byte
{
    /// <summary>END: the null item that terminates a chunk's item list; never an item itself.</summary>
    End = 0,

    /// <summary>CNAME, canonical end-point identifier (RFC 3550 §6.5.1).</summary>
    CanonicalName = 1,

    /// <summary>NAME, user name (RFC 3550 §6.5.2).</summary>
    Name = 2,

    /// <summary>EMAIL, electronic mail address (RFC 3550 §6.5.3).</summary>
    Email = 3,

    /// <summary>PHONE, phone number (RFC 3550 §6.5.4).</summary>
    Phone = 4,

    /// <summary>LOC, geographic user location (RFC 3550 §6.5.5).</summary>
    Location = 5,

    /// <summary>TOOL, application or tool name (RFC 3550 §6.5.6).</summary>
    Tool = 6,

    /// <summary>NOTE, notice or status (RFC 3550 §6.5.7).</summary>
    Note = 7,

    /// <summary>PRIV, private extension: a length-prefixed prefix string, then the value (RFC 3550 §6.5.8).</summary>
    Private = 8,
}
