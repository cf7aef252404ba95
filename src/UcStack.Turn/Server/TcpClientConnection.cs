using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Threading.Channels;
using UcStack.Stun;
using UcStack.Turn.Protocol;

namespace UcStack.Turn.Server;

/// <summary>
/// One TCP client connection (RFC 8656 §2.1: STUN messages and ChannelData share the stream). Reads into one
/// fixed buffer that holds the largest possible frame, hands each complete frame to the engine, and writes
/// through a bounded queue: when a slow client lets it fill, further frames are dropped and counted.
/// The first byte picks the framing for the connection's life: 0x02/0x03 is MS-TURN's TCP framing
/// (<see cref="MsTurnTcpFraming"/>: control frames carry MS-TURN messages, data frames the active destination's
/// bytes), anything else RFC 8656 §12.5's. A framing error closes only this connection.
/// </summary>
internal sealed class TcpClientConnection : ITurnClientLink
{
    // The largest STUN message (20 + 65532) is longer than the largest padded ChannelData (4 + 65536).
    private const int MaxFrameLength = 20 + 65532;
    private const int QueueCapacity = 256;

    // RFC 6062 data connections copy bytes in chunks of this size.
    private const int RelayChunkLength = 16 * 1024;

    private readonly Socket _socket;
    private TcpPeerConnection? _dataRelay;

