namespace UcStack.Sip.Transport;

/// <summary>The transport protocols a SIP message travels over (RFC 3261 §18; the Via transport token).</summary>
public enum SipTransportProtocol
{
    /// <summary>UDP: unreliable datagrams; the transaction layer retransmits.</summary>
    Udp,

    /// <summary>TCP: a reliable byte stream framed by Content-Length (RFC 3261 §18.3).</summary>
    Tcp,

    /// <summary>TLS over TCP: reliable, encrypted; required for <c>sips:</c> URIs (RFC 3261 §26.2.2).</summary>
    Tls,
}
