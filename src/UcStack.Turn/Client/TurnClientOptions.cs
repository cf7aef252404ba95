using System.Net;
using Microsoft.Extensions.Logging;
using UcStack.Stun;
using UcStack.Turn.Protocol;

namespace UcStack.Turn.Client;

/// <summary>Settings of a <see cref="TurnClient"/>. Timer values default to the RFC 8656 recommendations.</summary>
public sealed class TurnClientOptions
{
    /// <summary>The TURN server's address and port (required).</summary>
    public required IPEndPoint Server { get; init; }

    /// <summary>Long-term credential username (RFC 8489 §9.2).</summary>
    public required string Username { get; init; }

    /// <summary>Long-term credential password.</summary>
    public required string Password { get; init; }

    /// <summary>Transport to the server: UDP (default) or TCP.</summary>
    public TurnTransport Transport { get; init; } = TurnTransport.Udp;

    /// <summary>
    /// What the relay uses toward peers: UDP (default) or TCP (RFC 6062; needs <see cref="Transport"/> TCP).
    /// </summary>
    public TurnTransport RelayTransport { get; init; } = TurnTransport.Udp;

    /// <summary>LIFETIME to ask for in Allocate and Refresh; null sends none and takes the server default.</summary>
    public TimeSpan? RequestedLifetime { get; init; }

    /// <summary>Refresh the allocation this long before it expires (RFC 8656 §8 suggests a minute); capped at half the lifetime.</summary>
    public TimeSpan RefreshMargin { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Refresh a permission in use after this long; must be below the 300 s permission lifetime (RFC 8656 §9).</summary>
    public TimeSpan PermissionRefreshInterval { get; init; } = TimeSpan.FromSeconds(240);

    /// <summary>Refresh a channel binding in use after this long; must be below the 600 s channel lifetime (RFC 8656 §12).</summary>
    public TimeSpan ChannelRefreshInterval { get; init; } = TimeSpan.FromSeconds(540);

    /// <summary>Initial retransmission timeout over UDP (RFC 8489 §6.2.1: 500 ms recommended).</summary>
    public TimeSpan RetransmissionTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Requests sent over UDP before giving up (RFC 8489 §6.2.1 Rc = 7).</summary>
    public int MaxRetransmissions { get; init; } = 7;

    /// <summary>How long a request waits for its response over TCP (RFC 8489 §6.2.2 Ti = 39.5 s).</summary>
    public TimeSpan StreamTransactionTimeout { get; init; } = TimeSpan.FromSeconds(39.5);

    /// <summary>Received peer packets queued before further ones are dropped (counted in <see cref="TurnClient.DroppedPackets"/>).</summary>
    public int ReceiveQueueCapacity { get; init; } = 1024;

    /// <summary>Incoming RFC 6062 connection attempts queued before further ones are dropped.</summary>
    public int ConnectionAttemptQueueCapacity { get; init; } = 16;

    /// <summary>Password preparation for the long-term key (OpaqueString per RFC 8489; SASLprep for RFC 5389 servers).</summary>
    public StunPasswordProfile PasswordProfile { get; init; } = StunPasswordProfile.OpaqueString;

    /// <summary>SOFTWARE attribute to send, or null for none.</summary>
    public string? Software { get; init; }

    /// <summary>Clock for retransmissions and refresh timers.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Logger factory; null logs nothing.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Server);
        ArgumentException.ThrowIfNullOrEmpty(Username);
        ArgumentNullException.ThrowIfNull(Password);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        if (RelayTransport == TurnTransport.Tcp && Transport != TurnTransport.Tcp)
        {
            throw new ArgumentException("RFC 6062 §4.1: TCP relaying needs a TCP (or TLS) connection to the server.", nameof(RelayTransport));
        }

        // RFC 8656 §9 and §12: refresh before the fixed lifetimes run out.
        if (PermissionRefreshInterval <= TimeSpan.Zero || PermissionRefreshInterval >= TurnConstants.PermissionLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(PermissionRefreshInterval), PermissionRefreshInterval, "Must be positive and below 300 s.");
        }

        if (ChannelRefreshInterval <= TimeSpan.Zero || ChannelRefreshInterval >= TurnConstants.ChannelBindingLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(ChannelRefreshInterval), ChannelRefreshInterval, "Must be positive and below 600 s.");
        }

        if (RequestedLifetime is { } lifetime && (lifetime < TimeSpan.Zero || lifetime.TotalSeconds > uint.MaxValue))
        {
            throw new ArgumentOutOfRangeException(nameof(RequestedLifetime), lifetime, "Must fit LIFETIME's 32-bit seconds.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RetransmissionTimeout, TimeSpan.Zero, nameof(RetransmissionTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(StreamTransactionTimeout, TimeSpan.Zero, nameof(StreamTransactionTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetransmissions, 1, nameof(MaxRetransmissions));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReceiveQueueCapacity, 1, nameof(ReceiveQueueCapacity));
        ArgumentOutOfRangeException.ThrowIfLessThan(ConnectionAttemptQueueCapacity, 1, nameof(ConnectionAttemptQueueCapacity));
    }
}
