namespace UcStack.Ice;

/// <summary>The transport of a candidate (RFC 8839 §5.1; TCP from RFC 6544).</summary>
public enum IceTransportProtocol
{
    /// <summary>UDP.</summary>
    Udp,

    /// <summary>TCP with RFC 4571 framing (RFC 6544); see <see cref="IceTcpType"/>.</summary>
    Tcp,
}
