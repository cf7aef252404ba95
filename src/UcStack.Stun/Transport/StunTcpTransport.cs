using System.Net;
using System.Net.Sockets;

namespace UcStack.Stun;

/// <summary>
/// STUN over one TCP connection (RFC 8489 §6.2.2): messages are sent back to back on the stream and
/// received whole, split by <see cref="StunStreamFramer"/> (STUN messages and TURN ChannelData frames).
/// </summary>
public sealed class StunTcpTransport : IStunTransport
{
    private readonly Socket _socket;
    private readonly StunFrameBuffer _frames;
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    private StunTcpTransport(Socket socket, int maxFrameLength)
    {
        _socket = socket;
        _frames = new StunFrameBuffer(maxFrameLength);
        LocalEndPoint = Unmap((IPEndPoint)socket.LocalEndPoint!);
        RemoteEndPoint = Unmap((IPEndPoint)socket.RemoteEndPoint!);
    }

    /// <inheritdoc/>
    public bool IsReliable => true;

    /// <inheritdoc/>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The connected peer.</summary>
    public IPEndPoint RemoteEndPoint { get; }

    /// <summary>Connects to <paramref name="remoteEndPoint"/>.</summary>
    /// <param name="remoteEndPoint">The server.</param>
    /// <param name="maxFrameLength">The largest frame accepted from the peer.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <exception cref="SocketException">The connection could not be made.</exception>
    public static async Task<StunTcpTransport> ConnectAsync(IPEndPoint remoteEndPoint, int maxFrameLength = StunStreamFramer.MaxFrameLength, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remoteEndPoint);
        var socket = new Socket(remoteEndPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(remoteEndPoint, cancellationToken).ConfigureAwait(false);
            return new StunTcpTransport(socket, maxFrameLength);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Wraps a socket the caller accepted or connected; the transport owns it from now on.</summary>
    /// <param name="connectedSocket">A connected TCP socket.</param>
    /// <param name="maxFrameLength">The largest frame accepted from the peer.</param>
    /// <exception cref="ArgumentException">The socket is not connected.</exception>
    public static StunTcpTransport FromConnectedSocket(Socket connectedSocket, int maxFrameLength = StunStreamFramer.MaxFrameLength)
    {
        ArgumentNullException.ThrowIfNull(connectedSocket);
        if (!connectedSocket.Connected)
        {
            throw new ArgumentException("The socket is not connected.", nameof(connectedSocket));
        }

        return new StunTcpTransport(connectedSocket, maxFrameLength);
    }

    /// <inheritdoc/>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> packet, IPEndPoint remoteEndPoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remoteEndPoint);
        if (!remoteEndPoint.Equals(RemoteEndPoint))
        {
            throw new IOException($"This TCP transport is connected to {RemoteEndPoint}, not {remoteEndPoint}.");
        }

        // Frames from concurrent senders must not interleave on the stream.
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (!packet.IsEmpty)
            {
                var sent = await _socket.SendAsync(packet, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                packet = packet[sent..];
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask<StunReceivedPacket> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var status = _frames.TryTakeFrame(out _, out var frame);
            switch (status)
            {
                case StunFrameStatus.Complete:
                    if (frame.Length > buffer.Length)
                    {
                        throw new IOException($"A {frame.Length}-byte frame does not fit the {buffer.Length}-byte receive buffer.");
                    }

                    frame.CopyTo(buffer);
                    return new StunReceivedPacket(frame.Length, RemoteEndPoint);
                case StunFrameStatus.Invalid:
                    throw new IOException("The stream is neither STUN nor ChannelData at a frame boundary (RFC 8656 §12.5).");
                case StunFrameStatus.TooLarge:
                    throw new IOException($"A frame exceeds the {_frames.MaxFrameLength}-byte limit.");
            }

            var read = await _socket.ReceiveAsync(_frames.GetReadMemory(), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                if (_frames.BufferedLength > 0)
                {
                    throw new IOException($"The peer closed the connection inside a frame ({_frames.BufferedLength} bytes pending).");
                }

                return new StunReceivedPacket(0, RemoteEndPoint, IsEndOfStream: true);
            }

            _frames.Advance(read);
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        _sendLock.Dispose();
        return ValueTask.CompletedTask;
    }

    private static IPEndPoint Unmap(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;
}
