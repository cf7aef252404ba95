namespace UcStack.Sip.Transactions;

/// <summary>
/// The states of the four transaction machines. Client INVITE: Calling, Proceeding, Completed, Accepted,
/// Terminated. Client non-INVITE: Trying, Proceeding, Completed, Terminated. Server INVITE: Proceeding,
/// Completed, Confirmed, Accepted, Terminated. Server non-INVITE: Trying, Proceeding, Completed, Terminated.
/// </summary>
public enum SipTransactionState
{
    /// <summary>Client INVITE: request sent, no response yet (RFC 3261 §17.1.1.2).</summary>
    Calling,
    /// <summary>Non-INVITE: request sent or received, no response yet.</summary>
    Trying,
    /// <summary>A provisional response was received or sent.</summary>
    Proceeding,
    /// <summary>A final (non-2xx for INVITE) response was received or sent; absorbing retransmissions.</summary>
    Completed,
    /// <summary>Server INVITE: the ACK to a non-2xx final response arrived (RFC 3261 §17.2.1).</summary>
    Confirmed,
    /// <summary>INVITE: a 2xx was received or sent (RFC 6026 §7.1, §7.2).</summary>
    Accepted,
    /// <summary>The transaction is over; the owner removes it from its table.</summary>
    Terminated,
}
