using System.Net;

namespace UcStack.Sip.Transport;

/// <summary>An address a transport layer receives on: what goes into a Via sent-by and a Contact.</summary>
/// <param name="Protocol">The transport protocol.</param>
/// <param name="EndPoint">The bound local address and port.</param>
public sealed record SipListenPoint(SipTransportProtocol Protocol, IPEndPoint EndPoint);
