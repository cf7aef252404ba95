namespace UcStack.Srtp.Rtcp;

/// <summary>
/// A typed view of an SDES packet (RFC 3550 §6.5): its chunks, enumerated with <c>foreach</c>.
/// </summary>
public readonly ref struct RtcpSourceDescription
{
    private readonly ReadOnlySpan<byte> _packet;

    private RtcpSourceDescription(ReadOnlySpan<byte> packet) => _packet = packet;

    /// <summary>The number of chunks (SC).</summary>
    public int ChunkCount => _packet[0] & 0x1F;

    /// <summary>Returns an enumerator over the chunks.</summary>
    public Enumerator GetEnumerator() => new(_packet, ChunkCount);

    /// <summary>
    /// Reads an SDES packet and checks every chunk: SC chunks present, every item inside the packet, each
    /// item list ended by a null octet and the chunk padded with null octets to 32 bits, PRIV prefixes
    /// inside their items, and nothing left over. Never throws.
    /// </summary>
    /// <param name="packet">A packet from <see cref="RtcpPacket.TryParse"/> or <see cref="RtcpCompoundReader"/>.</param>
    /// <param name="description">The view on success.</param>
    /// <param name="error">The reason on failure, offset from the start of the packet's compound data.</param>
    /// <returns><see langword="true"/> when the packet is a well-formed SDES.</returns>
    public static bool TryParse(RtcpPacket packet, out RtcpSourceDescription description, out RtcpParseError error)
    {
        description = default;
        if (!packet.CheckShape(RtcpPacketType.SourceDescription, 0, out error))
        {
            return false;
        }

        var bytes = packet.Packet;
        var end = RtcpWire.HeaderLength + packet.Body.Length;
        var position = RtcpWire.HeaderLength;
        for (var chunk = 0; chunk < packet.Count; chunk++)
        {
            if (position + 4 > end)
            {
                error = new RtcpParseError(RtcpParseErrorCode.SdesChunkOverrun, packet.Offset + position);
                return false;
            }

            position += 4;
            while (true)
            {
                // RFC 3550 §6.5: the item list ends with a null octet (item type 0, no length).
                if (position >= end)
                {
                    error = new RtcpParseError(RtcpParseErrorCode.SdesMissingTerminator, packet.Offset + position);
                    return false;
                }

                var type = bytes[position];
                if (type == 0)
                {
                    break;
                }

                if (position + 2 > end || position + 2 + bytes[position + 1] > end)
                {
                    error = new RtcpParseError(RtcpParseErrorCode.SdesItemOverrun, packet.Offset + position);
                    return false;
                }

                var length = bytes[position + 1];

                // RFC 3550 §6.5.8: PRIV text starts with an 8-bit prefix length and the prefix.
                if (type == (byte)RtcpSdesItemType.Private && (length == 0 || 1 + bytes[position + 2] > length))
                {
                    error = new RtcpParseError(RtcpParseErrorCode.SdesPrivatePrefixOverrun, packet.Offset + position + 2);
                    return false;
                }

                position += 2 + length;
            }

            // RFC 3550 §6.5: null octets pad the chunk to the next 32-bit boundary. The body length is a
            // multiple of 4, so the aligned end never passes it.
            var chunkEnd = RtcpWire.Align4(position + 1);
            for (var i = position + 1; i < chunkEnd; i++)
            {
                if (bytes[i] != 0)
                {
                    error = new RtcpParseError(RtcpParseErrorCode.SdesInvalidChunkPadding, packet.Offset + i);
                    return false;
                }
            }

            position = chunkEnd;
        }

        if (position != end)
        {
            error = new RtcpParseError(RtcpParseErrorCode.TrailingData, packet.Offset + position);
            return false;
        }

        description = new RtcpSourceDescription(bytes);
        return true;
    }

    /// <summary>Enumerates the chunks of an SDES packet.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _packet;
        private readonly int _count;
        private int _index;
        private int _position;
        private RtcpSdesChunk _current;

        internal Enumerator(ReadOnlySpan<byte> packet, int count)
        {
            _packet = packet;
            _count = count;
            _index = 0;
            _position = RtcpWire.HeaderLength;
            _current = default;
        }

        /// <summary>The chunk at the current position.</summary>
        public readonly RtcpSdesChunk Current => _current;

        /// <summary>Advances to the next chunk.</summary>
        /// <returns><see langword="false"/> after the last chunk.</returns>
        public bool MoveNext()
        {
            if (_index >= _count)
            {
                return false;
            }

            _position = RtcpSdesChunk.Read(_packet, _position, out _current);
            _index++;
            return true;
        }
    }
}
