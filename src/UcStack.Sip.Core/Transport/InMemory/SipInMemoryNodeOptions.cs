namespace UcStack.Sip.Transport;

/// <summary>How a node of a <see cref="SipInMemoryNetwork"/> listens and receives.</summary>
public sealed record SipInMemoryNodeOptions
{
    /// <summary>The protocols the node listens on (default UDP and TCP).</summary>
    public IReadOnlyList<SipTransportProtocol> Protocols { get; init; } = [SipTransportProtocol.Udp, SipTransportProtocol.Tcp];

    /// <summary>The UDP and TCP listening port (default 5060).</summary>
    public int Port { get; init; } = 5060;

    /// <summary>The TLS listening port (default 5061).</summary>
    public int TlsPort { get; init; } = 5061;

    /// <summary>How many parsed messages wait for the reader before more are refused (datagrams dropped, stream
    /// connections reset). Default 1024.</summary>
    public int ReceiveCapacity { get; init; } = 1024;

    /// <summary>Parser limits for everything the node receives.</summary>
    public SipParserLimits Limits { get; init; } = SipParserLimits.Default;

    /// <summary>Host names the node writes into Via sent-by besides its address (RFC 3261 §18.1.2 matching).</summary>
    public IReadOnlyList<string> SentByHostNames { get; init; } = [];
}
