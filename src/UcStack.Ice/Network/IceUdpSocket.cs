using System.Net;
using System.Net.Sockets;

namespace UcStack.Ice;

/// <summary>A UDP socket on one local address with its own receive loop.</summary>
internal sealed class IceUdpSocket : IIceSocket
{
    private const int MaxDatagram = 65536;

    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _sendGate = new();
    private IPEndPoint? _lastDestination;
    private SocketAddress? _lastDestinationAddress;
    private Task? _receiveLoop;

    private IceUdpSocket(Socket socket)
    {
        _socket = socket;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    public static IceUdpSocket Bind(IPAddress address)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(address, 0));
            return new IceUdpSocket(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint remoteEndPoint)
    {
        try
        {
            SocketAddress address;
            lock (_sendGate)
            {
                // Serializing the destination once per peer keeps the media path allocation-free.
                if (!remoteEndPoint.Equals(_lastDestination))
                {
                    _lastDestination = remoteEndPoint;
                    _lastDestinationAddress = remoteEndPoint.Serialize();
                }

                address = _lastDestinationAddress!;
            }

            _socket.SendTo(datagram, SocketFlags.None, address);
        }
        catch (SocketException)
        {
            // UDP semantics: an unreachable destination is a lost datagram, which ICE's retransmissions handle.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Start(IceDatagramHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (_receiveLoop is not null)
        {
            throw new InvalidOperationException("Already started.");
        }

        _receiveLoop = Task.Run(() => ReceiveLoopAsync(handler));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        if (_receiveLoop is not null)
        {
            await _receiveLoop.ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private async Task ReceiveLoopAsync(IceDatagramHandler handler)
    {
        var buffer = new byte[MaxDatagram];
        var received = new SocketAddress(_socket.AddressFamily);
        SocketAddress? lastAddress = null;
        IPEndPoint? lastEndPoint = null;
        while (!_stop.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, received, _stop.Token).ConfigureAwait(false);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
            {
                continue;
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (lastAddress is null || !lastAddress.Equals(received))
            {
                lastEndPoint = (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(received);
                lastAddress = new SocketAddress(received.Family, received.Size);
                received.Buffer.Span.CopyTo(lastAddress.Buffer.Span);
            }

            handler(buffer.AsSpan(0, length), lastEndPoint!);
        }
    }
}
