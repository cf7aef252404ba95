namespace UcStack.Turn.Client;

/// <summary>The transport between a TURN client and its server, or the transport the relay uses toward peers.</summary>
public enum TurnTransport
{
    /// <summary>UDP (RFC 8656 §3; REQUESTED-TRANSPORT 17).</summary>
    Udp,

    /// <summary>TCP (RFC 8656 §3 for the client side; RFC 6062 for TCP relaying, REQUESTED-TRANSPORT 6).</summary>
    Tcp,
}
