using System.Net;

namespace UcStack.Sip.Transport;

/// <summary>Where to send a request: the result of resolving the next hop (RFC 3263), or an address the
/// application already knows.</summary>
/// <param name="Protocol">The transport protocol to use.</param>
/// <param name="EndPoint">The remote address and port.</param>
/// <param name="HostName">For TLS, the host name the application asked for; the server certificate is checked
/// against it, never against the resolved IP. <see langword="null"/> for UDP and TCP.</param>
public sealed record SipTransportTarget(SipTransportProtocol Protocol, IPEndPoint EndPoint, string? HostName = null);
