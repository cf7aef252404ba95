using System.Buffers;
using System.Net;
using UcStack.Stun;
using UcStack.Turn.Protocol;

namespace UcStack.Turn.Client;

public sealed partial class TurnClient
{
    // Send indication overhead: header 20, XOR-PEER-ADDRESS up to 24, DATA header 4 + padding 3, FINGERPRINT 8.
    private const int SendIndicationOverhead = 64;

    /// <summary>
    /// Sends <paramref name="data"/> to <paramref name="peer"/> through the relay: as ChannelData when a
    /// channel is bound to that peer (RFC 8656 §12.5), otherwise as a Send indication (§10.1).
    /// </summary>
    /// <param name="peer">The peer transport address; a permission for its IP address must exist.</param>
    /// <param name="data">Up to 65535 bytes.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when handed to the socket.</returns>
    /// <exception cref="InvalidOperationException">No allocation, or no permission for the peer's address (the relay would drop the data).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The data is longer than 65535 bytes.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public async ValueTask SendAsync(IPEndPoint peer, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(data.Length, TurnConstants.MaxChannelDataLength, nameof(data));
        ThrowIfDisposed();
        var target = StunEndPoint.FromIPEndPoint(peer);
        var now = _time.GetTimestamp();
        ushort channel = 0;
        lock (_lock)
        {
            if (!_allocated)
            {
                throw new InvalidOperationException("No allocation: call AllocateAsync first.");
            }

            // RFC 8656 §10.2: the server silently drops data for peers without a permission; say so instead.
            if (!_permissions.TryGetValue(AddressOnly(target), out var permission))
            {
                throw new InvalidOperationException($"No permission for {peer.Address}: call CreatePermissionAsync or BindChannelAsync first.");
            }

            permission.LastUsed = now;
            if (_channelsByPeer.TryGetValue(target, out var bound))
            {
                bound.LastUsed = now;
                channel = bound.Number;
            }
        }

        var buffer = ArrayPool<byte>.Shared.Rent(data.Length + SendIndicationOverhead);
        try
        {
            var length = channel != 0
                ? TurnChannelData.Encode(buffer, channel, data.Span, padToFour: _connection.IsStream)
                : WriteSendIndication(buffer, target, data.Span);
            await _connection.SendAsync(buffer.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int WriteSendIndication(byte[] buffer, StunEndPoint peer, ReadOnlySpan<byte> data)
    {
        Span<byte> transactionId = stackalloc byte[12];
        StunMessageWriter.GenerateTransactionId(transactionId);
        // RFC 8656 §10.1: XOR-PEER-ADDRESS and DATA; indications carry no MESSAGE-INTEGRITY.
        var writer = new StunMessageWriter(buffer, TurnMessageTypes.SendIndication, transactionId);
        writer.AddXorPeerAddress(peer);
        writer.AddData(data);
        return writer.Complete();
    }

    /// <summary>
    /// Waits for the next packet a peer sent through the relay (Data indication or ChannelData) and copies
    /// it into <paramref name="buffer"/>.
    /// </summary>
    /// <param name="buffer">Destination; 65535 bytes never truncate.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The peer, the length and whether the packet was truncated.</returns>
    /// <exception cref="IOException">The connection to the server closed.</exception>
    /// <exception cref="System.Threading.Channels.ChannelClosedException">The client was disposed.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async ValueTask<TurnReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ReceivedPacket packet;
        try
        {
            packet = await _received.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (System.Threading.Channels.ChannelClosedException e) when (e.InnerException is IOException io)
        {
            throw new IOException(io.Message, io);
        }

        try
        {
            var copied = Math.Min(packet.Length, buffer.Length);
            packet.Buffer.AsSpan(0, copied).CopyTo(buffer.Span);
            return new TurnReceiveResult(packet.Peer, copied, packet.ViaChannel, copied < packet.Length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(packet.Buffer);
        }
    }

    private void OnChannelData(ReadOnlySpan<byte> message)
    {
        if (!TurnChannelData.TryParse(message, out var number, out var data, out var error))
        {
            Log.DroppedChannelData(_logger, error.Code, number);
            Interlocked.Increment(ref _droppedPackets);
            return;
        }

        StunEndPoint peer;
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            // RFC 8656 §12.6: ChannelData on a channel we have not bound is discarded.
            if (!_channelsByNumber.TryGetValue(number, out var channel))
            {
                Log.DroppedChannelData(_logger, TurnParseErrorCode.None, number);
                Interlocked.Increment(ref _droppedPackets);
                return;
            }

            channel.LastUsed = now;
            peer = channel.Peer;
            if (_permissions.TryGetValue(AddressOnly(peer), out var permission))
            {
                permission.LastUsed = now;
            }
        }

        Enqueue(peer, data, viaChannel: true);
    }

    private void OnDataIndication(StunMessageReader reader)
    {
        // RFC 8656 §10.4: a Data indication without XOR-PEER-ADDRESS or DATA is discarded.
        if (!reader.TryGetXorPeerAddress(out var peer) || !reader.TryGetData(out var data))
        {
            Log.Dropped(_logger, "Data indication without XOR-PEER-ADDRESS or DATA");
            Interlocked.Increment(ref _droppedPackets);
            return;
        }

        lock (_lock)
        {
            // RFC 8656 §10.4: the client SHOULD discard data from addresses it holds no permission for.
            if (!_permissions.TryGetValue(AddressOnly(peer), out var permission))
            {
                Log.DroppedFrom(_logger, "Data indication without a permission", peer);
                Interlocked.Increment(ref _droppedPackets);
                return;
            }

            permission.LastUsed = _time.GetTimestamp();
        }

        Enqueue(peer, data, viaChannel: false);
    }

    private void Enqueue(StunEndPoint peer, ReadOnlySpan<byte> data, bool viaChannel)
    {
        var copy = ArrayPool<byte>.Shared.Rent(Math.Max(data.Length, 1));
        data.CopyTo(copy);
        if (!_received.Writer.TryWrite(new ReceivedPacket(peer, copy, data.Length, viaChannel)))
        {
            ArrayPool<byte>.Shared.Return(copy);
            Interlocked.Increment(ref _droppedPackets);
            Log.QueueFull(_logger, peer);
        }
    }
}
