using System.Net;
using System.Net.Sockets;
using UcStack.Stun;

namespace UcStack.Turn.Server;

/// <summary>
/// The relayed transport address of a TCP allocation (RFC 6062 §5.1): a listening socket that accepts peer
/// connections, and the address outgoing Connect connections are made from (§5.2: "from the relayed
/// transport address"), which is why both sockets share the port.
/// </summary>
internal sealed class TcpRelayListener : IDisposable
{
    private const int Backlog = 16;

    private readonly Socket _listener;
    private readonly ITcpRelayReceiver _receiver;
    private readonly CancellationTokenSource _stop = new();

    private TcpRelayListener(Socket listener, ITcpRelayReceiver receiver)
    {
        _listener = listener;
        _receiver = receiver;
        LocalEndPoint = StunEndPoint.FromIPEndPoint((IPEndPoint)listener.LocalEndPoint!);
    }

    public StunEndPoint LocalEndPoint { get; }

    public static TcpRelayListener? TryListen(IPAddress address, int port, ITcpRelayReceiver receiver)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // On Unix .NET maps this to SO_REUSEADDR and SO_REUSEPORT, so Connect sockets can bind the same port.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(Backlog);
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null;
        }

        var listener = new TcpRelayListener(socket, receiver);
        _ = listener.AcceptLoopAsync();
        return listener;
    }

    /// <summary>Opens a TCP connection to <paramref name="peer"/> from the relayed address; throws when it fails.</summary>
    public async Task<Socket> ConnectAsync(StunEndPoint peer, CancellationToken cancellationToken)
    {
        var target = peer.ToIPEndPoint();
        var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(LocalEndPoint.ToIPEndPoint());
            await socket.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task AcceptLoopAsync()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await _listener.AcceptAsync(token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // A connection reset before it was accepted; keep listening.
                continue;
            }

            accepted.NoDelay = true;
            try
            {
                _receiver.OnPeerConnection(accepted, StunEndPoint.FromIPEndPoint(Unmap((IPEndPoint)accepted.RemoteEndPoint!)));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The engine logs its own failures; the listener lives as long as the allocation.
                accepted.Dispose();
            }
        }
    }

    private static IPEndPoint Unmap(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        _stop.Dispose();
    }
}

/// <summary>Peer connections arriving on a TCP relayed address.</summary>
internal interface ITcpRelayReceiver
{
    /// <summary>Called on the listener's accept loop; the receiver owns <paramref name="socket"/> from then on.</summary>
    void OnPeerConnection(Socket socket, StunEndPoint peer);
}
