namespace UcStack.Sip.Transactions;

/// <summary>
/// Where a transaction's actions go: the transport below, the transaction user (TU) above, and the serial
/// context that owns the transaction. All calls come from inside <see cref="SipTransaction.Process"/>, except
/// <see cref="TimerElapsed"/>, which comes from the <see cref="TimeProvider"/>'s timer thread.
/// </summary>
public interface ISipTransactionSink
{
    /// <summary>Send a message (request, retransmission, ACK or response) on the transport. The transaction
    /// keeps ownership of the message: do not dispose it, and copy its bytes if the send completes after this
    /// call returns (a terminated transaction may be disposed, and messages it built with it). A failure is
    /// reported back with <see cref="SipTransactionInput.TransportError"/>.</summary>
    /// <param name="transaction">The transaction.</param>
    /// <param name="message">The message to send.</param>
    void Send(SipTransaction transaction, SipMessage message);

    /// <summary>Pass a message up to the TU: a response (client) or the request or an ACK to a 2xx
    /// (server). Ownership of the message stays with whoever created it (the transport).</summary>
    /// <param name="transaction">The transaction.</param>
    /// <param name="message">The message.</param>
    void Deliver(SipTransaction transaction, SipMessage message);

    /// <summary>Tell the TU the transaction timed out (timer B, F or H).</summary>
    /// <param name="transaction">The transaction.</param>
    /// <param name="timer">The timer that expired.</param>
    void TimedOut(SipTransaction transaction, SipTimer timer);

    /// <summary>Tell the TU the transport failed (RFC 3261 §17.1.4, §17.2.4).</summary>
    /// <param name="transaction">The transaction.</param>
    void TransportFailed(SipTransaction transaction);

    /// <summary>The transaction reached <see cref="SipTransactionState.Terminated"/>; remove it from the
    /// table and dispose it.</summary>
    /// <param name="transaction">The transaction.</param>
    void Terminated(SipTransaction transaction);

    /// <summary>A timer fired on the timer thread. Post it to the transaction's serial context and there call
    /// <c>transaction.Process(SipTransactionInput.TimerFired(timer))</c>; never call it from here directly
    /// unless this already is the serial context (as with a fake clock in tests).</summary>
    /// <param name="transaction">The transaction.</param>
    /// <param name="timer">The timer.</param>
    void TimerElapsed(SipTransaction transaction, SipTimer timer);
}
