using System.Net;
using System.Net.Sockets;
using UcStack.Stun;

namespace UcStack.Turn.Server;

/// <summary>
/// A real UDP relay socket with its own receive loop. <see cref="SendTo"/> is called under the engine's
/// lock only, so one scratch <see cref="SocketAddress"/> serves every send without allocating.
/// </summary>
internal sealed class UdpRelaySocket : IRelaySocket
{
    private readonly Socket _socket;
    private readonly IRelayReceiver _receiver;
    private readonly SocketAddress _sendAddress;
    private readonly CancellationTokenSource _stop = new();

    private UdpRelaySocket(Socket socket, IRelayReceiver receiver)
    {
        _socket = socket;
        _receiver = receiver;
        _sendAddress = new SocketAddress(socket.AddressFamily);
        LocalEndPoint = StunEndPoint.FromIPEndPoint((IPEndPoint)socket.LocalEndPoint!);
    }

    public StunEndPoint LocalEndPoint { get; }

    /// <summary>The receive buffer size as the OS granted it (for tests and diagnostics).</summary>
    internal int ReceiveBufferSize => _socket.ReceiveBufferSize;

    public static UdpRelaySocket? TryBind(IPAddress address, int port, IRelayReceiver receiver, int bufferSize = 0)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            UdpSocketBuffers.Apply(socket, bufferSize);
            socket.Bind(new IPEndPoint(address, port));
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }

        var relay = new UdpRelaySocket(socket, receiver);
        _ = relay.ReceiveLoopAsync();
        return relay;
    }

    public bool SendTo(ReadOnlySpan<byte> datagram, StunEndPoint peer)
    {
        try
        {
            SocketAddressConversion.Write(peer, _sendAddress);
            _socket.SendTo(datagram, SocketFlags.None, _sendAddress);
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[65536];
        var from = new SocketAddress(_socket.AddressFamily);
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            int received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, from, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // ICMP errors surface here on some platforms; the socket stays usable.
                continue;
            }

            try
            {
                _receiver.OnPeerDatagram(SocketAddressConversion.ToStunEndPoint(from), buffer.AsSpan(0, received));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The engine logs its own failures; nothing may end this loop while the allocation lives.
                continue;
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _stop.Dispose();
    }
}

/// <summary>Binds <see cref="UdpRelaySocket"/>s and, for RFC 6062 allocations, <see cref="TcpRelayListener"/>s.</summary>
internal sealed class UdpRelaySocketFactory(int bufferSize) : IRelaySocketFactory
{
    public IRelaySocket? TryBind(IPAddress address, int port, IRelayReceiver receiver) => UdpRelaySocket.TryBind(address, port, receiver, bufferSize);

    public TcpRelayListener? TryListenTcp(IPAddress address, int port, ITcpRelayReceiver receiver) => TcpRelayListener.TryListen(address, port, receiver);
}
