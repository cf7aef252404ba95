using System.Net;
using System.Net.Sockets;
using System.Buffers;
using UcStack.Stun;
using UcStack.Turn.Protocol;

namespace UcStack.Turn.Client;

/// <summary>
/// The client's connection to the TURN server, as an <see cref="IStunTransport"/> the transaction manager
/// sends requests through: a connected UDP socket, or a TCP stream split by <see cref="StunFrameBuffer"/>
/// into STUN messages and padded ChannelData (RFC 8656 §12.5), or, for MS-TURN, a TCP stream of
/// <see cref="MsTurnTcpFraming"/> frames (0x02 control, 0x03 data). One receive loop, started with
/// <see cref="Start"/>, hands every complete message to the owner; sends on TCP are serialized so frames
/// never interleave.
/// </summary>
internal sealed class TurnControlConnection : IStunTransport
{
    private readonly Socket _socket;
    private readonly StunFrameBuffer? _frames;
    private readonly MsTurnFrameBuffer? _msFrames;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task _receiveLoop = Task.CompletedTask;
    private int _loopStarted;

    private TurnControlConnection(Socket socket, TurnTransport transport, IPEndPoint server, bool msFraming)
    {
        _socket = socket;
        Transport = transport;
        Server = server;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        if (transport == TurnTransport.Tcp)
        {
            if (msFraming)
            {
                _msFrames = new MsTurnFrameBuffer();
            }
            else
            {
                _frames = new StunFrameBuffer(StunStreamFramer.MaxFrameLength);
            }
        }
    }

    public TurnTransport Transport { get; }

    public IPEndPoint Server { get; }

    public bool IsStream => Transport == TurnTransport.Tcp;

    /// <summary>Whether the stream carries MS-TURN framing (control and data frames).</summary>
    public bool IsMsFramed => _msFrames is not null;

    /// <inheritdoc/>
    public bool IsReliable => IsStream;

    /// <inheritdoc/>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Connects; over TCP <paramref name="msFraming"/> selects MS-TURN framing instead of RFC 8656 §12.5's.</summary>
    public static async Task<TurnControlConnection> ConnectAsync(IPEndPoint server, TurnTransport transport, CancellationToken cancellationToken, bool msFraming = false)
    {
        var socket = transport == TurnTransport.Udp
            ? new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
            : new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
            return new TurnControlConnection(socket, transport, server, msFraming);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts the receive loop. <paramref name="onMessage"/> runs on the loop, one message at a time; its flag
    /// is true for an MS-TURN data frame (bytes of the active destination), false for everything else.
    /// </summary>
    public void Start(Action<ReadOnlyMemory<byte>, bool> onMessage, Action<Exception?> onClosed)
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

    /// <summary>Sends one STUN message or ChannelData frame (an MS-TURN control frame on an MS-framed stream).</summary>
    public ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken) =>
        _msFrames is null ? SendRawAsync(message, cancellationToken) : SendMsFrameAsync(MsTurnFrameType.Control, message, cancellationToken);

    /// <summary>
    /// Sends end-to-end data for the MS-TURN active destination: the datagram itself over UDP, a 0x03 data
    /// frame over an MS-framed stream.
    /// </summary>
    /// <exception cref="InvalidOperationException">The stream uses RFC framing, which cannot carry unframed data.</exception>
    public ValueTask SendDataAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (Transport == TurnTransport.Udp)
        {
            return SendRawAsync(data, cancellationToken);
        }

        return _msFrames is not null
            ? SendMsFrameAsync(MsTurnFrameType.Data, data, cancellationToken)
            : throw new InvalidOperationException("An RFC-framed TCP connection cannot carry unframed data.");
    }

    private async ValueTask SendMsFrameAsync(MsTurnFrameType type, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var frame = ArrayPool<byte>.Shared.Rent(MsTurnTcpFraming.HeaderLength + payload.Length);
        try
        {
            MsTurnTcpFraming.WriteHeader(frame, type, payload.Length);
            payload.CopyTo(frame.AsMemory(MsTurnTcpFraming.HeaderLength));
            await SendRawAsync(frame.AsMemory(0, MsTurnTcpFraming.HeaderLength + payload.Length), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    private async ValueTask SendRawAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (Transport == TurnTransport.Udp)
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
    /// <remarks>The loop started by <see cref="Start"/> is the one reader; call this only without it. An
    /// MS-TURN data frame here is an <see cref="IOException"/>: this view carries STUN messages only.</remarks>
    public async ValueTask<StunReceivedPacket> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var (packet, isData) = await ReceiveFrameAsync(buffer, cancellationToken).ConfigureAwait(false);
        return isData ? throw new IOException("An MS-TURN data frame arrived where a STUN message was expected.") : packet;
    }

    private async ValueTask<(StunReceivedPacket Packet, bool IsData)> ReceiveFrameAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (Transport == TurnTransport.Udp)
        {
            while (true)
            {
                try
                {
                    var received = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    return (new StunReceivedPacket(received, Server), false);
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
            ReadOnlyMemory<byte> frame;
            var isData = false;
            StunFrameStatus status;
            if (_msFrames is not null)
            {
                status = _msFrames.TryTakeFrame(out var type, out frame);
                isData = type == MsTurnFrameType.Data;
            }
            else
            {
                status = _frames!.TryTakeFrame(out _, out frame);
            }

            switch (status)
            {
                case StunFrameStatus.Complete:
                    if (frame.Length > buffer.Length)
                    {
                        throw new IOException($"A {frame.Length}-byte frame does not fit the {buffer.Length}-byte receive buffer.");
                    }

                    frame.CopyTo(buffer);
                    return (new StunReceivedPacket(frame.Length, Server), isData);
                case StunFrameStatus.Invalid:
                    throw new IOException(_msFrames is null
                        ? "The TURN server's stream is neither STUN nor ChannelData at a frame boundary (RFC 8656 §12.5)."
                        : "The TURN server's stream broke MS-TURN framing (type 0x02/0x03, 0x00, non-zero length).");
                case StunFrameStatus.TooLarge:
                    throw new IOException($"A frame from the TURN server exceeds the {_frames!.MaxFrameLength}-byte limit.");
            }

            var read = await _socket.ReceiveAsync(_msFrames is null ? _frames!.GetReadMemory() : _msFrames.GetReadMemory(), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return (new StunReceivedPacket(0, Server, IsEndOfStream: true), false);
            }

            if (_msFrames is null)
            {
                _frames!.Advance(read);
            }
            else
            {
                _msFrames.Advance(read);
            }
        }
    }

    private async Task ReceiveLoopAsync(Action<ReadOnlyMemory<byte>, bool> onMessage, Action<Exception?> onClosed)
    {
        // Any datagram or frame fits (STUN at most 20 + 65532 bytes, ChannelData 4 + 65536 padded).
        var buffer = new byte[StunStreamFramer.MaxFrameLength];
        Exception? failure = null;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var (packet, isData) = await ReceiveFrameAsync(buffer, _stop.Token).ConfigureAwait(false);
                if (packet.IsEndOfStream)
                {
                    failure = new IOException("The TURN server closed the TCP connection.");
                    break;
                }

                onMessage(buffer.AsMemory(0, packet.Length), isData);
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
