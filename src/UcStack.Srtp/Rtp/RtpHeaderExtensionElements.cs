namespace UcStack.Srtp.Rtp;

/// <summary>
/// The RFC 8285 elements of an RTP header extension, enumerated in wire order with <c>foreach</c>.
/// Padding octets are skipped. Empty when the packet has no extension or an opaque (non-RFC 8285) one.
/// </summary>
/// <remarks>
/// <see cref="RtpPacket.TryParse"/> has already checked that every element lies inside the extension
/// block, so enumeration cannot fail; it allocates nothing.
/// </remarks>
public readonly ref struct RtpHeaderExtensionElements
{
    private readonly ReadOnlySpan<byte> _block;
    private readonly RtpHeaderExtensionForm _form;

    internal RtpHeaderExtensionElements(ReadOnlySpan<byte> block, RtpHeaderExtensionForm form)
    {
        _block = block;
        _form = form;
    }

    /// <summary>Returns an enumerator over the elements.</summary>
    public Enumerator GetEnumerator() => new(_block, _form);

    /// <summary>Finds the first element with the given identifier.</summary>
    /// <param name="id">The local identifier to look for.</param>
    /// <param name="data">The element's data when found; empty otherwise.</param>
    /// <returns><see langword="true"/> when an element with <paramref name="id"/> is present.</returns>
    public bool TryGet(byte id, out ReadOnlySpan<byte> data)
    {
        foreach (var element in this)
        {
            if (element.Id == id)
            {
                data = element.Data;
                return true;
            }
        }

        data = default;
        return false;
    }

    /// <summary>Walks RFC 8285 elements; shared by the enumerator and by validation in the parser.</summary>
    /// <param name="block">The extension data (after the 4-octet extension header).</param>
    /// <param name="form">One-byte or two-byte.</param>
    /// <param name="position">Current position; advanced past the element and any padding before it.</param>
    /// <param name="id">The element's identifier.</param>
    /// <param name="start">Offset of the element's data within <paramref name="block"/>.</param>
    /// <param name="length">Length of the element's data.</param>
    /// <returns>1 when an element was read, 0 at the end, -1 when the element overruns the block
    /// (<paramref name="position"/> then points at the element's first octet).</returns>
    internal static int Next(ReadOnlySpan<byte> block, RtpHeaderExtensionForm form, ref int position, out byte id, out int start, out int length)
    {
        id = 0;
        start = 0;
        length = 0;
        while (position < block.Length)
        {
            var first = block[position];
            if (form == RtpHeaderExtensionForm.OneByte)
            {
                var oneByteId = (byte)(first >> 4);
                if (oneByteId == 0)
                {
                    // RFC 8285 §4.2: an ID of 0 is a padding octet; its length nibble is ignored.
                    position++;
                    continue;
                }

                if (oneByteId == 15)
                {
                    // RFC 8285 §4.2: ID 15 is reserved; on meeting it, processing of the whole
                    // extension stops and only the elements before it are considered.
                    position = block.Length;
                    return 0;
                }

                // RFC 8285 §4.2: the 4-bit length is the number of data octets minus one.
                var oneByteLength = (first & 0x0F) + 1;
                if (position + 1 + oneByteLength > block.Length)
                {
                    return -1;
                }

                id = oneByteId;
                start = position + 1;
                length = oneByteLength;
                position = start + oneByteLength;
                return 1;
            }

            if (first == 0)
            {
                // RFC 8285 §4.3: a zero octet is padding and carries no length.
                position++;
                continue;
            }

            if (position + 2 > block.Length || position + 2 + block[position + 1] > block.Length)
            {
                return -1;
            }

            id = first;
            start = position + 2;
            length = block[position + 1];
            position = start + length;
            return 1;
        }

        return 0;
    }

    /// <summary>Enumerates the elements of an extension block.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _block;
        private readonly RtpHeaderExtensionForm _form;
        private int _position;
        private RtpHeaderExtensionElement _current;

        internal Enumerator(ReadOnlySpan<byte> block, RtpHeaderExtensionForm form)
        {
            _block = block;
            _form = form;
            _position = 0;
            _current = default;
        }

        /// <summary>The element at the current position.</summary>
        public readonly RtpHeaderExtensionElement Current => _current;

        /// <summary>Advances to the next element.</summary>
        /// <returns><see langword="false"/> when there are no more elements.</returns>
        public bool MoveNext()
        {
            if (_form is not (RtpHeaderExtensionForm.OneByte or RtpHeaderExtensionForm.TwoByte))
            {
                return false;
            }

            if (Next(_block, _form, ref _position, out var id, out var start, out var length) != 1)
            {
                _position = _block.Length;
                return false;
            }

            _current = new RtpHeaderExtensionElement(id, _block.Slice(start, length));
            return true;
        }
    }
}
