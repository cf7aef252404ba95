using System.Net;

namespace UcStack.Turn.Server;

/// <summary>
/// Configuration of a <see cref="TurnServer"/>: where it listens, where it relays, how long things live
/// and the operator limits. Validated by <see cref="TurnServer.StartAsync"/>.
/// </summary>
public sealed class TurnServerOptions
{
    /// <summary>
    /// Address and port the server listens on, for UDP and TCP alike (port 0 picks a free port for both).
    /// Default 127.0.0.1:3478.
    /// </summary>
    public IPEndPoint ListenEndPoint { get; set; } = new(IPAddress.Loopback, 3478);

    /// <summary>The realm of the long-term credential mechanism (RFC 8489 §9.2). Default <c>ucstack</c>.</summary>
    public string Realm { get; set; } = "ucstack";

    /// <summary>Where the long-term keys come from. Required.</summary>
    public ITurnCredentialStore? CredentialStore { get; set; }

    /// <summary>Address the relayed transport addresses are bound to. Default: the listen address.</summary>
    public IPAddress? RelayAddress { get; set; }

    /// <summary>Lowest relay port (inclusive). Default 49152 (RFC 8656 §7.2 recommends the dynamic range).</summary>
    public int RelayPortMin { get; set; } = 49152;

    /// <summary>Highest relay port (inclusive). Default 65535.</summary>
    public int RelayPortMax { get; set; } = 65535;

    /// <summary>How long a NONCE stays valid before requests get 438 (Stale Nonce). Default 10 minutes.</summary>
    public TimeSpan NonceLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Allocation lifetime when the client asks for less (RFC 8656: 600 s).</summary>
    public TimeSpan DefaultAllocationLifetime { get; set; } = TimeSpan.FromSeconds(600);

    /// <summary>Longest allocation lifetime granted (RFC 8656 recommends 3600 s).</summary>
    public TimeSpan MaxAllocationLifetime { get; set; } = TimeSpan.FromSeconds(3600);

    /// <summary>Allocations one username may hold at once; beyond it Allocate gets 486. Default 10.</summary>
    public int MaxAllocationsPerUser { get; set; } = 10;

    /// <summary>Allocations the whole server holds at once; beyond it Allocate gets 486. Default 1000.</summary>
    public int MaxAllocations { get; set; } = 1000;

    /// <summary>Permissions one allocation may hold; beyond it CreatePermission gets 508. Default 64.</summary>
    public int MaxPermissionsPerAllocation { get; set; } = 64;

    /// <summary>Simultaneous TCP client connections; further ones are closed at once. Default 1000.</summary>
    public int MaxTcpConnections { get; set; } = 1000;

    /// <summary>
    /// A TCP connection that holds no allocation and has sent nothing for this long is closed, so idle
    /// connections cannot occupy <see cref="MaxTcpConnections"/>. Default 60 seconds.
    /// </summary>
    public TimeSpan TcpIdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Relayed bytes per second per allocation, both directions together (a token bucket with one second of
    /// burst); packets beyond it are dropped and counted. 0 (the default) means unlimited.
    /// </summary>
    public long BandwidthBytesPerSecond { get; set; }

    /// <summary>
    /// Peer address ranges the operator excludes: CreatePermission and ChannelBind for them get 403.
    /// </summary>
    public IList<IPNetwork> DeniedPeerRanges { get; } = new List<IPNetwork>();

    /// <summary>
    /// Whether loopback peers (127.0.0.0/8, ::1) are allowed. Default false, like coturn's
    /// no-loopback-peers default: a relay on a public host should not reach its own loopback services.
    /// </summary>
    public bool AllowLoopbackPeers { get; set; }

    /// <summary>
    /// Accept the RFC 5766 channel range 0x4000-0x7FFF in ChannelBind instead of RFC 8656's 0x4000-0x4FFF.
    /// Default false. Older clients (coturn's turnutils_uclient among them) pick numbers up to 0x7FFF; RFC 8656
    /// reserved 0x5000-0x7FFF, so enable this only when such clients must be served.
    /// </summary>
    public bool AllowRfc5766ChannelNumbers { get; set; }

    /// <summary>
    /// How long the server tries to open a TCP connection to a peer for an RFC 6062 Connect before answering
    /// 447 (Connection Timeout or Failure). Default 15 seconds.
    /// </summary>
    public TimeSpan PeerConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// RFC 6062 connections (connecting, awaiting ConnectionBind, or bound) one TCP allocation may hold; beyond
    /// it Connect gets 508 and incoming peer connections are closed. Default 64.
    /// </summary>
    public int MaxConnectionsPerAllocation { get; set; } = 64;

    /// <summary>
    /// Receive and send buffer size, in bytes, requested for every UDP socket of the server (the listener and each
    /// relay), so bursts are queued instead of dropped by the kernel. Best effort: the OS may clamp it (on Linux to
    /// <c>net.core.rmem_max</c>/<c>wmem_max</c>); the listener's obtained size is logged (EventId 2015). 0 keeps
    /// the OS default. Default 4 MiB.
    /// </summary>
    public int UdpSocketBufferSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>SOFTWARE attribute value in responses; null or empty sends none. Default <c>UcStack.Turn</c>.</summary>
    public string? Software { get; set; } = "UcStack.Turn";

    /// <summary>Clock for nonces and lifetimes. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
