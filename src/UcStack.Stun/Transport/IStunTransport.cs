using System.Net;

namespace UcStack.Stun;

/// <summary>
/// A path STUN messages travel over: a UDP socket (one datagram per message), one TCP connection (a byte
/// stream split into frames by <see cref="StunStreamFramer"/>), or an in-memory pair in tests. The
/// transaction manager sends through it; whoever owns the transport runs the receive loop and hands
/// responses to <see cref="StunTransactionManager.TryHandleResponse"/>.
/// </summary>
/// <remarks>
/// <see cref="SendAsync"/> may be called from several threads at once; <see cref="ReceiveAsync"/> is
/// called by one receive loop at a time.
/// </remarks>
public interface IStunTransport : IAsyncDisposable
{
    /// <summary>
    /// <see langword="true"/> for TCP and TLS: RFC 8489 §6.2.2 then forbids retransmission and bounds the
    /// transaction by Ti instead.
    /// </summary>
    bool IsReliable { get; }

    /// <summary>The local address and port the transport is bound to.</summary>
    IPEndPoint LocalEndPoint { get; }

    /// <summary>Sends one complete STUN message (or ChannelData frame) to <paramref name="remoteEndPoint"/>.</summary>
    /// <param name="packet">The encoded message; not retained after the returned task completes.</param>
    /// <param name="remoteEndPoint">The destination; a connected transport sends only to its peer.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <exception cref="System.Net.Sockets.SocketException">The socket failed.</exception>
    /// <exception cref="IOException">The connection failed or the destination is not this transport's peer.</exception>
    /// <exception cref="ObjectDisposedException">The transport was disposed.</exception>
    ValueTask SendAsync(ReadOnlyMemory<byte> packet, IPEndPoint remoteEndPoint, CancellationToken cancellationToken = default);

    /// <summary>
    /// Receives the next datagram or stream frame into <paramref name="buffer"/>. At the end of a stream the
    /// result has <see cref="StunReceivedPacket.IsEndOfStream"/> set.
    /// </summary>
    /// <param name="buffer">Where the packet goes; <see cref="StunStreamFramer.MaxFrameLength"/> bytes hold any frame.</param>
    /// <param name="cancellationToken">Cancels the receive.</param>
    /// <exception cref="System.Net.Sockets.SocketException">The socket failed.</exception>
    /// <exception cref="IOException">The stream broke framing or a frame did not fit <paramref name="buffer"/>.</exception>
    /// <exception cref="ObjectDisposedException">The transport was disposed.</exception>
    ValueTask<StunReceivedPacket> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);
}
