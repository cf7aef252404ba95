using System.Net;
using UcStack.Stun;

namespace UcStack.Turn.Server;

/// <summary>The relayed transport address of one allocation: a UDP socket facing the peers.</summary>
internal interface IRelaySocket : IDisposable
{
    /// <summary>The relayed transport address.</summary>
    StunEndPoint LocalEndPoint { get; }

    /// <summary>Sends one datagram to a peer; false when the operating system refused it.</summary>
    bool SendTo(ReadOnlySpan<byte> datagram, StunEndPoint peer);
}

/// <summary>Datagrams arriving on a relay socket.</summary>
internal interface IRelayReceiver
{
    /// <summary>Called on the relay's receive loop for each datagram from a peer.</summary>
    void OnPeerDatagram(StunEndPoint peer, ReadOnlySpan<byte> datagram);
}

/// <summary>Binds relay sockets (real UDP sockets, or in-memory ones in tests).</summary>
internal interface IRelaySocketFactory
{
    /// <summary>Binds <paramref name="address"/>:<paramref name="port"/>; null when the port is taken.</summary>
    IRelaySocket? TryBind(IPAddress address, int port, IRelayReceiver receiver);

    /// <summary>Listens on <paramref name="address"/>:<paramref name="port"/> for RFC 6062 peers; null when taken or unsupported.</summary>
    TcpRelayListener? TryListenTcp(IPAddress address, int port, ITcpRelayReceiver receiver) => null;
}
