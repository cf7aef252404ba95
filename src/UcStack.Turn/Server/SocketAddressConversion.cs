using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using UcStack.Stun;

namespace UcStack.Turn.Server;

/// <summary>
/// Reads and writes <see cref="SocketAddress"/> buffers in place so per-datagram code allocates nothing. The
/// layout is the sockaddr_in / sockaddr_in6 one on every platform .NET supports: port (network order) at
/// offset 2, IPv4 address at 4, IPv6 address at 8.
/// </summary>
internal static class SocketAddressConversion
{
    public static StunEndPoint ToStunEndPoint(SocketAddress address)
    {
        var bytes = address.Buffer.Span;
        var port = BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]);
        return address.Family == AddressFamily.InterNetworkV6
            ? new StunEndPoint(bytes.Slice(8, 16), port)
            : new StunEndPoint(bytes.Slice(4, 4), port);
    }

    /// <summary>Overwrites port and address of <paramref name="target"/>, whose family must match.</summary>
    public static void Write(StunEndPoint endPoint, SocketAddress target)
    {
        var bytes = target.Buffer.Span;
        BinaryPrimitives.WriteUInt16BigEndian(bytes[2..], endPoint.Port);
        if (target.Family == AddressFamily.InterNetworkV6)
        {
            bytes.Slice(4, 4).Clear();
            endPoint.WriteAddress(bytes.Slice(8, 16));
            bytes.Slice(24, 4).Clear();
        }
        else
        {
            endPoint.WriteAddress(bytes.Slice(4, 4));
        }
    }

    public static SocketAddress Clone(SocketAddress address)
    {
        var copy = new SocketAddress(address.Family, address.Size);
        address.Buffer.CopyTo(copy.Buffer);
        return copy;
    }

    public static StunAddressFamily FamilyOf(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? StunAddressFamily.IPv6 : StunAddressFamily.IPv4;
}
