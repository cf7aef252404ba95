using System.Net;
using System.Net.Sockets;
using UcStack.Stun;

namespace UcStack.Turn.Server;

/// <summary>
/// A UDP client on the listening socket. The receive loop reuses one instance per datagram
/// (<see cref="Reset"/>); allocations keep a <see cref="Retain"/>ed copy with its own address.
/// </summary>
internal sealed class UdpClientLink : ITurnClientLink
{
    private readonly Socket _socket;
    private readonly SocketAddress _address;
    private readonly StunEndPoint _server;

    public UdpClientLink(Socket socket, SocketAddress address, StunEndPoint server)
    {
        _socket = socket;
        _address = address;
        _server = server;
        Tuple = new FiveTuple(TurnTransportKind.Udp, SocketAddressConversion.ToStunEndPoint(address), server);
    }

    public FiveTuple Tuple { get; private set; }

    /// <summary>Re-reads the client address after the receive loop stored a new source in it.</summary>
    public void Reset() => Tuple = new FiveTuple(TurnTransportKind.Udp, SocketAddressConversion.ToStunEndPoint(_address), _server);

    public bool Send(ReadOnlySpan<byte> frame)
    {
        try
        {
            _socket.SendTo(frame, SocketFlags.None, _address);
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <inheritdoc/>
    public bool CarriesUnframedData => true;

    /// <inheritdoc/>
    public bool SendUnframed(ReadOnlySpan<byte> data) => Send(data);

    // RFC 6062 §5.4: data connections are TCP only.
    public bool TryStartDataRelay(TcpPeerConnection connection) => false;

    public ITurnClientLink Retain() => new UdpClientLink(_socket, SocketAddressConversion.Clone(_address), _server);
}
