using System.Buffers.Binary;

namespace UcStack.Stun;

/// <summary>
/// Splits a STUN/TURN byte stream (TCP, TLS) into frames. STUN over a stream is self-delimiting (RFC 8489
/// §6.2.2: the 20-byte header carries the length); TURN multiplexes ChannelData on the same stream, whose
/// 4-byte header carries its own length and whose data is padded to a multiple of 4 (RFC 8656 §12.5).
/// Allocation-free; the caller keeps the bytes.
/// </summary>
public static class StunStreamFramer
{
    /// <summary>The largest STUN frame: the header plus the largest length that is a multiple of 4.</summary>
    public const int MaxStunFrameLength = StunConstants.HeaderLength + StunConstants.MaxBodyLength;

    /// <summary>The largest ChannelData frame over a stream: 4-byte header plus 65535 data bytes padded to 4.</summary>
    public const int MaxChannelDataFrameLength = 4 + 65536;

    /// <summary>A buffer this large holds any frame.</summary>
    public const int MaxFrameLength = MaxStunFrameLength > MaxChannelDataFrameLength ? MaxStunFrameLength : MaxChannelDataFrameLength;

    /// <summary>Finds the frame at the start of <paramref name="buffer"/>.</summary>
    /// <param name="buffer">Bytes read so far from the stream, starting at a frame boundary.</param>
    /// <param name="kind">What the frame is, once at least its first byte was seen.</param>
    /// <param name="frameLength">The whole frame's length including header and (ChannelData) padding, once known.</param>
    /// <param name="maxFrameLength">Frames announcing more bytes than this give <see cref="StunFrameStatus.TooLarge"/>.</param>
    /// <returns>Whether a whole frame is available, more bytes are needed, or the stream is broken.</returns>
    public static StunFrameStatus TryReadFrame(ReadOnlySpan<byte> buffer, out StunFrameKind kind, out int frameLength, int maxFrameLength = MaxFrameLength)
    {
        kind = default;
        frameLength = 0;
        if (buffer.IsEmpty)
        {
            return StunFrameStatus.Incomplete;
        }

        // RFC 8656 §12 / RFC 7983: the first byte tells the two apart: 0-3 (top bits 00) is STUN,
        // 64-79 (channel numbers 0x4000-0x4FFF) is ChannelData; 0x5000-0xFFFF are reserved.
        var first = buffer[0];
        if (first < 0x40)
        {
            kind = StunFrameKind.StunMessage;
        }
        else if (first < 0x50)
        {
            kind = StunFrameKind.ChannelData;
        }
        else
        {
            return StunFrameStatus.Invalid;
        }

        if (buffer.Length < 4)
        {
            return StunFrameStatus.Incomplete;
        }

        var lengthField = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        if (kind == StunFrameKind.StunMessage)
        {
            // RFC 8489 §5: the message length MUST be a multiple of 4 (all attributes are padded).
            if ((lengthField & 3) != 0)
            {
                return StunFrameStatus.Invalid;
            }

            frameLength = StunConstants.HeaderLength + lengthField;
        }
        else
        {
            // RFC 8656 §12.5: over TCP and TLS the ChannelData message MUST be padded to a multiple of
            // four bytes; the padding is not counted in the length field.
            frameLength = 4 + StunConstants.Pad4(lengthField);
        }

        if (frameLength > maxFrameLength)
        {
            return StunFrameStatus.TooLarge;
        }

        return buffer.Length >= frameLength ? StunFrameStatus.Complete : StunFrameStatus.Incomplete;
    }
}
