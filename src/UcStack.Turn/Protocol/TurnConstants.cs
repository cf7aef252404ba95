namespace UcStack.Turn.Protocol;

/// <summary>Numbers and default timer values of TURN (RFC 8656) and TURN-TCP (RFC 6062).</summary>
public static class TurnConstants
{
    /// <summary>Lowest channel number a client may bind (RFC 8656 §12).</summary>
    public const ushort MinChannelNumber = 0x4000;

    /// <summary>Highest channel number a client may bind (RFC 8656 §12; 0x5000–0x7FFF are reserved).</summary>
    public const ushort MaxChannelNumber = 0x4FFF;

    /// <summary>Length of the ChannelData header: channel number and length, 16 bits each (RFC 8656 §12.4).</summary>
    public const int ChannelDataHeaderLength = 4;

    /// <summary>Largest application data a ChannelData message can carry (its length field is 16 bits).</summary>
    public const int MaxChannelDataLength = ushort.MaxValue;

    /// <summary>REQUESTED-TRANSPORT value for UDP relaying (IANA protocol number 17; RFC 8656 §18.7).</summary>
    public const byte TransportUdp = 17;

    /// <summary>REQUESTED-TRANSPORT value for TCP relaying (IANA protocol number 6; RFC 6062 §5.1).</summary>
    public const byte TransportTcp = 6;

    /// <summary>Default allocation lifetime when the client asks for none: 10 minutes (RFC 8656 §3.2).</summary>
    public static readonly TimeSpan DefaultAllocationLifetime = TimeSpan.FromSeconds(600);

    /// <summary>Recommended upper bound servers apply to allocation lifetimes: one hour (RFC 8656 §7.2).</summary>
    public static readonly TimeSpan MaxAllocationLifetime = TimeSpan.FromSeconds(3600);

    /// <summary>Lifetime of a permission: 300 seconds, not configurable (RFC 8656 §9).</summary>
    public static readonly TimeSpan PermissionLifetime = TimeSpan.FromSeconds(300);

    /// <summary>Lifetime of a channel binding: 10 minutes (RFC 8656 §12).</summary>
    public static readonly TimeSpan ChannelBindingLifetime = TimeSpan.FromSeconds(600);

    /// <summary>How long a server keeps a channel number and peer from being re-bound after expiry (RFC 8656 §12).</summary>
    public static readonly TimeSpan ChannelRebindGuard = TimeSpan.FromSeconds(300);

    /// <summary>Time a client has to send ConnectionBind after Connect or ConnectionAttempt (RFC 6062 §5.2/§5.3).</summary>
    public static readonly TimeSpan ConnectionBindTimeout = TimeSpan.FromSeconds(30);
}
