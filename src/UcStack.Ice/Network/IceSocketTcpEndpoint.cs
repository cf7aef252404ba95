using System.Net;
using System.Net.Sockets;

namespace UcStack.Ice;

/// <summary>A real TCP endpoint: a listening socket (passive) or a source of outgoing connections (active).</summary>
internal sealed class IceSocketTcpEndpoint : IIceTcpEndpoint
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket? _listener;
    private readonly CancellationTokenSource _stop = new();
    private Task? _acceptLoop;

    private IceSocketTcpEndpoint(IPEndPoint localEndPoint, Socket? listener)
    {
        LocalEndPoint = localEndPoint;
        _listener = listener;
    }

    public IPEndPoint LocalEndPoint { get; }

    public static IceSocketTcpEndpoint Open(IPAddress address, IceTcpType tcpType)
    {
        switch (tcpType)
        {
            case IceTcpType.Active:
                return new IceSocketTcpEndpoint(new IPEndPoint(address, 0), null);
            case IceTcpType.Passive:
                var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    listener.Bind(new IPEndPoint(address, 0));
                    listener.Listen(16);
                    return new IceSocketTcpEndpoint((IPEndPoint)listener.LocalEndPoint!, listener);
                }
                catch
                {
                    listener.Dispose();
                    throw;
                }

            default:
                throw new NotSupportedException("Simultaneous-open TCP candidates need crossing SYNs that real sockets on this host cannot arrange; use active and passive ones.");
        }
    }

    public void Start(Action<IIceTcpConnection> accepted)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        if (_listener is null)
        {
            return;
        }

        if (_acceptLoop is not null)
        {
            throw new InvalidOperationException("Already started.");
        }

        _acceptLoop = Task.Run(() => AcceptLoopAsync(_listener, accepted));
    }

    public async Task<IIceTcpConnection> ConnectAsync(IPEndPoint remote, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (_listener is not null)
        {
            throw new InvalidOperationException("A passive endpoint does not open connections (RFC 6544).");
        }

        var socket = new Socket(LocalEndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            socket.Bind(LocalEndPoint);
            await socket.ConnectAsync(remote, timeout.Token).ConfigureAwait(false);
            return new IceSocketTcpConnection(socket);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new SocketException((int)SocketError.TimedOut);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync(Socket listener, Action<IIceTcpConnection> accepted)
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            socket.NoDelay = true;
            accepted(new IceSocketTcpConnection(socket));
        }
    }
}

/// <summary>A real TCP connection with its own receive loop; sends are synchronous and serialized.</summary>
internal sealed class IceSocketTcpConnection : IIceTcpConnection
{
    private readonly Socket _socket;
    private readonly Lock _sendGate = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _receiveLoop;
    private int _closed;
    private Action? _onClosed;

    public IceSocketTcpConnection(Socket socket)
    {
        _socket = socket;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        RemoteEndPoint = (IPEndPoint)socket.RemoteEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public IPEndPoint RemoteEndPoint { get; }

    public void Send(ReadOnlySpan<byte> bytes)
    {
        try
        {
            lock (_sendGate)
            {
                while (!bytes.IsEmpty)
                {
                    var sent = _socket.Send(bytes, SocketFlags.None);
                    bytes = bytes[sent..];
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            Close();
        }
    }

    public void Start(IceStreamHandler received, Action closed)
    {
        ArgumentNullException.ThrowIfNull(received);
        ArgumentNullException.ThrowIfNull(closed);
        if (_receiveLoop is not null)
        {
            throw new InvalidOperationException("Already started.");
        }

        _onClosed = closed;
        _receiveLoop = Task.Run(() => ReceiveLoopAsync(received));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        if (_receiveLoop is not null)
        {
            await _receiveLoop.ConfigureAwait(false);
        }

        Close();
        _stop.Dispose();
    }

    private async Task ReceiveLoopAsync(IceStreamHandler received)
    {
        var buffer = new byte[16384];
        while (true)
        {
            int length;
            try
            {
                length = await _socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                break;
            }

            if (length == 0)
            {
                break;
            }

            received(buffer.AsSpan(0, length));
        }

        Close();
    }

    private void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _onClosed?.Invoke();
        }
    }
}
