using UcStack.Stun;

namespace UcStack.Turn.Server;

/// <summary>
/// One allocation (RFC 8656 §2.2): the relay socket, its permissions and channel bindings and their
/// deadlines. All state is read and written under the engine's lock; deadlines are
/// <see cref="TimeProvider.GetTimestamp"/> values.
/// </summary>
internal sealed class TurnAllocation : IRelayReceiver, ITcpRelayReceiver
{
    private readonly TurnServerEngine _engine;

    public TurnAllocation(TurnServerEngine engine, FiveTuple tuple, ITurnClientLink link, string username, byte[] transactionId)
    {
        _engine = engine;
        Tuple = tuple;
        Link = link;
        Username = username;
        AllocateTransactionId = transactionId;
    }

    public FiveTuple Tuple { get; }

    public TurnServerEngine Engine => _engine;

    public ITurnClientLink Link { get; }

    public string Username { get; }

    /// <summary>Transaction id of the Allocate that created it, to recognise retransmissions (RFC 8656 §7.2).</summary>
    public byte[] AllocateTransactionId { get; }

    public IRelaySocket? Relay { get; set; }

    /// <summary>Created by an MS-TURN Allocate: served in MS-TURN message format only.</summary>
    public bool IsMsTurn { get; init; }

    /// <summary>The 20-byte MS-SEQUENCE-NUMBER connection id this server gave an MS-TURN allocation.</summary>
    public byte[] MsConnectionId { get; init; } = [];

    /// <summary>The last MS-SEQUENCE-NUMBER accepted over TCP.</summary>
    public uint? MsLastSequence { get; set; }

    /// <summary>MS-TURN Set Active Destination: the peer relayed to and from without framing.</summary>
    public StunEndPoint? ActiveDestination { get; set; }

    /// <summary>The listener of a TCP allocation (RFC 6062); null for UDP allocations.</summary>
    public TcpRelayListener? TcpRelay { get; set; }

    /// <summary>RFC 6062 connections of a TCP allocation by CONNECTION-ID: connecting, awaiting a bind, or bound.</summary>
    public Dictionary<uint, TcpPeerConnection> Connections { get; } = [];

    public StunEndPoint RelayedAddress { get; set; }

    public long ExpiresAt { get; set; }

    public TokenBucket? Bandwidth { get; set; }

    /// <summary>The RESERVATION-TOKEN this allocation's Allocate handed out, repeated on retransmissions.</summary>
    public ulong? ReservationToken { get; set; }

    public ITimer? Timer { get; set; }

    public bool IsDeleted { get; set; }

    /// <summary>Permissions by peer IP address (port 0): RFC 8656 §9 ignores the port.</summary>
    public Dictionary<StunEndPoint, long> Permissions { get; } = [];

    /// <summary>Channel bindings by number.</summary>
    public Dictionary<ushort, ChannelBinding> ChannelsByNumber { get; } = [];

    /// <summary>Channel numbers by peer transport address.</summary>
    public Dictionary<StunEndPoint, ushort> ChannelsByPeer { get; } = [];

    /// <summary>
    /// Expired bindings, kept until <see cref="ChannelBinding.ExpiresAt"/> (expiry + 5 minutes) so neither the
    /// number nor the peer is re-bound to something else meanwhile (RFC 8656 §12).
    /// </summary>
    public Dictionary<ushort, ChannelBinding> ExpiredChannels { get; } = [];

    public void OnPeerDatagram(StunEndPoint peer, ReadOnlySpan<byte> datagram) => _engine.HandlePeerDatagram(this, peer, datagram);

    public void OnPeerConnection(System.Net.Sockets.Socket socket, StunEndPoint peer) => _engine.HandlePeerConnection(this, socket, peer);

    public void OnTimer() => _engine.HandleTimer(this);

    /// <summary>The earliest deadline among the allocation, its permissions and channels.</summary>
    public long NextDeadline()
    {
        var next = ExpiresAt;
        foreach (var expiry in Permissions.Values)
        {
            next = Math.Min(next, expiry);
        }

        foreach (var binding in ChannelsByNumber.Values)
        {
            next = Math.Min(next, binding.ExpiresAt);
        }

        foreach (var guard in ExpiredChannels.Values)
        {
            next = Math.Min(next, guard.ExpiresAt);
        }

        return next;
    }

    /// <summary>Whether an expired binding still guards <paramref name="channel"/> or <paramref name="peer"/> against a different pairing.</summary>
    public bool IsGuarded(ushort channel, StunEndPoint peer)
    {
        foreach (var guard in ExpiredChannels.Values)
        {
            if ((guard.Number == channel) != (guard.Peer == peer))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The permission key of a peer: its address with port 0.</summary>
    public static StunEndPoint PermissionKey(StunEndPoint peer)
    {
        Span<byte> address = stackalloc byte[16];
        var length = peer.WriteAddress(address);
        return new StunEndPoint(address[..length], 0);
    }
}

/// <summary>A channel bound to a peer transport address until a deadline.</summary>
internal sealed class ChannelBinding(ushort number, StunEndPoint peer)
{
    public ushort Number { get; } = number;

    public StunEndPoint Peer { get; } = peer;

    public long ExpiresAt { get; set; }
}
