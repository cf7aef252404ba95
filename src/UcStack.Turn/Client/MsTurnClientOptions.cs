using System.Net;
using Microsoft.Extensions.Logging;
using UcStack.Stun;

namespace UcStack.Turn.Client;

/// <summary>Settings of an <see cref="MsTurnClient"/> (MS-TURN, our digest `ms-extensions.md` §3).</summary>
public sealed class MsTurnClientOptions
{
    /// <summary>The MS-TURN server's address and port (required).</summary>
    public required IPEndPoint Server { get; init; }

    /// <summary>Username (for OCS edges: the MRAS-issued one).</summary>
    public required string Username { get; init; }

    /// <summary>Password; the key is MD5(username:realm:password).</summary>
    public required string Password { get; init; }

    /// <summary>
    /// Transport to the server: UDP (default) or TCP. Over TCP every message uses MS-TURN's TCP framing
    /// (<c>type 0x00 length</c>; 0x02 control, 0x03 data), so the active destination works there too.
    /// </summary>
    public TurnTransport Transport { get; init; } = TurnTransport.Udp;

    /// <summary>LIFETIME to ask for in Allocate; null sends none and takes the server default.</summary>
    public TimeSpan? RequestedLifetime { get; init; }

    /// <summary>Re-Allocate this long before the allocation expires; capped at half the lifetime.</summary>
    public TimeSpan RefreshMargin { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Fetch a fresh nonce (a re-Allocate that starts without credentials, so the server challenges again) when
    /// the current one is this old. Send requests get no response, so a nonce the server let expire would drop
    /// them silently; keep this below the server's nonce lifetime (ours defaults to 10 minutes).
    /// </summary>
    public TimeSpan NonceRenewInterval { get; init; } = TimeSpan.FromMinutes(4);

    /// <summary>MS-VERSION sent in every request (default 3: the highest without IPv6 allocations).</summary>
    public uint MsVersion { get; init; } = 3;

    /// <summary>Initial retransmission timeout over UDP (RFC 8489 §6.2.1 timing, which MS-TURN keeps).</summary>
    public TimeSpan RetransmissionTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Requests sent over UDP before giving up.</summary>
    public int MaxRetransmissions { get; init; } = 7;

    /// <summary>How long a request waits for its response over TCP.</summary>
    public TimeSpan StreamTransactionTimeout { get; init; } = TimeSpan.FromSeconds(39.5);

    /// <summary>Received packets queued before further ones are dropped (counted in <see cref="MsTurnClient.DroppedPackets"/>).</summary>
    public int ReceiveQueueCapacity { get; init; } = 1024;

    /// <summary>Password preparation for the key (OpaqueString leaves ASCII passwords unchanged).</summary>
    public StunPasswordProfile PasswordProfile { get; init; } = StunPasswordProfile.OpaqueString;

    /// <summary>Clock for retransmissions and refreshes.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Logger factory; null logs nothing.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Server);
        ArgumentException.ThrowIfNullOrEmpty(Username);
        ArgumentNullException.ThrowIfNull(Password);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        if (RequestedLifetime is { } lifetime && (lifetime <= TimeSpan.Zero || lifetime.TotalSeconds > uint.MaxValue))
        {
            throw new ArgumentOutOfRangeException(nameof(RequestedLifetime), lifetime, "Must be positive and fit LIFETIME's 32-bit seconds.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RefreshMargin, TimeSpan.Zero, nameof(RefreshMargin));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(NonceRenewInterval, TimeSpan.Zero, nameof(NonceRenewInterval));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RetransmissionTimeout, TimeSpan.Zero, nameof(RetransmissionTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(StreamTransactionTimeout, TimeSpan.Zero, nameof(StreamTransactionTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetransmissions, 1, nameof(MaxRetransmissions));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReceiveQueueCapacity, 1, nameof(ReceiveQueueCapacity));
    }
}
