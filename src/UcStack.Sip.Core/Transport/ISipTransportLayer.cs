using System.Threading.Channels;

namespace UcStack.Sip.Transport;

/// <summary>
/// The SIP transport layer (RFC 3261 §18): every listening and connected transport of one endpoint behind one
/// interface. The transaction layer and UA core are written against it, so the same code runs on real sockets
/// and on the deterministic in-memory network used in tests.
/// </summary>
/// <remarks>Thread-safe: sends may come from any thread. Received messages are delivered in arrival order per
/// flow through <see cref="Received"/>, which is bounded: when its reader falls behind, the transport stops
/// reading from sockets (backpressure) instead of buffering without limit.</remarks>
public interface ISipTransportLayer : IAsyncDisposable
{
    /// <summary>The local addresses this layer receives on, one per protocol and bound address.</summary>
    IReadOnlyList<SipListenPoint> ListenPoints { get; }

    /// <summary>Every message parsed from the network (requests and responses), in arrival order per flow.
    /// Malformed input never appears here: the layer answers or drops it (and logs and counts it).</summary>
    ChannelReader<SipReceivedMessage> Received { get; }

    /// <summary>Sends a request to a target. For TCP and TLS an open connection to the same target is reused,
    /// otherwise one is opened; a dead connection is never reused. Over UDP, a request that would exceed the
    /// path MTU margin fails with <see cref="SipTransportException"/> (RFC 3261 §18.1.1: the caller retries over
    /// TCP). The caller keeps ownership of <paramref name="request"/>; its bytes are copied or fully written
    /// before the returned task completes.</summary>
    /// <param name="request">The request.</param>
    /// <param name="target">Where to send it.</param>
    /// <param name="cancellationToken">Cancels the send (and a connect in progress).</param>
    /// <returns>The flow the request went out on (a response to it will arrive on that flow).</returns>
    /// <exception cref="SipTransportException">The request could not be sent.</exception>
    ValueTask<SipFlow> SendRequestAsync(SipRequest request, SipTransportTarget target, CancellationToken cancellationToken = default);

    /// <summary>Sends a response along the flow its request arrived on (RFC 3261 §18.2.2): over the same
    /// connection while it is open; otherwise (UDP, or the connection is gone) to the top Via's
    /// <c>maddr</c>, <c>received</c> and <c>rport</c>/sent-by port. The caller keeps ownership of
    /// <paramref name="response"/>.</summary>
    /// <param name="response">The response.</param>
    /// <param name="requestFlow">The flow of the request being answered.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the bytes are written.</returns>
    /// <exception cref="SipTransportException">The response could not be sent.</exception>
    ValueTask SendResponseAsync(SipResponse response, SipFlow requestFlow, CancellationToken cancellationToken = default);
}
