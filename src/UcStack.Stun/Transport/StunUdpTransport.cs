using System.Net;
using System.Net.Sockets;

namespace UcStack.Stun;

/// <summary>
/// STUN over UDP (RFC 8489 §6.2.1): one message per datagram, IPv4 or IPv6. Binding to
/// <see cref="IPAddress.IPv6Any"/> makes a dual-mode socket; IPv4 peers then appear as plain IPv4 addresses.
/// </summary>
public sealed class StunUdpTransport : IStunTransport
{
    private readonly Socket _socket;
    private readonly IPEndPoint _anyRemote;

    private StunUdpTransport(Socket socket)
    {
        _socket = socket;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        _anyRemote = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
    }

    /// <inheritdoc/>
    public bool IsReliable => false;

    /// <inheritdoc/>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Opens a UDP socket bound to <paramref name="localEndPoint"/> (port 0 picks a free port).</summary>
    /// <param name="localEndPoint">The local address and port.</param>
    /// <exception cref="SocketException">The address could not be bound.</exception>
    public static StunUdpTransport Bind(IPEndPoint localEndPoint)
    {
        ArgumentNullException.ThrowIfNull(localEndPoint);
        var socket = new Socket(localEndPoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (localEndPoint.Address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            socket.Bind(localEndPoint);
            return new StunUdpTransport(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> packet, IPEndPoint remoteEndPoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remoteEndPoint);
        await _socket.SendToAsync(packet, SocketFlags.None, remoteEndPoint, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<StunReceivedPacket> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            try
            {
                var result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, _anyRemote, cancellationToken).ConfigureAwait(false);
                var remote = (IPEndPoint)result.RemoteEndPoint;
                if (remote.Address.IsIPv4MappedToIPv6)
                {
                    remote = new IPEndPoint(remote.Address.MapToIPv4(), remote.Port);
                }

                return new StunReceivedPacket(result.ReceivedBytes, remote);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionRefused or SocketError.MessageSize)
            {
                // An ICMP error for an earlier send (reported by some platforms on the next receive) or a
                // datagram larger than the buffer says nothing about the next datagram: keep receiving.
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }

    /// <summary>Closes the socket; for synchronous clean-up paths (closing a UDP socket never blocks).</summary>
    internal void Close() => _socket.Dispose();
}
