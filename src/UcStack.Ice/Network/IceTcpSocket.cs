using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace UcStack.Ice;

/// <summary>
/// An ICE-TCP candidate (RFC 6544) seen by the agent as an <see cref="IIceSocket"/>: "sending a datagram" to a remote
/// address writes one RFC 4571 frame on the connection to that address, opening it first when this candidate is
/// active or simultaneous-open (the datagram waits, bounded, until it is up); received frames come out as datagrams
/// from the connection's remote address. A passive candidate only answers on connections peers opened.
/// </summary>
internal sealed class IceTcpSocket : IIceSocket
{
    /// <summary>RFC 6544 §4.5: active candidates are signalled with port 9 (discard); their real ports vary per connection.</summary>
    public const int ActivePort = 9;

    private const int MaxConnections = 64;
    private const int MaxQueuedPerConnect = 16;

    private readonly IIceTcpEndpoint _endpoint;
    private readonly Lock _gate = new();
    private readonly Lock _receiveGate = new();
    private readonly Dictionary<IPEndPoint, IIceTcpConnection> _connections = [];
    private readonly Dictionary<IPEndPoint, List<byte[]>> _connecting = [];
    private readonly CancellationTokenSource _stop = new();
    private IceDatagramHandler? _handler;
    private bool _disposed;
    private long _dropped;

    public IceTcpSocket(IIceTcpEndpoint endpoint, IceTcpType tcpType)
    {
        _endpoint = endpoint;
        TcpType = tcpType;
        LocalEndPoint = tcpType == IceTcpType.Active
            ? new IPEndPoint(endpoint.LocalEndPoint.Address, ActivePort)
            : endpoint.LocalEndPoint;
    }

    public IceTcpType TcpType { get; }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Datagrams not sent: no connection (passive), too many waiting for a connection, or too long for a frame.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    public int ConnectionCount
    {
        get
        {
            lock (_gate)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>Whether a connection to <paramref name="remote"/> is up or being opened.</summary>
    public bool IsConnectedOrConnecting(IPEndPoint remote)
    {
        lock (_gate)
        {
            return _connections.ContainsKey(remote) || _connecting.ContainsKey(remote);
        }
    }

    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint remoteEndPoint)
    {
        if (datagram.Length > IceFrameReader.MaxFrameLength)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        IIceTcpConnection? connection;
        var connect = false;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (!_connections.TryGetValue(remoteEndPoint, out connection))
            {
                // RFC 6544 §7.1 (as we read it): a passive candidate never opens connections; active and so ones do.
                if (TcpType == IceTcpType.Passive)
                {
                    Interlocked.Increment(ref _dropped);
                    return;
                }

                if (!_connecting.TryGetValue(remoteEndPoint, out var queue))
                {
                    queue = [];
                    _connecting[remoteEndPoint] = queue;
                    connect = true;
                }

                if (queue.Count >= MaxQueuedPerConnect)
                {
                    Interlocked.Increment(ref _dropped);
                }
                else
                {
                    var frame = new byte[2 + datagram.Length];
                    IceFrameReader.WriteFrame(datagram, frame);
                    queue.Add(frame);
                }
            }
        }

        if (connection is not null)
        {
            SendFrame(connection, datagram);
        }
        else if (connect)
        {
            _ = ConnectAsync(remoteEndPoint);
        }
    }

    public void Start(IceDatagramHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_gate)
        {
            if (_handler is not null)
            {
                throw new InvalidOperationException("Already started.");
            }

            _handler = handler;
        }

        _endpoint.Start(OnAccepted);
    }

    public async ValueTask DisposeAsync()
    {
        List<IIceTcpConnection> connections;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            connections = [.. _connections.Values];
            _connections.Clear();
            _connecting.Clear();
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var connection in connections)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        await _endpoint.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private static void SendFrame(IIceTcpConnection connection, ReadOnlySpan<byte> datagram)
    {
        var length = 2 + datagram.Length;
        byte[]? rented = null;
        var frame = length <= 1500 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length)).AsSpan(0, length);
        IceFrameReader.WriteFrame(datagram, frame);
        connection.Send(frame);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private async Task ConnectAsync(IPEndPoint remote)
    {
        IIceTcpConnection? connection = null;
        try
        {
            connection = await _endpoint.ConnectAsync(remote, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // Like a lost datagram: the check retransmits and tries again; the pair fails when its check times out.
        }

        List<byte[]>? queued;
        lock (_gate)
        {
            _connecting.Remove(remote, out queued);
        }

        if (connection is null)
        {
            if (queued is not null)
            {
                Interlocked.Add(ref _dropped, queued.Count);
            }

            return;
        }

        if (!Register(connection))
        {
            return;
        }

        foreach (var frame in queued ?? [])
        {
            connection.Send(frame);
        }
    }

    private void OnAccepted(IIceTcpConnection connection) => Register(connection);

    private bool Register(IIceTcpConnection connection)
    {
        var remote = connection.RemoteEndPoint;
        lock (_gate)
        {
            if (_disposed || _connections.Count >= MaxConnections || _connections.ContainsKey(remote))
            {
                _ = connection.DisposeAsync().AsTask();
                return false;
            }

            _connections[remote] = connection;
        }

        // One reader and one delegate per connection: nothing is allocated per received frame.
        var reader = new IceFrameReader();
        IceStreamHandler deliver = frame => _handler?.Invoke(frame, remote);
        connection.Start(
            bytes => OnBytes(reader, bytes, deliver),
            () => OnClosed(remote, connection));
        return true;
    }

    private void OnBytes(IceFrameReader reader, ReadOnlySpan<byte> bytes, IceStreamHandler deliver)
    {
        // IIceSocket promises one receive callback at a time; each connection has its own loop.
        lock (_receiveGate)
        {
            reader.Feed(bytes, deliver);
        }
    }

    private void OnClosed(IPEndPoint remote, IIceTcpConnection connection)
    {
        lock (_gate)
        {
            if (_connections.TryGetValue(remote, out var current) && ReferenceEquals(current, connection))
            {
                _connections.Remove(remote);
            }
        }
    }
}
