using System.Buffers.Binary;

namespace UcStack.Srtp.Rtcp;

public ref partial struct RtcpCompoundBuilder
{
    /// <summary>
    /// Starts an SDES packet (RFC 3550 §6.5). Add chunks with <see cref="TryAddSdesChunk"/> and items with
    /// <see cref="TryAddSdesItem"/>; the packet is closed (terminators, padding, SC and length) by the
    /// next packet or by <see cref="TryFinish(int, out int)"/>. An SDES without chunks is valid.
    /// </summary>
    /// <returns><see langword="false"/> when the destination is too small.</returns>
    /// <exception cref="InvalidOperationException">The compound packet is finished.</exception>
    public bool TryBeginSourceDescription()
    {
        if (!TryStartPacket(RtcpPacketType.SourceDescription, 0, 0, out _))
        {
            return false;
        }

        _sdesStart = _lastPacketStart;
        _sdesChunkCount = 0;
        _chunkOpen = false;
        return true;
    }

    /// <summary>Starts the next chunk of the open SDES packet.</summary>
    /// <param name="ssrc">The SSRC or CSRC the chunk describes.</param>
    /// <returns><see langword="false"/> when the destination is too small.</returns>
    /// <exception cref="InvalidOperationException">No SDES packet is open, or it already has 31 chunks.</exception>
    public bool TryAddSdesChunk(uint ssrc)
    {
        RequireSdes();
        if (_sdesChunkCount == RtcpWire.MaxCount)
        {
            throw new InvalidOperationException("An SDES packet holds at most 31 chunks (RFC 3550 §6.5).");
        }

        var start = _chunkOpen ? RtcpWire.Align4(_length + 1) : _length;

        // Reserve the chunk's terminator word now so that closing can never fail.
        if (!FitsSdes(start + 4))
        {
            return false;
        }

        CloseChunk();
        BinaryPrimitives.WriteUInt32BigEndian(_destination[_length..], ssrc);
        _length += 4;
        _sdesChunkCount++;
        _chunkOpen = true;
        return true;
    }

    /// <summary>Appends an item to the current chunk.</summary>
    /// <param name="type">The item type: 1–7 or an unregistered value above 8. Use
    /// <see cref="TryAddSdesPrivateItem"/> for PRIV.</param>
    /// <param name="value">The item text, at most 255 octets (UTF-8 by RFC 3550 §6.5, not checked).</param>
    /// <returns><see langword="false"/> when the destination is too small.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is END or PRIV, or
    /// <paramref name="value"/> is over 255 octets.</exception>
    /// <exception cref="InvalidOperationException">No chunk is open.</exception>
    public bool TryAddSdesItem(RtcpSdesItemType type, scoped ReadOnlySpan<byte> value)
    {
        if (type is RtcpSdesItemType.End or RtcpSdesItemType.Private)
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "END terminates a chunk and PRIV needs TryAddSdesPrivateItem.");
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(value.Length, byte.MaxValue, nameof(value));
        RequireChunk();
        if (!FitsSdes(_length + 2 + value.Length))
        {
            return false;
        }

        _destination[_length] = (byte)type;
        _destination[_length + 1] = (byte)value.Length;
        value.CopyTo(_destination[(_length + 2)..]);
        _length += 2 + value.Length;
        return true;
    }

    /// <summary>Appends a PRIV item (RFC 3550 §6.5.8) to the current chunk.</summary>
    /// <param name="prefix">The prefix naming the extension.</param>
    /// <param name="value">The value; prefix and value together at most 254 octets.</param>
    /// <returns><see langword="false"/> when the destination is too small.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Prefix and value together exceed 254 octets.</exception>
    /// <exception cref="InvalidOperationException">No chunk is open.</exception>
    public bool TryAddSdesPrivateItem(scoped ReadOnlySpan<byte> prefix, scoped ReadOnlySpan<byte> value)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefix.Length + value.Length, byte.MaxValue - 1, nameof(value));
        RequireChunk();
        var length = 1 + prefix.Length + value.Length;
        if (!FitsSdes(_length + 2 + length))
        {
            return false;
        }

        _destination[_length] = (byte)RtcpSdesItemType.Private;
        _destination[_length + 1] = (byte)length;
        _destination[_length + 2] = (byte)prefix.Length;
        prefix.CopyTo(_destination[(_length + 3)..]);
        value.CopyTo(_destination[(_length + 3 + prefix.Length)..]);
        _length += 2 + length;
        return true;
    }

    /// <summary>Whether content ending at <paramref name="end"/>, plus the open chunk's null terminator and
    /// padding, fits the destination and the 16-bit length field.</summary>
    private readonly bool FitsSdes(int end)
    {
        var closed = RtcpWire.Align4(end + 1);
        return closed <= _destination.Length && closed - _sdesStart <= RtcpWire.MaxPacketLength;
    }

    /// <summary>The length the compound packet will have once the open SDES packet is closed.</summary>
    private readonly int ClosedSdesLength() => _chunkOpen ? RtcpWire.Align4(_length + 1) : _length;

    private void CloseChunk()
    {
        if (!_chunkOpen)
        {
            return;
        }

        // RFC 3550 §6.5: one null octet ends the item list; more pad the chunk to 32 bits.
        var end = RtcpWire.Align4(_length + 1);
        _destination[_length..end].Clear();
        _length = end;
        _chunkOpen = false;
    }

    private void CloseSourceDescription()
    {
        if (_sdesStart < 0)
        {
            return;
        }

        CloseChunk();
        _destination[_sdesStart] = (byte)((RtcpPacket.SupportedVersion << 6) | _sdesChunkCount);
        WriteLengthField(_sdesStart, _length);
        _sdesStart = -1;
    }

    private readonly void RequireSdes()
    {
        RequireOpen();
        if (_sdesStart < 0)
        {
            throw new InvalidOperationException("Call TryBeginSourceDescription first.");
        }
    }

    private readonly void RequireChunk()
    {
        RequireSdes();
        if (!_chunkOpen)
        {
            throw new InvalidOperationException("Call TryAddSdesChunk first.");
        }
    }
}
