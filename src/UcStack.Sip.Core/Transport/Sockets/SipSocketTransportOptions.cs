using UcStack.Tls;

namespace UcStack.Sip.Transport;

/// <summary>Configuration of a <see cref="SipSocketTransportLayer"/>.</summary>
public sealed record SipSocketTransportOptions
{
    /// <summary>Where to listen: one entry per protocol and address (IPv4 or IPv6; port 0 picks a free port, and
    /// <see cref="ISipTransportLayer.ListenPoints"/> then reports the bound one).</summary>
    public IReadOnlyList<SipListenPoint> ListenPoints { get; init; } = [];

    /// <summary>The server side of TLS listen points (certificate, client-certificate mode, peer allow list).
    /// Required when a TLS listen point without its own <see cref="SipListenPoint.Tls"/> is configured.</summary>
    public TlsServerOptions? TlsServer { get; init; }

    /// <summary>Builds the client options for a TLS connection to a target. The returned
    /// <see cref="TlsClientOptions.TargetHost"/> must be the target's host name (it is checked). When
    /// <see langword="null"/>, the system trust store validates the server against <see cref="SipTransportTarget.HostName"/>.</summary>
    public Func<SipTransportTarget, TlsClientOptions>? TlsClient { get; init; }

    /// <summary>A connection with no traffic either way for this long is closed. Default 5 minutes;
    /// <see cref="Timeout.InfiniteTimeSpan"/> turns it off.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>RFC 5626 §3.5.1: send a double-CRLF ping on a connection idle for this long. Off
    /// (<see cref="Timeout.InfiniteTimeSpan"/>) by default. Pings from peers are always answered.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>How long a TCP connect may take (the TLS handshake has its own timeout in the TLS options).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Most stream connections open at once (accepted plus opened). When the table is full, an accepted
    /// connection takes the place of the oldest one that has not yet delivered a complete message (a TLS handshake
    /// in progress, a peer that connected and stays silent or trickles a header); only when every connection has
    /// delivered a message is the new one refused. Default 1 024.</summary>
    public int MaxConnections { get; init; } = 1024;

    /// <summary>Most stream connections accepted from one IP address at once; beyond it that address's new
    /// connections are refused (one host cannot fill the table). Connections we open are not counted.
    /// Default 0 (off): many clients behind one NAT share an address.</summary>
    public int MaxConnectionsPerAddress { get; init; }

    /// <summary>Slow-loris defence: a message on a TCP/TLS connection must be complete (header section and the
    /// Content-Length body, RFC 3261 §18.3) within this time of its first octet, else the connection is closed.
    /// Keep-alive CRLFs (RFC 5626 §3.5.1) between messages do not start the clock. Default 20 s;
    /// <see cref="Timeout.InfiniteTimeSpan"/> turns it off.</summary>
    public TimeSpan MessageReadTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Most bytes all stream connections together may hold of messages not yet complete. When a read
    /// pushes the total above it, the connection whose partial message is oldest is closed. Each connection is
    /// bounded on its own by <see cref="SipParserLimits.MaxMessageBytes"/> plus one header section; this caps the
    /// sum. Default 16 MiB.</summary>
    public long MaxBufferedBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>Parser limits; <see cref="SipParserLimits.MaxMessageBytes"/> is the largest message accepted.</summary>
    public SipParserLimits Limits { get; init; } = SipParserLimits.Default;

    /// <summary>Capacity of <see cref="ISipTransportLayer.Received"/>. When it is full the layer stops reading
    /// sockets (backpressure); the kernel then drops datagrams and TCP flow control slows senders.</summary>
    public int ReceiveCapacity { get; init; } = 1024;

    /// <summary>Most messages one source may have waiting in <see cref="ISipTransportLayer.Received"/>: a stream
    /// connection, or all datagrams from one IP address. A connection at its share is not read until the reader takes
    /// one of its messages; a datagram beyond its address's share is dropped and counted. This keeps a flooding source
    /// from putting a whole queue in front of other peers' messages. Default 64.</summary>
    public int MaxQueuedPerSource { get; init; } = 64;

    /// <summary>Host names written into Via sent-by besides the listen addresses (RFC 3261 §18.1.2 matching).</summary>
    public IReadOnlyList<string> SentByHostNames { get; init; } = [];

    internal void Validate()
    {
        if (ListenPoints.Count == 0) throw new ArgumentException("At least one listen point is needed.", nameof(ListenPoints));
        foreach (var point in ListenPoints)
        {
            ArgumentNullException.ThrowIfNull(point);
            ArgumentNullException.ThrowIfNull(point.EndPoint);
            if (point.Protocol == SipTransportProtocol.Tls && TlsServer is null && point.Tls is null)
            {
                throw new ArgumentException("A TLS listen point needs TlsServer options (or its own SipListenPoint.Tls).", nameof(TlsServer));
            }
        }

        ArgumentNullException.ThrowIfNull(Limits);
        if (ReceiveCapacity <= 0) throw new ArgumentOutOfRangeException(nameof(ReceiveCapacity), ReceiveCapacity, "must be positive");
        if (MaxQueuedPerSource <= 0) throw new ArgumentOutOfRangeException(nameof(MaxQueuedPerSource), MaxQueuedPerSource, "must be positive");
        if (MaxConnections <= 0) throw new ArgumentOutOfRangeException(nameof(MaxConnections), MaxConnections, "must be positive");
        if (MaxConnectionsPerAddress < 0) throw new ArgumentOutOfRangeException(nameof(MaxConnectionsPerAddress), MaxConnectionsPerAddress, "must be 0 (off) or positive");
        if (MaxBufferedBytes <= 0) throw new ArgumentOutOfRangeException(nameof(MaxBufferedBytes), MaxBufferedBytes, "must be positive");
        CheckDuration(MessageReadTimeout, nameof(MessageReadTimeout));
        CheckDuration(IdleTimeout, nameof(IdleTimeout));
        CheckDuration(KeepAliveInterval, nameof(KeepAliveInterval));
        CheckDuration(ConnectTimeout, nameof(ConnectTimeout));
    }

    private static void CheckDuration(TimeSpan value, string name)
    {
        if (value != Timeout.InfiniteTimeSpan && value <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(name, value, "must be positive or infinite");
    }
}
