namespace UcStack.Sip.Transport;

/// <summary>Why the receive rules did not deliver a message.</summary>
internal enum SipInboundDrop
{
    /// <summary>Nothing was dropped.</summary>
    None,

    /// <summary>Only CRLFs (a keep-alive on a datagram transport): not an error.</summary>
    KeepAlive,

    /// <summary>The datagram did not parse and no 400 could be addressed.</summary>
    Malformed,

    /// <summary>The top Via of a request is not a valid via-parm.</summary>
    MalformedVia,

    /// <summary>RFC 3261 §18.1.2: a response whose top Via sent-by is not ours.</summary>
    SentByMismatch,
}

/// <summary>The outcome of the receive rules for one datagram or framed message.</summary>
/// <param name="Message">The message to deliver, owned by the caller, or <see langword="null"/>.</param>
/// <param name="Reply">A 400 to send back to the source, or <see langword="null"/>.</param>
/// <param name="Drop">Why nothing was delivered.</param>
/// <param name="Error">The parse error, when there was one.</param>
/// <param name="Oversized">The datagram is over the parser's size limits (answered 513 when it could be addressed).</param>
internal readonly record struct SipInboundResult(SipMessage? Message, byte[]? Reply, SipInboundDrop Drop, SipParseError Error, bool Oversized = false);

/// <summary>
/// The receive-side rules every transport layer applies (RFC 3261 §18.1.2, §18.2.1, RFC 3581 §4), in one place
/// so the socket layer and the in-memory network behave the same.
/// </summary>
internal sealed class SipInboundRules
{
    private readonly SipSentByMatcher _sentBy;

    public SipInboundRules(IReadOnlyList<SipListenPoint> listenPoints, IReadOnlyCollection<string>? sentByHostNames, SipParserLimits limits)
    {
        _sentBy = new SipSentByMatcher(listenPoints, sentByHostNames);
        Limits = limits;
    }

    public SipParserLimits Limits { get; }

    /// <summary>Parses a datagram and applies the rules. A request that fails to parse gets a 400 when one
    /// can be addressed (see <see cref="SipBadRequestResponder"/>).</summary>
    public SipInboundResult OnDatagram(ReadOnlySpan<byte> datagram, in SipFlow flow)
    {
        if (IsOnlyCrlf(datagram)) return new(null, null, SipInboundDrop.KeepAlive, default);
        if (!SipMessage.TryParse(datagram, out var message, out var error, Limits))
        {
            // RFC 3261 §21.5.14: a request over the size limits is answered 513, other syntax errors 400. A
            // Content-Length beyond the datagram is §18.3's truncated body (400), however large the number.
            var oversized = error.Code == SipParseErrorCode.MessageTooLarge
                ? datagram.Length > Limits.MaxMessageBytes
                : SipBadRequestResponder.IsSizeError(error.Code);
            return SipBadRequestResponder.TryCreate(datagram, Limits, oversized ? 513 : 400, out var reply)
                ? new(null, reply, SipInboundDrop.Malformed, error, oversized)
                : new(null, null, SipInboundDrop.Malformed, error, oversized);
        }

        return OnMessage(message, flow, datagram);
    }

    /// <summary>Applies the rules to a message framed off a stream; takes ownership of <paramref name="message"/>.</summary>
    public SipInboundResult OnStreamMessage(SipMessage message, in SipFlow flow) => OnMessage(message, flow, default);

    private SipInboundResult OnMessage(SipMessage message, in SipFlow flow, ReadOnlySpan<byte> datagram)
    {
        if (!message.IsRequest)
        {
            // RFC 3261 §18.1.2: a response whose sent-by is not ours "MUST be silently discarded".
            if (_sentBy.Matches(message)) return new(message, null, SipInboundDrop.None, default);
            message.Dispose();
            return new(null, null, SipInboundDrop.SentByMismatch, default);
        }

        var result = SipViaStamp.TryApply(ref message, flow.Remote, Limits);
        if (result != SipViaStamp.Result.InvalidVia) return new(message, null, SipInboundDrop.None, default);

        // A request we cannot stamp cannot be answered along §18.2.2 either; over UDP answer its source with a
        // 400 when the lines can be recovered, over a stream build the 400 from the framed message.
        var error = new SipParseError(SipParseErrorCode.InvalidHeaderValue, 0, "top Via is not a valid via-parm");
        var bytes = datagram.IsEmpty ? message.RawBytes : datagram;
        var reply = SipBadRequestResponder.TryCreate(bytes, Limits, out var r) ? r : null;
        message.Dispose();
        return new(null, reply, SipInboundDrop.MalformedVia, error);
    }

    private static bool IsOnlyCrlf(ReadOnlySpan<byte> datagram)
        => datagram.Length > 0 && datagram.IndexOfAnyExcept((byte)'\r', (byte)'\n') < 0;
}
