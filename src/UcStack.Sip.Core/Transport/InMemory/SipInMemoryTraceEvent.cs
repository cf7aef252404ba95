using System.Globalization;
using System.Net;

namespace UcStack.Sip.Transport;

/// <summary>What happened to a message or connection on a <see cref="SipInMemoryNetwork"/>.</summary>
public enum SipInMemoryTraceKind
{
    /// <summary>A node handed bytes to the network.</summary>
    Sent,

    /// <summary>The bytes reached the receiving node (which then parsed them).</summary>
    Delivered,

    /// <summary>The link lost the datagram (loss rate, or the link is cut).</summary>
    Lost,

    /// <summary>The link duplicated the datagram (the copy is delivered separately).</summary>
    Duplicated,

    /// <summary>The receiver discarded it: nobody listens there, its receive queue is full, it is malformed, or
    /// it is a response whose top Via is not the receiver's (RFC 3261 §18.1.2).</summary>
    Dropped,

    /// <summary>A stream connection was opened.</summary>
    ConnectionOpened,

    /// <summary>A stream connection was closed (by a node, a framing error, a cut link or a restart).</summary>
    ConnectionClosed,
}

/// <summary>One line of the network's trace: the same seed and the same steps give the same trace.</summary>
/// <param name="At">Time since the network was created, on its <see cref="TimeProvider"/>.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Protocol">The transport.</param>
/// <param name="From">The sending address.</param>
/// <param name="To">The receiving address.</param>
/// <param name="ConnectionId">The connection (TCP, TLS) or 0.</param>
/// <param name="Detail">The message's first line or why it was dropped.</param>
public sealed record SipInMemoryTraceEvent(
    TimeSpan At, SipInMemoryTraceKind Kind, SipTransportProtocol Protocol, IPEndPoint From, IPEndPoint To, long ConnectionId, string Detail)
{
    /// <summary>One line, for comparing traces and reading test output.</summary>
    /// <returns>The event as text.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture, $"{At.TotalMilliseconds,10:F3}ms {Kind,-16} {Protocol} {From} -> {To} #{ConnectionId} {Detail}");
}
