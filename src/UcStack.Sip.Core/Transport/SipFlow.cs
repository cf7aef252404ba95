using System.Net;

namespace UcStack.Sip.Transport;

/// <summary>
/// The path one message arrived on: protocol, the local and remote addresses, and for stream transports the
/// connection. A response is sent back along the flow of its request (RFC 3261 §18.2.2): over the same
/// connection while it is open, otherwise to the Via <c>received</c>/<c>rport</c> address.
/// </summary>
/// <param name="Protocol">The transport protocol.</param>
/// <param name="Local">The local address the message arrived on.</param>
/// <param name="Remote">The address the message came from (the source of the datagram or connection).</param>
/// <param name="ConnectionId">The connection, for TCP and TLS (unique within a transport layer, never reused);
/// 0 for UDP.</param>
public readonly record struct SipFlow(SipTransportProtocol Protocol, IPEndPoint Local, IPEndPoint Remote, long ConnectionId)
{
    /// <summary>Whether the protocol is reliable (TCP, TLS): the transaction layer does not retransmit.</summary>
    public bool IsReliable => Protocol != SipTransportProtocol.Udp;
}
