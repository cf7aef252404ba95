using System.Net;
using System.Net.Sockets;

namespace UcStack.Ice.Tests.Simulation;

/// <summary>
/// TCP in the simulated network: connection set-up with a one-way delay per SYN and SYN-ACK, refused (RST) by hosts
/// without a listener, silently dropped by firewalled hosts (the connect then times out), and simultaneous open when
/// two SYNs cross. Streams are reliable and ordered but every send is cut into random chunks, so the receiver's
/// framing must reassemble. TCP reaches public hosts and hosts on the same LAN only (no NAT traversal for TCP).
/// </summary>
internal sealed partial class SimulatedNetwork
{
    public static readonly TimeSpan TcpConnectTimeout = TimeSpan.FromSeconds(5);

    private readonly Dictionary<IPEndPoint, SimulatedTcpEndpoint> _tcpEndpoints = [];
    private readonly Dictionary<(IPEndPoint From, IPEndPoint To), PendingConnect> _pendingConnects = [];

    public long TcpConnections { get; private set; }

    public long TcpRefused { get; private set; }

    /// <summary>Send calls on simulated TCP connections (each carries one or more frames).</summary>
    public long TcpSends { get; private set; }

    internal SimulatedTcpEndpoint OpenTcp(SimulatedHost host, IPAddress address, IceTcpType tcpType)
    {
        var local = new IPEndPoint(address, tcpType == IceTcpType.Active ? 0 : 20000 + host.NextPort++);
        var endpoint = new SimulatedTcpEndpoint(this, host, local, tcpType);
        if (tcpType != IceTcpType.Active)
        {
            _tcpEndpoints[local] = endpoint;
        }

        host.TcpEndpoints.Add(endpoint);
        return endpoint;
    }

    internal Task<IIceTcpConnection> Connect(SimulatedTcpEndpoint endpoint, IPEndPoint remote, CancellationToken cancellationToken)
    {
        var host = endpoint.Host;
        var local = endpoint.TcpType == IceTcpType.Active
            ? new IPEndPoint(endpoint.LocalEndPoint.Address, 20000 + host.NextPort++)
            : endpoint.LocalEndPoint;
        var pending = new PendingConnect(endpoint, local, remote);
        if (!_pendingConnects.TryAdd((local, remote), pending))
        {
            return Task.FromException<IIceTcpConnection>(new SocketException((int)SocketError.AlreadyInProgress));
        }

        pending.Timeout = Time.CreateTimer(_ => Fail(pending, SocketError.TimedOut), null, TcpConnectTimeout, Timeout.InfiniteTimeSpan);
        cancellationToken.Register(() => Fail(pending, SocketError.OperationAborted));
        After(Delay, () => OnSynArrived(pending));
        return pending.Completion.Task;
    }

    internal void Deliver(SimulatedTcpConnection to, byte[] bytes)
    {
        TcpSends++;
        // Reliable and ordered, but cut at random points: a frame may arrive in pieces, or share a chunk with the next.
        var offset = 0;
        while (offset < bytes.Length)
        {
            var length = Math.Min(bytes.Length - offset, 1 + _random.Next(Math.Max(1, bytes.Length / 2)));
            to.Inbound.Enqueue(bytes[offset..(offset + length)]);
            offset += length;
        }

        After(Delay, to.Drain);
    }

    internal void After(TimeSpan delay, Action action)
    {
        ITimer? timer = null;
        timer = Time.CreateTimer(
            _ =>
            {
                timer?.Dispose();
                action();
            },
            null,
            delay,
            Timeout.InfiniteTimeSpan);
    }

    private void OnSynArrived(PendingConnect pending)
    {
        if (pending.Completion.Task.IsCompleted)
        {
            return;
        }

        if (!_tcpEndpoints.TryGetValue(pending.Remote, out var target) || !Routable(pending.Endpoint.Host, target.Host))
        {
            // Nobody there (or no route): the SYN is lost and the connect times out.
            return;
        }

        // Crossing SYNs: the target is connecting to us from exactly that port (RFC 6544 simultaneous open).
        if (_pendingConnects.TryGetValue((pending.Remote, pending.Local), out var crossing) && !crossing.Completion.Task.IsCompleted)
        {
            var (a, b) = SimulatedTcpConnection.CreatePair(this, pending.Local, pending.Remote);
            After(Delay, () =>
            {
                Complete(pending, a);
                Complete(crossing, b);
            });
            return;
        }

        if (target.Host.BlockInboundTcp)
        {
            Filtered++;
            return;
        }

        if (target.TcpType != IceTcpType.Passive || target.Accepted is null)
        {
            TcpRefused++;
            After(Delay, () => Fail(pending, SocketError.ConnectionRefused));
            return;
        }

        var (client, server) = SimulatedTcpConnection.CreatePair(this, pending.Local, pending.Remote);
        After(Delay, () =>
        {
            if (Complete(pending, client))
            {
                target.Accepted?.Invoke(server);
            }
        });
    }

