using System.Buffers.Binary;
using UcStack.Stun;

namespace UcStack.Turn.Protocol;

/// <summary>
/// MS-TURN's framing over TCP (our digest, `ms-extensions.md` §3): every message is prefixed by four bytes,
/// <c>type(1) 0x00 length(2)</c>, where type 0x02 is a TURN control message and 0x03 end-to-end data. The
/// digest does not say what the length covers; we take it as the payload length after the 4-byte prefix
/// (big-endian, like every other length in STUN). Zero-length frames and a second byte other than 0x00 are
/// framing errors. Allocation-free; the caller keeps the bytes.
/// </summary>
internal static class MsTurnTcpFraming
{
    /// <summary>The prefix length.</summary>
    public const int HeaderLength = 4;

    /// <summary>The largest payload the 16-bit length can announce.</summary>
    public const int MaxPayloadLength = ushort.MaxValue;

    /// <summary>The largest frame.</summary>
    public const int MaxFrameLength = HeaderLength + MaxPayloadLength;

    /// <summary>
    /// Whether a stream whose first byte is <paramref name="firstByte"/> uses MS-TURN framing: 0x02 and 0x03
    /// cannot start an RFC STUN message a client opens with (Allocate 0x0003, Binding 0x0001, and MS-TURN's
    /// cookie-less messages all start with 0x00) nor ChannelData (0x40-0x7F).
    /// </summary>
    public static bool IsMsFramingStart(byte firstByte) => firstByte is (byte)MsTurnFrameType.Control or (byte)MsTurnFrameType.Data;

    /// <summary>Finds the frame at the start of <paramref name="buffer"/>.</summary>
    /// <param name="buffer">Bytes read so far, starting at a frame boundary.</param>
    /// <param name="type">The frame's type, once complete.</param>
    /// <param name="frameLength">The frame's length including the prefix, once complete.</param>
    /// <returns>Complete, Incomplete, or Invalid (the stream cannot resynchronize: close it).</returns>
    public static StunFrameStatus TryReadFrame(ReadOnlySpan<byte> buffer, out MsTurnFrameType type, out int frameLength)
    {
        type = default;
        frameLength = 0;
        if (buffer.IsEmpty)
        {
            return StunFrameStatus.Incomplete;
        }

        if (!IsMsFramingStart(buffer[0]) || (buffer.Length >= 2 && buffer[1] != 0))
        {
            return StunFrameStatus.Invalid;
        }

        if (buffer.Length < HeaderLength)
        {
            return StunFrameStatus.Incomplete;
        }

        int payloadLength = BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]);
        if (payloadLength == 0)
        {
            return StunFrameStatus.Invalid;
        }

        if (buffer.Length < HeaderLength + payloadLength)
        {
            return StunFrameStatus.Incomplete;
        }

        type = (MsTurnFrameType)buffer[0];
        frameLength = HeaderLength + payloadLength;
        return StunFrameStatus.Complete;
    }

    /// <summary>Writes the 4-byte prefix for a payload of <paramref name="payloadLength"/> bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The payload is empty or longer than 65535 bytes.</exception>
    public static void WriteHeader(Span<byte> destination, MsTurnFrameType type, int payloadLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(payloadLength, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadLength, MaxPayloadLength);
        destination[0] = (byte)type;
        destination[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payloadLength);
    }
}
