namespace UcStack.Server;

/// <summary>The <c>Server:Turn</c> section: the TURN relay (RFC 8656 and MS-TURN on one port) and the relay
/// credentials handed out over SIP.</summary>
internal sealed class TurnRelayOptions
{
    /// <summary>Whether the relay runs.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The address the relay listens on (UDP and TCP) and relays from.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>The UDP and TCP port; 0 picks a free one.</summary>
    public int Port { get; set; } = 3478;

    /// <summary>The TURN realm; the SIP domain when empty.</summary>
    public string? Realm { get; set; }

    /// <summary>The host name put into the credentials response's media relay list; <see cref="Address"/> when empty.</summary>
    public string? PublicHostName { get; set; }

    /// <summary>How long handed-out credentials stay valid, in minutes (MRAS <c>duration</c>); a client may ask for less.</summary>
    public int CredentialMinutes { get; set; } = 480;

    /// <summary>The secret the credentials service and the relay share, base64 (at least 32 bytes); a random one per
    /// process when empty (credentials then die with the process, which suits one process).</summary>
    public string? SharedSecret { get; set; }

    /// <summary>The relay port range.</summary>
    public int RelayPortMin { get; set; } = 49152;

    /// <summary>The relay port range's upper end.</summary>
    public int RelayPortMax { get; set; } = 65535;

    /// <summary>Whether peers on loopback may be reached through the relay (on for the loopback demo; turn it off on
    /// a public host).</summary>
    public bool AllowLoopbackPeers { get; set; } = true;
}
