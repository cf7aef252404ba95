namespace UcStack.Turn.Server;

/// <summary>The way back to one client: a UDP source address on the listening socket, or a TCP connection.</summary>
internal interface ITurnClientLink
{
    /// <summary>The 5-tuple this link answers on.</summary>
    FiveTuple Tuple { get; }

    /// <summary>Sends one whole STUN message or ChannelData frame; false when it was dropped (queue full, closed).</summary>
    bool Send(ReadOnlySpan<byte> frame);

    /// <summary>
    /// Whether the link can carry MS-TURN unframed data for an active destination: UDP (datagrams as they
    /// are) and TCP connections that use MS-TURN framing (0x03 data frames); not RFC-framed TCP.
    /// </summary>
    bool CarriesUnframedData { get; }

    /// <summary>Sends active-destination data unframed (see <see cref="CarriesUnframedData"/>); false when dropped or impossible.</summary>
    bool SendUnframed(ReadOnlySpan<byte> data);

    /// <summary>A link that stays valid after the current receive call returns (UDP links are reused per datagram).</summary>
    ITurnClientLink Retain();

    /// <summary>
    /// RFC 6062 §5.4: turns this connection into the client data connection of <paramref name="connection"/>
    /// once the current message is handled (frames already queued are sent first). False when the link cannot
    /// carry raw data (UDP) or already does.
    /// </summary>
    bool TryStartDataRelay(TcpPeerConnection connection);
}
