namespace UcStack.Stun;

/// <summary>The address family byte of the STUN address attributes (RFC 8489 §14.1) and of the TURN family attributes (RFC 8656 §18.6).</summary>
public enum StunAddressFamily : byte
{
    /// <summary>IPv4 (0x01), a 4-byte address.</summary>
    IPv4 = 0x01,

    /// <summary>IPv6 (0x02), a 16-byte address.</summary>
    IPv6 = 0x02,
}
