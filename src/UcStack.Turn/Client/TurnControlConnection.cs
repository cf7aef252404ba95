using System.Buffers;
using System.Net;
using System.Net.Sockets;
using UcStack.Stun;
using UcStack.Turn.Protocol;

namespace UcStack.Turn.Client;

/// <summary>
/// The client's connection to the TURN server: a connected UDP socket, or a TCP stream framed into STUN
/// messages and padded ChannelData (RFC 8656 §12.5). One receive loop hands every complete message to
/// the owner; sends are serialized on streams so frames never interleave.
/// </summary>
internal sealed class TurnControlConnection : IAsyncDisposable
{
    // Largest STUN message (20 + 65532 bytes of attributes) or ChannelData frame (4 + 65535 + padding).
    private const int MaxFrameLength = 65_552;

    private readonly Socket _socket;
    private readonly NetworkStream? _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task _receiveLoop = Task.CompletedTask;

    private TurnControlConnection(Socket socket, TurnTransport transport)
    {
        _socket = socket;
        Transport = transport;
        if (transport == TurnTransport.Tcp)
        {
            _stream = new NetworkStream(socket, ownsSocket: false);
        }
    }

    public TurnTransport Transport { get; }

    public bool IsStream => _stream is not null;

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public static async Task<TurnControlConnection> ConnectAsync(IPEndPoint server, TurnTransport transport, CancellationToken cancellationToken)
    {
        var socket = transport == TurnTransport.Udp
            ? new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp)
            : new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
            return new TurnControlConnection(socket, transport);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Starts the receive loop. <paramref name="onMessage"/> runs on the loop, one message at a time.</summary>
    public void Start(Action<ReadOnlyMemory<byte>> onMessage, Action<Exception?> onClosed) =>
        _receiveLoop = Task.Run(() => ReceiveLoopAsync(onMessage, onClosed));

    public async ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (_stream is null)
        {
            await _socket.SendAsync(message, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            return;
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task ReceiveLoopAsync(Action<ReadOnlyMemory<byte>> onMessage, Action<Exception?> onClosed)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxFrameLength * 2);
        Exception? failure = null;
        try
        {
            if (_stream is null)
            {
                while (!_stop.IsCancellationRequested)
                {
                    int received;
                    try
                    {
                        received = await _socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, _stop.Token).ConfigureAwait(false);
                    }
                    catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
                    {
                        // An ICMP error for an earlier datagram: UDP has no connection to lose; the
                        // transaction layer retransmits or times out.
                        continue;
                    }

                    onMessage(buffer.AsMemory(0, received));
                }
            }
            else
            {
                await ReceiveFramesAsync(buffer, onMessage).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException or InvalidDataException)
        {
            failure = _stop.IsCancellationRequested ? null : e;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            onClosed(failure);
        }
    }

    private async Task ReceiveFramesAsync(byte[] buffer, Action<ReadOnlyMemory<byte>> onMessage)
    {
        int start = 0, end = 0;
        while (true)
        {
            var read = await _stream!.ReadAsync(buffer.AsMemory(end), _stop.Token).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("The TURN server closed the TCP connection.");
            }

            end += read;
            while (TryGetFrameLength(buffer.AsSpan(start, end - start), out var frameLength))
            {
                if (frameLength > MaxFrameLength)
                {
                    throw new InvalidDataException($"Frame of {frameLength} bytes exceeds the {MaxFrameLength}-byte limit.");
                }

                if (end - start < frameLength)
                {
                    break;
                }

                onMessage(buffer.AsMemory(start, frameLength));
                start += frameLength;
            }

            // Keep the partial frame at the front; the buffer holds two maximum frames, so a partial one always fits.
            if (start > 0)
            {
                buffer.AsSpan(start, end - start).CopyTo(buffer);
                end -= start;
                start = 0;
            }
        }
    }

    private static bool TryGetFrameLength(ReadOnlySpan<byte> buffered, out int frameLength)
    {
        if (buffered.IsEmpty)
        {
            frameLength = 0;
            return false;
        }

        if (TurnChannelData.IsChannelData(buffered))
        {
            // RFC 8656 §12.5: over TCP each ChannelData message is padded to a multiple of four.
            return TurnChannelData.TryGetFrameLength(buffered, out frameLength);
        }

        if ((buffered[0] & 0xC0) != 0)
        {
            throw new InvalidDataException($"Byte 0x{buffered[0]:X2} starts neither a STUN message nor ChannelData.");
        }

        return StunMessageReader.TryGetMessageLength(buffered, out frameLength);
    }

    public async ValueTask DisposeAsync()
    {
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
        if (_stream is not null)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
        _writeLock.Dispose();
    }
}