    // Set once by the read loop before the first frame reaches the engine; read by sends under the engine's lock.
    private volatile bool _msFramed;
    private bool _framingChosen;
    private readonly Channel<(byte[] Buffer, int Length)> _outgoing =
        Channel.CreateBounded<(byte[], int)>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true });

    public TcpClientConnection(Socket socket, FiveTuple tuple)
    {
        _socket = socket;
        Tuple = tuple;
    }

    public FiveTuple Tuple { get; }

    /// <inheritdoc/>
    public bool CarriesUnframedData => _msFramed;

    public bool Send(ReadOnlySpan<byte> frame) =>
        _msFramed ? Enqueue(MsTurnFrameType.Control, frame) : Enqueue(null, frame);

    /// <inheritdoc/>
    public bool SendUnframed(ReadOnlySpan<byte> data) => _msFramed && Enqueue(MsTurnFrameType.Data, data);

    private bool Enqueue(MsTurnFrameType? msType, ReadOnlySpan<byte> frame)
    {
        var prefix = msType is null ? 0 : MsTurnTcpFraming.HeaderLength;
        if (frame.IsEmpty || (msType is not null && frame.Length > MsTurnTcpFraming.MaxPayloadLength))
        {
            return false;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(prefix + frame.Length);
        if (msType is { } type)
        {
            MsTurnTcpFraming.WriteHeader(buffer, type, frame.Length);
        }

        frame.CopyTo(buffer.AsSpan(prefix));
        if (_outgoing.Writer.TryWrite((buffer, prefix + frame.Length)))
        {
            return true;
        }

        ArrayPool<byte>.Shared.Return(buffer);
        return false;
    }

    public ITurnClientLink Retain() => this;

    // Called under the engine's lock while the read loop is inside HandleClientMessage for ConnectionBind.
    public bool TryStartDataRelay(TcpPeerConnection connection)
    {
        // RFC 6062 data connections are RFC-framed; an MS-TURN-framed connection never becomes one.
        if (_dataRelay is not null || connection.Socket is null || _msFramed)
        {
            return false;
        }

        _dataRelay = connection;
        return true;
    }

    /// <summary>
    /// Reads frames until the peer closes, the stream breaks framing, the connection idles without an allocation
    /// for <paramref name="idleTimeout"/>, or <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async Task RunAsync(TurnServerEngine engine, TimeProvider time, TimeSpan idleTimeout, CancellationToken cancellationToken)
    {
        var writer = WriteLoopAsync(cancellationToken);
        var buffer = new byte[MaxFrameLength];
        var filled = 0;
        var idleTicks = (long)(idleTimeout.TotalSeconds * time.TimestampFrequency);
        long lastActivity = time.GetTimestamp();

        // Shutting the socket down ends the pending receive; cancelling it instead could leave the socket unusable.
        using var idleCheck = time.CreateTimer(
            _ =>
            {
                if (time.GetTimestamp() - Volatile.Read(ref lastActivity) >= idleTicks && !engine.HasAllocation(Tuple))
                {
                    try
                    {
                        // An orderly close: the pending receive returns 0 and the loop ends normally.
                        _socket.Shutdown(SocketShutdown.Both);
                    }
                    catch (Exception e) when (e is SocketException or ObjectDisposedException)
                    {
                        // Already closing.
                    }
                }
            },
            null,
            idleTimeout,
            idleTimeout);
        try
        {
            while (true)
            {
                var read = await _socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                Volatile.Write(ref lastActivity, time.GetTimestamp());

                if (filled == 0 && !_framingChosen)
                {
                    _framingChosen = true;
                    _msFramed = MsTurnTcpFraming.IsMsFramingStart(buffer[0]);
                }

                filled += read;
                var consumed = 0;
                if (_msFramed)
                {
                    if (!DispatchMsFrames(engine, buffer.AsSpan(0, filled), out consumed))
                    {
                        // MS-TURN framing broken: the stream cannot be re-synchronised, so close it.
                        return;
                    }
                }

                while (!_msFramed && TryGetFrameLength(buffer.AsSpan(consumed, filled - consumed), out var frameLength))
                {
                    if (frameLength < 0)
                    {
                        // Neither STUN nor ChannelData: the stream cannot be re-synchronised, so close it.
                        return;
                    }

                    engine.HandleClientMessage(this, buffer.AsSpan(consumed, frameLength));
                    consumed += frameLength;
                    if (_dataRelay is not null)
                    {
                        // RFC 6062 §5.4: after ConnectionBind the connection carries only the peer's bytes;
                        // whatever the client sent behind the request is already data.
                        await idleCheck.DisposeAsync().ConfigureAwait(false);
                        await RelayDataAsync(engine, time, writer, buffer.AsMemory(consumed, filled - consumed), cancellationToken).ConfigureAwait(false);
                        return;
                    }
                }

                if (consumed > 0)
                {
                    // At most one partial frame remains; move it to the front.
                    buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                    filled -= consumed;
                }
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection ends either way.
        }
        finally
        {
            engine.HandleClientClosed(Tuple);
            _outgoing.Writer.TryComplete();
            await writer.ConfigureAwait(false);
            _socket.Dispose();
        }
    }

    /// <summary>
    /// Hands every complete MS-TURN frame in <paramref name="buffer"/> to the engine: control frames as
    /// messages, data frames as active-destination bytes. False when the framing is broken.
    /// </summary>
    private bool DispatchMsFrames(TurnServerEngine engine, ReadOnlySpan<byte> buffer, out int consumed)
    {
        consumed = 0;
        while (true)
        {
            var status = MsTurnTcpFraming.TryReadFrame(buffer[consumed..], out var type, out var frameLength);
            if (status == StunFrameStatus.Incomplete)
            {
                return true;
            }

            if (status != StunFrameStatus.Complete)
            {
                return false;
            }

            var payload = buffer.Slice(consumed + MsTurnTcpFraming.HeaderLength, frameLength - MsTurnTcpFraming.HeaderLength);
            if (type == MsTurnFrameType.Control)
            {
                engine.HandleClientMessage(this, payload);
            }
            else
            {
                engine.HandleClientData(this, payload);
            }

            consumed += frameLength;
        }
    }

    /// <summary>
    /// Length of the frame at the start of <paramref name="buffer"/>: a STUN message is 20 bytes plus its length
    /// field; ChannelData is 4 bytes plus its length, padded to 4 over TCP (RFC 8656 §12.5). -1 for neither.
    /// </summary>
    internal static bool TryGetFrameLength(ReadOnlySpan<byte> buffer, out int length)
    {
        length = 0;
        if (buffer.Length < 4)
        {
            return false;
        }

        var declared = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        switch (buffer[0] & 0xC0)
        {
            case 0x00:
                if ((declared & 3) != 0 || declared > MaxFrameLength - 20)
                {
                    length = -1;
                    return true;
                }

                length = 20 + declared;
                break;
            case 0x40:
                length = (4 + declared + 3) & ~3;
                break;
            default:
                length = -1;
                return true;
        }

        return buffer.Length >= length;
    }

    /// <summary>
    /// RFC 6062 §5.4/§5.5: copies bytes both ways between this client data connection and the peer connection
    /// until either side closes or fails; then both close.
    /// </summary>
    private async Task RelayDataAsync(TurnServerEngine engine, TimeProvider time, Task writer, ReadOnlyMemory<byte> early, CancellationToken cancellationToken)
    {
        var relay = _dataRelay!;
        var peer = relay.Socket!;
        try
        {
            // The ConnectionBind success response goes out before any peer byte.
            _outgoing.Writer.TryComplete();
            await writer.ConfigureAwait(false);
            var quota = new RelayQuota(engine, relay, time);
            var maxTake = engine.MaxTcpBandwidthTake(relay);
            while (!early.IsEmpty)
            {
                var piece = early[..Math.Min(early.Length, maxTake)];
                await quota.WaitForAsync(piece.Length, cancellationToken).ConfigureAwait(false);
                while (!piece.IsEmpty)
                {
                    var sent = await peer.SendAsync(piece, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    piece = piece[sent..];
                    early = early[sent..];
                }
            }

            var up = CopyAsync(_socket, peer, quota, maxTake, cancellationToken);
            var down = CopyAsync(peer, _socket, quota, maxTake, cancellationToken);
            await Task.WhenAny(up, down).ConfigureAwait(false);
            Shutdown(_socket);
            Shutdown(peer);
            await Task.WhenAll(up, down).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Either side went away; both close below.
        }
        finally
        {
            engine.HandleDataRelayEnded(relay);
        }
    }

    private static async Task CopyAsync(Socket from, Socket to, RelayQuota quota, int maxTake, CancellationToken cancellationToken)
    {
        // With a quota, one read never exceeds what the bucket can ever grant at once.
        var chunkLength = Math.Min(RelayChunkLength, maxTake);
        var chunk = ArrayPool<byte>.Shared.Rent(chunkLength);
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(chunk.AsMemory(0, chunkLength), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                // Back-pressure: no further read until the quota lets these bytes through.
                await quota.WaitForAsync(read, cancellationToken).ConfigureAwait(false);

                var pending = chunk.AsMemory(0, read);
                while (!pending.IsEmpty)
                {
                    pending = pending[await to.SendAsync(pending, SocketFlags.None, cancellationToken).ConfigureAwait(false)..];
                }
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The relay ends; the caller closes both sides.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>Waits on the connection's clock until the allocation's bandwidth quota grants some bytes.</summary>
    private sealed class RelayQuota(TurnServerEngine engine, TcpPeerConnection relay, TimeProvider time)
    {
        public async ValueTask WaitForAsync(int bytes, CancellationToken cancellationToken)
        {
            for (var wait = engine.TakeTcpBandwidth(relay, bytes); wait > TimeSpan.Zero; wait = engine.TakeTcpBandwidth(relay, bytes))
            {
                // Counted once the timer is armed, so an observer of the count knows the wait is scheduled.
                var delay = Task.Delay(wait, time, cancellationToken);
                engine.CountTcpThrottled();
                await delay.ConfigureAwait(false);
            }
        }
    }

    private static void Shutdown(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }
    }

    private async Task WriteLoopAsync(CancellationToken cancellationToken)
    {
        var reader = _outgoing.Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var item))
                {
                    try
                    {
                        await _socket.SendAsync(item.Buffer.AsMemory(0, item.Length), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(item.Buffer);
                    }
                }
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            _socket.Dispose();
        }
        finally
        {
            while (reader.TryRead(out var left))
            {
                ArrayPool<byte>.Shared.Return(left.Buffer);
            }
        }
    }
}