    private static bool Routable(SimulatedHost from, SimulatedHost to) => from.Nat is null && to.Nat is null || from.Nat == to.Nat;

    private bool Complete(PendingConnect pending, SimulatedTcpConnection connection)
    {
        _pendingConnects.Remove((pending.Local, pending.Remote));
        pending.Timeout?.Dispose();
        if (!pending.Completion.TrySetResult(connection))
        {
            return false;
        }

        TcpConnections++;
        return true;
    }

    private void Fail(PendingConnect pending, SocketError error)
    {
        _pendingConnects.Remove((pending.Local, pending.Remote));
        pending.Timeout?.Dispose();
        pending.Completion.TrySetException(new SocketException((int)error));
    }

    private sealed class PendingConnect(SimulatedTcpEndpoint endpoint, IPEndPoint local, IPEndPoint remote)
    {
        public SimulatedTcpEndpoint Endpoint { get; } = endpoint;

        public IPEndPoint Local { get; } = local;

        public IPEndPoint Remote { get; } = remote;

        public TaskCompletionSource<IIceTcpConnection> Completion { get; } = new();

        public ITimer? Timeout { get; set; }
    }
}

/// <summary>A TCP endpoint of a simulated host.</summary>
internal sealed class SimulatedTcpEndpoint(SimulatedNetwork network, SimulatedHost host, IPEndPoint local, IceTcpType tcpType) : IIceTcpEndpoint
{
    public SimulatedHost Host { get; } = host;

    public IceTcpType TcpType { get; } = tcpType;

    public IPEndPoint LocalEndPoint { get; } = local;

    public Action<IIceTcpConnection>? Accepted { get; private set; }

    public void Start(Action<IIceTcpConnection> accepted) => Accepted = accepted;

    public Task<IIceTcpConnection> ConnectAsync(IPEndPoint remote, CancellationToken cancellationToken = default) =>
        TcpType == IceTcpType.Passive
            ? Task.FromException<IIceTcpConnection>(new InvalidOperationException("passive"))
            : network.Connect(this, remote, cancellationToken);

    public ValueTask DisposeAsync()
    {
        Accepted = null;
        return ValueTask.CompletedTask;
    }
}

/// <summary>One end of a simulated TCP connection.</summary>
internal sealed class SimulatedTcpConnection : IIceTcpConnection
{
    private readonly SimulatedNetwork _network;
    private IceStreamHandler? _received;
    private Action? _closed;
    private bool _isClosed;

    private SimulatedTcpConnection(SimulatedNetwork network, IPEndPoint local, IPEndPoint remote)
    {
        _network = network;
        LocalEndPoint = local;
        RemoteEndPoint = remote;
    }

    public IPEndPoint LocalEndPoint { get; }

    public IPEndPoint RemoteEndPoint { get; }

    public Queue<byte[]> Inbound { get; } = new();

    public long BytesSent { get; private set; }

    private SimulatedTcpConnection Peer { get; set; } = null!;

    public static (SimulatedTcpConnection Near, SimulatedTcpConnection Far) CreatePair(SimulatedNetwork network, IPEndPoint near, IPEndPoint far)
    {
        var a = new SimulatedTcpConnection(network, near, far);
        var b = new SimulatedTcpConnection(network, far, near);
        a.Peer = b;
        b.Peer = a;
        return (a, b);
    }

    public void Send(ReadOnlySpan<byte> bytes)
    {
        if (_isClosed || bytes.IsEmpty)
        {
            return;
        }

        BytesSent += bytes.Length;
        _network.Deliver(Peer, bytes.ToArray());
    }

    public void Start(IceStreamHandler received, Action closed)
    {
        _received = received;
        _closed = closed;
        Drain();
    }

    public void Drain()
    {
        while (_received is not null && Inbound.TryDequeue(out var chunk))
        {
            _received(chunk);
        }
    }

    public ValueTask DisposeAsync()
    {
        Close();
        _network.After(TimeSpan.FromMilliseconds(20), Peer.Close);
        return ValueTask.CompletedTask;
    }

    private void Close()
    {
        if (_isClosed)
        {
            return;
        }

        _isClosed = true;
        _closed?.Invoke();
    }
}
