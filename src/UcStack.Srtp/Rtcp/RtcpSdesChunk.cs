using System.Buffers.Binary;

namespace UcStack.Srtp.Rtcp;

/// <summary>One SDES chunk (RFC 3550 §6.5): an SSRC or CSRC and its items, enumerated with <c>foreach</c>.</summary>
public readonly ref struct RtcpSdesChunk
{
    private readonly ReadOnlySpan<byte> _items;

    internal RtcpSdesChunk(uint ssrc, ReadOnlySpan<byte> items)
    {
        Ssrc = ssrc;
        _items = items;
    }

    /// <summary>The SSRC or CSRC the items describe.</summary>
    public uint Ssrc { get; }

    /// <summary>Returns an enumerator over the items, in wire order.</summary>
    public Enumerator GetEnumerator() => new(_items);

    /// <summary>Finds the first item of a type, such as <see cref="RtcpSdesItemType.CanonicalName"/>.</summary>
    /// <param name="type">The item type.</param>
    /// <param name="value">The item's text when found; empty otherwise.</param>
    /// <returns><see langword="true"/> when the chunk has such an item.</returns>
    public bool TryGetItem(RtcpSdesItemType type, out ReadOnlySpan<byte> value)
    {
        foreach (var item in this)
        {
            if (item.Type == type)
            {
                value = item.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Enumerates the items of a chunk; the terminating null item is not returned.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _items;
        private int _position;
        private RtcpSdesItem _current;

        internal Enumerator(ReadOnlySpan<byte> items)
        {
            _items = items;
            _position = 0;
            _current = default;
        }

        /// <summary>The item at the current position.</summary>
        public readonly RtcpSdesItem Current => _current;

        /// <summary>Advances to the next item.</summary>
        /// <returns><see langword="false"/> after the last item.</returns>
        public bool MoveNext()
        {
            // The parser has checked that items are whole and end before the terminator.
            if (_position + 2 > _items.Length)
            {
                return false;
            }

            var length = _items[_position + 1];
            _current = new RtcpSdesItem((RtcpSdesItemType)_items[_position], _items.Slice(_position + 2, length));
            _position += 2 + length;
            return true;
        }
    }

    /// <summary>Reads the chunk at <paramref name="start"/> of a validated SDES packet.</summary>
    /// <returns>The offset of the next chunk.</returns>
    internal static int Read(ReadOnlySpan<byte> packet, int start, out RtcpSdesChunk chunk)
    {
        var position = start + 4;
        while (packet[position] != 0)
        {
            position += 2 + packet[position + 1];
        }

        chunk = new RtcpSdesChunk(BinaryPrimitives.ReadUInt32BigEndian(packet[start..]), packet[(start + 4)..position]);
        return RtcpWire.Align4(position + 1);
    }
}
