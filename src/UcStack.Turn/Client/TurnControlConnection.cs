using System.Net;
using System.Net.Sockets;
using UcStack.Stun;

namespace UcStack.Turn.Client;

/// <summary>
/// The client's connection to the TURN server, as an <see cref="IStunTransport"/> the transaction manager
/// sends requests through: a connected UDP socket, or a TCP stream split by <see cref="StunFrameBuffer"/>
/// into STUN messages and padded ChannelData (RFC 8656 §12.5). One receive loop, started with
/// <see cref="Start"/>, hands every complete message to the owner; sends on TCP are serialized so frames
/// never interleave.
/// </summary>
internal sealed class TurnControlConnection : IStunTransport
{
    private readonly Socket _socket;
    private readonly StunFrameBuffer? _frames;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task _receiveLoop = Task.CompletedTask;
    private int _loopStarted;

    private TurnControlConnection(Socket socket, TurnTransport transport, IPEndPoint server)
    {
        _socket = socket;
        Transport = transport;
        Server = server;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        if (transport == TurnTransport.Tcp)
        {
            _frames = new StunFrameBuffer(StunStreamFramer.MaxFrameLength);
        }
    }

    public TurnTransport Transport { get; }

    public IPEndPoint Server { get; }

    public bool IsStream => _frames is not null;

    /// <inheritdoc/>
    public bool IsReliable => IsStream;

    /// <inheritdoc/>
    public IPEndPoint LocalEndPoint { get; }

    public static async Task<TurnControlConnection> ConnectAsync(IPEndPoint server, TurnTransport transport, CancellationToken cancellationToken)
    {
        var socket = transport == TurnTransport.Udp
            ? new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
            : new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
            return new TurnControlConnection(socket, transport, server);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Starts the receive loop. <paramref name="onMessage"/> runs on the loop, one message at a time.</summary>
    public void Start(Action<ReadOnlyMemory<byte>> onMessage, Action<Exception?> onClosed)
    {
        if (Interlocked.Exchange(ref _loopStarted, 1) != 0)
        {
            throw new InvalidOperationException("The receive loop already runs.");
        }

        _receiveLoop = Task.Run(() => ReceiveLoopAsync(onMessage, onClosed));
    }

    /// <inheritdoc/>
    public ValueTask SendAsync(ReadOnlyMemory<byte> packet, IPEndPoint remoteEndPoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(remoteEndPoint);
        if (!remoteEndPoint.Equals(Server))
        {
            throw new IOException($"This connection goes to the TURN server {Server}, not {remoteEndPoint}.");
        }

        return SendAsync(packet, cancellationToken);
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (_frames is null)
        {
            await _socket.SendAsync(message, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            return;
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (!message.IsEmpty)
            {
                var sent = await _socket.SendAsync(message, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                message = message[sent..];
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc/>
    /// <remarks>The loop started by <see cref="Start"/> is the one reader; call this only without it.</remarks>
    public async ValueTask<StunReceivedPacket> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_frames is null)
        {
            while (true)
            {
                try
                {
                    var received = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    return new StunReceivedPacket(received, Server);
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset or SocketError.MessageSize)
                {
                    // An ICMP error for an earlier datagram, or an oversized one: UDP has no connection to
                    // lose; the transaction layer retransmits or times out.
                }
            }
        }

        while (true)
        {
            switch (_frames.TryTakeFrame(out _, out var frame))
            {
                case StunFrameStatus.Complete:
                    if (frame.Length > buffer.Length)
                    {
                        throw new IOException($"A {frame.Length}-byte frame does not fit the {buffer.Length}-byte receive buffer.");
                    }

                    frame.CopyTo(buffer);
                    return new StunReceivedPacket(frame.Length, Server);
                case StunFrameStatus.Invalid:
                    throw new IOException("The TURN server's stream is neither STUN nor ChannelData at a frame boundary (RFC 8656 §12.5).");
                case StunFrameStatus.TooLarge:
                    throw new IOException($"A frame from the TURN server exceeds the {_frames.MaxFrameLength}-byte limit.");
            }

            var read = await _socket.ReceiveAsync(_frames.GetReadMemory(), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return new StunReceivedPacket(0, Server, IsEndOfStream: true);
            }

            _frames.Advance(read);
        }
    }

    private async Task ReceiveLoopAsync(Action<ReadOnlyMemory<byte>> onMessage, Action<Exception?> onClosed)
    {
        // Any datagram or frame fits (STUN at most 20 + 65532 bytes, ChannelData 4 + 65536 padded).
        var buffer = new byte[StunStreamFramer.MaxFrameLength];
        Exception? failure = null;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var packet = await ReceiveAsync(buffer, _stop.Token).ConfigureAwait(false);
                if (packet.IsEndOfStream)
                {
                    failure = new IOException("The TURN server closed the TCP connection.");
                    break;
                }

                onMessage(buffer.AsMemory(0, packet.Length));
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
            failure = _stop.IsCancellationRequested ? null : e;
        }
        finally
        {
            onClosed(failure);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already closed by the peer.
        }

        _socket.Dispose();
        await _receiveLoop.ConfigureAwait(false);
        _stop.Dispose();
        _writeLock.Dispose();
    }
}
