using System.Net;
using UcStack.Tls;

namespace UcStack.Sip.Transport;

/// <summary>An address a transport layer receives on: what goes into a Via sent-by and a Contact.</summary>
/// <param name="Protocol">The transport protocol.</param>
/// <param name="EndPoint">The bound local address and port.</param>
public sealed record SipListenPoint(SipTransportProtocol Protocol, IPEndPoint EndPoint)
{
    /// <summary>The server side of TLS for this listen point only (e.g. a mutual-TLS listener for server-to-server
    /// links beside the clients' TLS port); when <see langword="null"/>, the transport's common TLS server options
    /// apply. Used only by TLS listen points.</summary>
    public TlsServerOptions? Tls { get; init; }
}
