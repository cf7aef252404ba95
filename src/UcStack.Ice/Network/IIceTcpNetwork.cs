using System.Net;

namespace UcStack.Ice;

/// <summary>
/// The TCP side of an <see cref="IIceNetwork"/> for ICE-TCP (RFC 6544): an agent gathers TCP candidates only on a
/// network that implements this too. The agent does the RFC 4571 framing and the ICE logic; the network only moves
/// bytes.
/// </summary>
public interface IIceTcpNetwork
{
    /// <summary>Whether <see cref="OpenTcp"/> supports <see cref="IceTcpType.SimultaneousOpen"/> endpoints.</summary>
    bool SupportsSimultaneousOpen { get; }

    /// <summary>
    /// Opens a TCP endpoint on <paramref name="address"/>: passive endpoints listen on a free port, active endpoints
    /// connect from a fresh port each time, simultaneous-open endpoints connect from their one bound port and
    /// complete when the peer connects to them at the same time.
    /// </summary>
    /// <param name="address">A local address.</param>
    /// <param name="tcpType">Active, passive or simultaneous-open.</param>
    /// <returns>The endpoint (not started).</returns>
    /// <exception cref="System.Net.Sockets.SocketException">The bind or listen failed.</exception>
    /// <exception cref="NotSupportedException"><paramref name="tcpType"/> is not supported by this network.</exception>
    IIceTcpEndpoint OpenTcp(IPAddress address, IceTcpType tcpType);
}

/// <summary>One local TCP endpoint of an ICE-TCP candidate.</summary>
public interface IIceTcpEndpoint : IAsyncDisposable
{
    /// <summary>The bound address and port (for an active endpoint the port is 0: each connection gets its own).</summary>
    IPEndPoint LocalEndPoint { get; }

    /// <summary>Starts reporting connections accepted from peers (passive endpoints); called once.</summary>
    /// <param name="accepted">Receives each accepted connection (not started).</param>
    void Start(Action<IIceTcpConnection> accepted);

    /// <summary>Opens a connection to <paramref name="remote"/> (active and simultaneous-open endpoints).</summary>
    /// <param name="remote">The peer's passive or simultaneous-open address.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>The connection (not started).</returns>
    /// <exception cref="System.Net.Sockets.SocketException">Refused, unreachable or timed out.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    /// <exception cref="InvalidOperationException">A passive endpoint cannot connect.</exception>
    Task<IIceTcpConnection> ConnectAsync(IPEndPoint remote, CancellationToken cancellationToken = default);
}

/// <summary>An established TCP connection: an ordered byte stream each way.</summary>
public interface IIceTcpConnection : IAsyncDisposable
{
    /// <summary>The local address and port of the connection.</summary>
    IPEndPoint LocalEndPoint { get; }

    /// <summary>The peer's address and port.</summary>
    IPEndPoint RemoteEndPoint { get; }

    /// <summary>Queues bytes for the peer, in order; best effort (a broken connection drops them and reports closed).</summary>
    /// <param name="bytes">The bytes; not retained after the call.</param>
    void Send(ReadOnlySpan<byte> bytes);

    /// <summary>Starts delivering received bytes; called once. Chunks may split or join what the peer sent.</summary>
    /// <param name="received">Receives each chunk; the span is valid only during the call.</param>
    /// <param name="closed">Called once when the connection ends.</param>
    void Start(IceStreamHandler received, Action closed);
}

/// <summary>Receives a chunk of a TCP byte stream; the span is valid only during the call.</summary>
/// <param name="bytes">The bytes.</param>
public delegate void IceStreamHandler(ReadOnlySpan<byte> bytes);
