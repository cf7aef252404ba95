using System.Buffers.Binary;
using UcStack.Stun;
using UcStack.Turn.Protocol;

namespace UcStack.Turn.Server;

internal sealed partial class TurnServerEngine
{
    // TurnChannelData.TryEncode refuses the RFC 5766 numbers that AllowRfc5766ChannelNumbers admits, so the
    // header is written here.
    private const int ChannelDataHeaderLength = TurnConstants.ChannelDataHeaderLength;

    private void HandleSendIndication(ITurnClientLink link, StunMessageReader indication)
    {
        // RFC 8656 §11.2: indications get no response; anything wrong means a silent discard.
        if (!_allocations.TryGetValue(link.Tuple, out var allocation)
            || !indication.TryGetXorPeerAddress(out var peer)
            || !indication.TryGetData(out var data))
        {
            _metrics.Dropped("send-indication");
            return;
        }

        if (allocation.Relay is null)
        {
            // A TCP allocation (RFC 6062) carries peer data on data connections only.
            _metrics.Dropped("send-indication");
            return;
        }

        if (!HasPermission(allocation, peer))
        {
            _metrics.Dropped("no-permission");
            return;
        }

        RelayToPeer(allocation, peer, data);
    }

    private void HandleChannelData(ITurnClientLink link, ReadOnlySpan<byte> frame)
    {
        // RFC 8656 §12.4: 2-byte channel number, 2-byte length, then the data; over UDP the datagram may
        // carry padding after it, so the length may be shorter than what remains but never longer.
        if (frame.Length < ChannelDataHeaderLength)
        {
            _metrics.Dropped("channel-data");
            return;
        }

        var channel = ReadChannelNumber(frame);
        var length = BinaryPrimitives.ReadUInt16BigEndian(frame[2..]);
        if (length > frame.Length - ChannelDataHeaderLength
            || !_allocations.TryGetValue(link.Tuple, out var allocation)
            || !allocation.ChannelsByNumber.TryGetValue(channel, out var binding))
        {
            // RFC 8656 §12.6: ChannelData on an unbound channel (or malformed) is discarded.
            _metrics.Dropped("channel-data");
            return;
        }

        if (!HasPermission(allocation, binding.Peer))
        {
            _metrics.Dropped("no-permission");
            return;
        }

        RelayToPeer(allocation, binding.Peer, frame.Slice(ChannelDataHeaderLength, length));
    }

    private void RelayToPeer(TurnAllocation allocation, StunEndPoint peer, ReadOnlySpan<byte> data)
    {
        if (allocation.Bandwidth is not null && !allocation.Bandwidth.TryTake(data.Length, Now))
        {
            _metrics.Dropped("bandwidth");
            return;
        }

        if (allocation.Relay!.SendTo(data, peer))
        {
            _metrics.Relayed(toPeer: true);
        }
        else
        {
            _metrics.Dropped("peer-send");
        }
    }

    /// <summary>
    /// A datagram from a peer on the relayed address (RFC 8656 §11.3): relayed to the client only with a
    /// permission for the peer's IP, as ChannelData when a channel is bound to the peer, else as a Data indication.
    /// </summary>
    internal void HandlePeerDatagram(TurnAllocation allocation, StunEndPoint peer, ReadOnlySpan<byte> datagram)
    {
        lock (_gate)
        {
            if (_disposed || allocation.IsDeleted)
            {
                return;
            }

            try
            {
                RelayToClient(allocation, peer, datagram);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                Log.MessageFailed(_logger, peer.ToString(), e);
                _metrics.Dropped("internal-error");
            }
        }
    }

    private void RelayToClient(TurnAllocation allocation, StunEndPoint peer, ReadOnlySpan<byte> datagram)
    {
        if (!HasPermission(allocation, peer))
        {
            _metrics.Dropped("no-permission");
            return;
        }

        if (allocation.Bandwidth is not null && !allocation.Bandwidth.TryTake(datagram.Length, Now))
        {
            _metrics.Dropped("bandwidth");
            return;
        }

        if (allocation.IsMsTurn)
        {
            RelayToMsClient(allocation, peer, datagram);
            return;
        }

        int length;
        if (allocation.ChannelsByPeer.TryGetValue(peer, out var channel) && datagram.Length <= ushort.MaxValue)
        {
            BinaryPrimitives.WriteUInt16BigEndian(_sendBuffer, channel);
            BinaryPrimitives.WriteUInt16BigEndian(_sendBuffer.AsSpan(2), (ushort)datagram.Length);
            datagram.CopyTo(_sendBuffer.AsSpan(ChannelDataHeaderLength));
            length = ChannelDataHeaderLength + datagram.Length;
            if (allocation.Tuple.Transport == TurnTransportKind.Tcp)
            {
                // RFC 8656 §12.5: over TCP, ChannelData is padded to a multiple of 4 bytes.
                var padded = (length + 3) & ~3;
                _sendBuffer.AsSpan(length, padded - length).Clear();
                length = padded;
            }
        }
        else
        {
            Span<byte> transactionId = stackalloc byte[12];
            StunMessageWriter.GenerateTransactionId(transactionId);
            var writer = new StunMessageWriter(_sendBuffer, new StunMessageType(StunMessageClass.Indication, StunMethod.Data), transactionId);
            writer.AddXorPeerAddress(peer);
            writer.AddData(datagram);
            if (!writer.TryComplete(out length))
            {
                _metrics.Dropped("too-large");
                return;
            }
        }

        if (allocation.Link.Send(_sendBuffer.AsSpan(0, length)))
        {
            _metrics.Relayed(toPeer: false);
        }
        else
        {
            _metrics.Dropped("client-send");
        }
    }

    private bool HasPermission(TurnAllocation allocation, StunEndPoint peer) =>
        allocation.Permissions.TryGetValue(TurnAllocation.PermissionKey(peer), out var expiry) && expiry > Now;
}
