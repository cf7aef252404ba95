namespace UcStack.Sip.Transactions;

/// <summary>The transaction timers of RFC 3261 §17 (Table 4) and RFC 6026 §8.</summary>
public enum SipTimer
{
    /// <summary>INVITE request retransmission (client, unreliable only).</summary>
    A,
    /// <summary>INVITE transaction timeout (client).</summary>
    B,
    /// <summary>Wait for response retransmissions in Completed (client INVITE).</summary>
    D,
    /// <summary>Non-INVITE request retransmission (client, unreliable only).</summary>
    E,
    /// <summary>Non-INVITE transaction timeout (client).</summary>
    F,
    /// <summary>INVITE final response retransmission (server, unreliable only).</summary>
    G,
    /// <summary>Wait for ACK (server INVITE).</summary>
    H,
    /// <summary>Wait for ACK retransmissions in Confirmed (server INVITE).</summary>
    I,
    /// <summary>Wait for request retransmissions in Completed (server non-INVITE).</summary>
    J,
    /// <summary>Wait for response retransmissions in Completed (client non-INVITE).</summary>
    K,
    /// <summary>Wait for ACKs to a 2xx in Accepted (server INVITE, RFC 6026).</summary>
    L,
    /// <summary>Wait for 2xx retransmissions in Accepted (client INVITE, RFC 6026).</summary>
    M,
}
