using System.Buffers.Binary;

namespace UcStack.Srtp.Rtcp;

/// <summary>A typed view of a BYE packet (RFC 3550 §6.6): the sources leaving and an optional reason.</summary>
public readonly ref struct RtcpGoodbye
{
    private readonly ReadOnlySpan<byte> _packet;
    private readonly int _reasonOffset; // offset of the reason length octet, or -1

    private RtcpGoodbye(ReadOnlySpan<byte> packet, int reasonOffset)
    {
        _packet = packet;
        _reasonOffset = reasonOffset;
    }

    /// <summary>The number of SSRC/CSRC identifiers (SC).</summary>
    public int SourceCount => _packet[0] & 0x1F;

    /// <summary>Whether a reason for leaving is present (it may still be empty).</summary>
    public bool HasReason => _reasonOffset >= 0;

    /// <summary>The reason for leaving (UTF-8, not validated); empty when absent.</summary>
    public ReadOnlySpan<byte> Reason => _reasonOffset < 0 ? default : _packet.Slice(_reasonOffset + 1, _packet[_reasonOffset]);

    /// <summary>Reads one SSRC/CSRC identifier.</summary>
    /// <param name="index">0 to <see cref="SourceCount"/> − 1.</param>
    /// <returns>The identifier.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the list.</exception>
    public uint GetSource(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, SourceCount);
        return BinaryPrimitives.ReadUInt32BigEndian(_packet[(RtcpWire.HeaderLength + (4 * index))..]);
    }

    /// <summary>Reads a BYE from a packet. Never throws.</summary>
    /// <param name="packet">A packet from <see cref="RtcpPacket.TryParse"/> or <see cref="RtcpCompoundReader"/>.</param>
    /// <param name="goodbye">The view on success.</param>
    /// <param name="error">The reason on failure, offset from the start of the packet's compound data.</param>
    /// <returns><see langword="true"/> when the packet is a well-formed BYE.</returns>
    public static bool TryParse(RtcpPacket packet, out RtcpGoodbye goodbye, out RtcpParseError error)
    {
        goodbye = default;
        if (!packet.CheckShape(RtcpPacketType.Goodbye, 0, out error))
        {
            return false;
        }

        var bytes = packet.Packet;
        var end = RtcpWire.HeaderLength + packet.Body.Length;
        var position = RtcpWire.HeaderLength + (4 * packet.Count);
        if (position > end)
        {
            error = new RtcpParseError(RtcpParseErrorCode.ByeSourcesOverrun, packet.Offset + RtcpWire.HeaderLength);
            return false;
        }

        var reasonOffset = -1;
        if (position < end)
        {
            // RFC 3550 §6.6: an optional 8-bit length and reason text, padded to 32 bits.
            if (position + 1 + bytes[position] > end)
            {
                error = new RtcpParseError(RtcpParseErrorCode.ByeReasonOverrun, packet.Offset + position);
                return false;
            }

            reasonOffset = position;
            var reasonEnd = RtcpWire.Align4(position + 1 + bytes[position]);
            if (reasonEnd != end)
            {
                error = new RtcpParseError(RtcpParseErrorCode.TrailingData, packet.Offset + reasonEnd);
                return false;
            }
        }

        goodbye = new RtcpGoodbye(bytes, reasonOffset);
        return true;
    }
}
