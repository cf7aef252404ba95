using System.Net;
using System.Threading.Channels;

namespace UcStack.Sip.Transport;

/// <summary>
/// One node of a <see cref="SipInMemoryNetwork"/>: an <see cref="ISipTransportLayer"/> whose messages travel as bytes
/// through the simulated network and are parsed, framed and Via-stamped on arrival exactly as the socket
/// transport does (RFC 3261 §18.1.2, §18.2.1, §18.3, RFC 3581 §4), with the same send rules (§18.1.1 UDP size,
/// §18.2.2 response routing).
/// </summary>
/// <remarks>Create it with <see cref="SipInMemoryNetwork.AddNode(IPAddress, SipTransportProtocol[])"/>.
/// Thread-safe; all state changes happen under the network's lock.</remarks>
public sealed class SipInMemoryTransportLayer : ISipTransportLayer
{
    private readonly SipInMemoryNetwork _network;
    private readonly Channel<SipReceivedMessage> _received;
    private readonly SipInboundRules _rules;
    private readonly Dictionary<long, InMemoryConnection> _connections = [];
    private readonly List<SipMessage> _framed = [];
    private int _nextEphemeralPort = 49152;
    private long _malformed;
    private long _dropped;

    internal SipInMemoryTransportLayer(SipInMemoryNetwork network, IPAddress address, SipInMemoryNodeOptions options)
    {
        _network = network;
        Address = address;
        Options = options;
        var points = new List<SipListenPoint>();
        foreach (var protocol in options.Protocols.Distinct())
        {
            points.Add(new SipListenPoint(protocol, new IPEndPoint(address, protocol == SipTransportProtocol.Tls ? options.TlsPort : options.Port)));
        }

        ListenPoints = points;
        _rules = new SipInboundRules(points, options.SentByHostNames, options.Limits);
        _received = Channel.CreateBounded<SipReceivedMessage>(new BoundedChannelOptions(options.ReceiveCapacity)
        {
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>The node's address.</summary>
    public IPAddress Address { get; }

    /// <summary>The options the node was created with.</summary>
    public SipInMemoryNodeOptions Options { get; }

    /// <inheritdoc />
    public IReadOnlyList<SipListenPoint> ListenPoints { get; }

    /// <inheritdoc />
    public ChannelReader<SipReceivedMessage> Received => _received.Reader;

    /// <summary>Datagrams and stream messages that failed to parse (answered with 400 or dropped) or closed a connection.</summary>
    public long MalformedCount => Interlocked.Read(ref _malformed);

    /// <summary>Well-formed messages discarded: responses not addressed to this node (RFC 3261 §18.1.2) and
    /// datagrams refused because the receive queue was full.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>The open stream connections of this node.</summary>
    public IReadOnlyList<SipFlow> OpenConnections
    {
        get
        {
            lock (_network.Gate) return [.. _connections.Values.Select(c => c.FlowOf(this))];
        }
    }

    internal bool IsAlive { get; private set; } = true;

    /// <inheritdoc />
    public ValueTask<SipFlow> SendRequestAsync(SipRequest request, SipTransportTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(target);
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled<SipFlow>(cancellationToken);
        try
        {
            return ValueTask.FromResult(SendRequest(request, target));
        }
        catch (SipTransportException e)
        {
            return ValueTask.FromException<SipFlow>(e);
        }
    }

    private SipFlow SendRequest(SipRequest request, SipTransportTarget target)
    {
        SipOutboundRules.CheckTarget(target);
        var bytes = request.ToArray();
        lock (_network.Gate)
        {
            ThrowIfClosed();
            if (target.Protocol == SipTransportProtocol.Udp)
            {
                SipOutboundRules.CheckUdpSize(request, bytes.Length);
                var local = LocalFor(SipTransportProtocol.Udp, target.EndPoint.AddressFamily);
                _network.SendDatagram(local, target.EndPoint, bytes);
                return new SipFlow(SipTransportProtocol.Udp, local, target.EndPoint, 0);
            }

            var connection = FindConnection(target.Protocol, target.EndPoint) ?? _network.Connect(this, target.Protocol, target.EndPoint);
            _network.SendStream(connection, this, bytes);
            return connection.FlowOf(this);
        }
    }

    /// <inheritdoc />
    public ValueTask SendResponseAsync(SipResponse response, SipFlow requestFlow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled(cancellationToken);
        try
        {
            SendResponse(response, requestFlow);
            return ValueTask.CompletedTask;
        }
        catch (SipTransportException e)
        {
            return ValueTask.FromException(e);
        }
    }

    private void SendResponse(SipResponse response, SipFlow requestFlow)
    {
        var bytes = response.ToArray();
        lock (_network.Gate)
        {
            ThrowIfClosed();

            // RFC 3261 §18.2.2: over a reliable transport "the response MUST be sent using the existing connection
            // to the source of the original request ... if that connection is still open."
            if (requestFlow.IsReliable && _connections.TryGetValue(requestFlow.ConnectionId, out var open))
            {
                _network.SendStream(open, this, bytes);
                return;
            }

            if (!SipResponseRouting.TryResolve(response, requestFlow.Protocol, out var target, out var reason))
            {
                throw new SipTransportException($"cannot route the response: {reason}");
            }

            if (requestFlow.Protocol == SipTransportProtocol.Udp)
            {
                SipOutboundRules.CheckUdpSize(response, bytes.Length);
                _network.SendDatagram(requestFlow.Local ?? LocalFor(SipTransportProtocol.Udp, target.AddressFamily), target, bytes);
                return;
            }

            if (requestFlow.Protocol == SipTransportProtocol.Tls)
            {
                // As over sockets: a new TLS connection needs a host name to check, and a response has none.
                throw new SipTransportException("the TLS connection of the request is closed and a response cannot open a new one without a host name");
            }

            var connection = FindConnection(requestFlow.Protocol, target) ?? _network.Connect(this, requestFlow.Protocol, target);
            _network.SendStream(connection, this, bytes);
        }
    }

    /// <summary>Closes one stream connection of this node (both ends see it closed).</summary>
    /// <param name="connectionId">The connection, from a <see cref="SipFlow"/>.</param>
    /// <returns><see langword="true"/> when it was open.</returns>
    public bool CloseConnection(long connectionId)
    {
        lock (_network.Gate)
        {
            if (!_connections.TryGetValue(connectionId, out var connection)) return false;
            _network.Close(connection, "closed by " + Address);
            return true;
        }
    }

    /// <summary>Hands the node a datagram as if it had arrived from <paramref name="from"/> on its UDP port
    /// <paramref name="localPort"/>, bypassing links: for feeding malformed or hand-made input to the receive rules.</summary>
    /// <param name="from">The claimed source.</param>
    /// <param name="localPort">The node's UDP port it arrives on.</param>
    /// <param name="datagram">The bytes (copied).</param>
    /// <exception cref="SipTransportException">The node is closed or does not listen on UDP at that port.</exception>
    public void InjectDatagram(IPEndPoint from, int localPort, ReadOnlySpan<byte> datagram)
    {
        ArgumentNullException.ThrowIfNull(from);
        var bytes = datagram.ToArray();
        lock (_network.Gate)
        {
            ThrowIfClosed();
            if (!IsListening(SipTransportProtocol.Udp, localPort)) throw new SipTransportException($"{Address} does not listen on UDP port {localPort}");
            var to = new IPEndPoint(Address, localPort);
            _network.Record(SipInMemoryTraceKind.Delivered, SipTransportProtocol.Udp, from, to, 0, "injected");
            ReceiveDatagram(from, to, bytes);
        }
    }

    /// <summary>Hands the node bytes on one of its connections as if the peer had sent them (no framing is assumed:
    /// partial messages and garbage are allowed).</summary>
    /// <param name="connectionId">The connection.</param>
    /// <param name="bytes">The bytes (copied).</param>
    /// <exception cref="SipTransportException">The node is closed or the connection is not open.</exception>
    public void InjectStreamBytes(long connectionId, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        lock (_network.Gate)
        {
            ThrowIfClosed();
            if (!_connections.TryGetValue(connectionId, out var connection)) throw new SipTransportException($"connection {connectionId} is not open");
            ReceiveStream(connection, copy);
        }
    }

    /// <summary>Closes the node: its connections are reset, <see cref="Received"/> completes (messages already in it
    /// can still be read) and sends fail. The address becomes free.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        lock (_network.Gate) Shutdown("node disposed");
        _network.Remove(this);
        return ValueTask.CompletedTask;
    }

    internal bool IsListening(SipTransportProtocol protocol, int port)
    {
        foreach (var point in ListenPoints)
        {
            if (point.Protocol == protocol && point.EndPoint.Port == port) return true;
        }

        return false;
    }

    internal int NextEphemeralPort() => _nextEphemeralPort < 65535 ? _nextEphemeralPort++ : _nextEphemeralPort = 49152;

    internal void Attach(InMemoryConnection connection) => _connections.Add(connection.Id, connection);

    internal void Detach(InMemoryConnection connection) => _connections.Remove(connection.Id);

    /// <summary>Resets the connections to the node at <paramref name="peer"/>. Under the lock.</summary>
    internal void ResetConnectionsTo(IPAddress peer, string reason)
    {
        foreach (var connection in _connections.Values.ToArray())
        {
            if (connection.Peer(this).Address.Equals(peer)) _network.Close(connection, reason);
        }
    }

    /// <summary>Stops the node. Under the lock.</summary>
    internal void Shutdown(string reason)
    {
        if (!IsAlive) return;
        IsAlive = false;
        foreach (var connection in _connections.Values.ToArray()) _network.Close(connection, reason);
        _received.Writer.TryComplete();
    }

    /// <summary>A datagram arrived. Under the lock.</summary>
    internal void ReceiveDatagram(IPEndPoint from, IPEndPoint to, byte[] bytes)
    {
        var flow = new SipFlow(SipTransportProtocol.Udp, to, from, 0);
        var result = _rules.OnDatagram(bytes, flow);
        if (result.Reply is { } reply) _network.SendDatagram(to, from, reply);
        if (result.Message is { } message)
        {
            Publish(message, flow, null);
            return;
        }

        Count(result.Drop);
        if (result.Drop != SipInboundDrop.KeepAlive)
        {
            _network.Record(SipInMemoryTraceKind.Dropped, SipTransportProtocol.Udp, from, to, 0, result.Drop.ToString());
        }
    }

    /// <summary>Bytes arrived on a connection. Under the lock.</summary>
    internal void ReceiveStream(InMemoryConnection connection, byte[] bytes)
    {
        var inbox = connection.IsClient(this) ? connection.ClientInbox : connection.ServerInbox;
        var flow = connection.FlowOf(this);
        _framed.Clear();
        var ok = inbox.Append(bytes, _framed, out var error);
        foreach (var message in _framed)
        {
            if (!connection.IsOpen)
            {
                message.Dispose();
                continue;
            }

            var result = _rules.OnStreamMessage(message, flow);
            if (result.Reply is { } reply) _network.SendStream(connection, this, reply);
            if (result.Message is { } delivered) Publish(delivered, flow, connection);
            else Count(result.Drop);
        }

        _framed.Clear();
        if (!ok)
        {
            // RFC 3261 §18.3: once framing is lost the stream cannot be resynchronised; only this connection closes.
            Interlocked.Increment(ref _malformed);
            _network.Close(connection, "framing error: " + error.Code);
        }
    }

    private void Publish(SipMessage message, SipFlow flow, InMemoryConnection? connection)
    {
        if (_received.Writer.TryWrite(new SipReceivedMessage(message, flow))) return;
        message.Dispose();
        Interlocked.Increment(ref _dropped);
        _network.Record(SipInMemoryTraceKind.Dropped, flow.Protocol, flow.Remote, flow.Local, flow.ConnectionId, "receive queue full");

        // A reliable transport cannot lose a message silently: the connection is reset instead.
        if (connection is not null) _network.Close(connection, "receive queue full");
    }

    private void Count(SipInboundDrop drop)
    {
        switch (drop)
        {
            case SipInboundDrop.Malformed:
            case SipInboundDrop.MalformedVia:
                Interlocked.Increment(ref _malformed);
                break;
            case SipInboundDrop.SentByMismatch:
                Interlocked.Increment(ref _dropped);
                break;
        }
    }

    private InMemoryConnection? FindConnection(SipTransportProtocol protocol, IPEndPoint remote)
    {
        foreach (var connection in _connections.Values)
        {
            if (connection.IsOpen && connection.Protocol == protocol && connection.RemoteOf(this).Equals(remote)) return connection;
        }

        return null;
    }

    private IPEndPoint LocalFor(SipTransportProtocol protocol, System.Net.Sockets.AddressFamily family)
    {
        foreach (var point in ListenPoints)
        {
            if (point.Protocol == protocol) return point.EndPoint;
        }

        throw new SipTransportException($"the node {Address} does not listen on {protocol}");
    }

    private void ThrowIfClosed()
    {
        if (!IsAlive) throw new SipTransportException($"the transport layer of {Address} is closed");
    }
}
