namespace UcStack.Sip.Transactions;

/// <summary>What an input to <see cref="SipTransaction.Process"/> is.</summary>
public enum SipTransactionInputKind
{
    /// <summary>The transaction user starts the transaction (client: send the request; server: hand the request up).</summary>
    Start,
    /// <summary>A message matched to this transaction arrived from the transport.</summary>
    MessageReceived,
    /// <summary>The transaction user hands a response to send (server transactions only).</summary>
    TuResponse,
    /// <summary>A timer this transaction armed has fired.</summary>
    TimerFired,
    /// <summary>The transport failed to send a message of this transaction (RFC 3261 §17.1.4, §17.2.4).</summary>
    TransportError,
}

/// <summary>One input to a transaction machine. Create with the static factories.</summary>
public readonly struct SipTransactionInput
{
    private SipTransactionInput(SipTransactionInputKind kind, SipMessage? message, SipTimer timer)
    {
        Kind = kind;
        Message = message;
        Timer = timer;
    }

    /// <summary>The kind of input.</summary>
    public SipTransactionInputKind Kind { get; }

    /// <summary>The message for <see cref="SipTransactionInputKind.MessageReceived"/> and
    /// <see cref="SipTransactionInputKind.TuResponse"/>, otherwise <see langword="null"/>.</summary>
    public SipMessage? Message { get; }

    /// <summary>The timer for <see cref="SipTransactionInputKind.TimerFired"/>.</summary>
    public SipTimer Timer { get; }

    /// <summary>The start input.</summary>
    /// <returns>The input.</returns>
    public static SipTransactionInput Start() => new(SipTransactionInputKind.Start, null, default);

    /// <summary>A message received from the transport and matched to the transaction.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The input.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is <see langword="null"/>.</exception>
    public static SipTransactionInput Received(SipMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new(SipTransactionInputKind.MessageReceived, message, default);
    }

    /// <summary>A response the transaction user wants sent.</summary>
    /// <param name="response">The response.</param>
    /// <returns>The input.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="response"/> is <see langword="null"/>.</exception>
    public static SipTransactionInput Respond(SipResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return new(SipTransactionInputKind.TuResponse, response, default);
    }

    /// <summary>A fired timer, as reported through <see cref="ISipTransactionSink.TimerElapsed"/>.</summary>
    /// <param name="timer">The timer.</param>
    /// <returns>The input.</returns>
    public static SipTransactionInput TimerFired(SipTimer timer) => new(SipTransactionInputKind.TimerFired, null, timer);

    /// <summary>A transport failure while sending a message of the transaction.</summary>
    /// <returns>The input.</returns>
    public static SipTransactionInput TransportError() => new(SipTransactionInputKind.TransportError, null, default);
}
