namespace UcStack.Sip.Transport;

/// <summary>Send-side size rules shared by every transport layer.</summary>
internal static class SipOutboundRules
{
    /// <summary>RFC 3261 §18.1.1: "If a request is within 200 bytes of the path MTU, or if it is larger than 1300
    /// bytes and the path MTU is unknown, the request MUST be sent using an RFC 2914 congestion controlled
    /// transport protocol, such as TCP."</summary>
    public const int MaxUdpRequestBytes = 1300;

    /// <summary>The largest response sent over UDP: the RFC 3261 §18.3 message ceiling (the IP datagram limit).</summary>
    public const int MaxUdpResponseBytes = 65_507;

    /// <summary>Throws when a message is too large for UDP (the caller may retry a request over TCP).</summary>
    public static void CheckUdpSize(SipMessage message, int encodedLength)
    {
        if (message.IsRequest && encodedLength > MaxUdpRequestBytes)
        {
            throw new SipTransportException(
                $"the request is {encodedLength} bytes; RFC 3261 §18.1.1 requires a congestion-controlled transport (TCP) above {MaxUdpRequestBytes} bytes");
        }

        if (encodedLength > MaxUdpResponseBytes)
        {
            throw new SipTransportException($"the response is {encodedLength} bytes, more than a UDP datagram holds ({MaxUdpResponseBytes})");
        }
    }

    /// <summary>RFC 3261 §26.2.2 / §18: a TLS target is checked against the host name the application asked for.</summary>
    public static void CheckTarget(SipTransportTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(target.EndPoint);
        if (target.Protocol == SipTransportProtocol.Tls && string.IsNullOrWhiteSpace(target.HostName))
        {
            throw new SipTransportException("a TLS target needs a HostName: the server certificate is checked against it, never against the IP address");
        }

        if (target.EndPoint.Port == 0) throw new SipTransportException("the target port is 0");
    }
}
