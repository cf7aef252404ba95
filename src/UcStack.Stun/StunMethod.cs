namespace UcStack.Stun;

/// <summary>
/// A STUN method (the 12 method bits of the message type, RFC 8489 §5). The named values are the IANA
/// "STUN Methods" registrations from RFC 8489, RFC 8656 (TURN) and RFC 6062 (TURN over TCP); any other
/// 12-bit value is carried through unchanged.
/// </summary>
public enum StunMethod : ushort
{
    /// <summary>Binding (0x001), RFC 8489.</summary>
    Binding = 0x001,

    /// <summary>Allocate (0x003), RFC 8656; also the MS-TURN Allocate request.</summary>
    Allocate = 0x003,

    /// <summary>Refresh (0x004), RFC 8656.</summary>
    Refresh = 0x004,

    /// <summary>Send (0x006), RFC 8656 (indication only).</summary>
    Send = 0x006,

    /// <summary>Data (0x007), RFC 8656 (indication only).</summary>
    Data = 0x007,

    /// <summary>CreatePermission (0x008), RFC 8656.</summary>
    CreatePermission = 0x008,

    /// <summary>ChannelBind (0x009), RFC 8656.</summary>
    ChannelBind = 0x009,

    /// <summary>Connect (0x00A), RFC 6062.</summary>
    Connect = 0x00A,

    /// <summary>ConnectionBind (0x00B), RFC 6062.</summary>
    ConnectionBind = 0x00B,

    /// <summary>ConnectionAttempt (0x00C), RFC 6062.</summary>
    ConnectionAttempt = 0x00C,
}
