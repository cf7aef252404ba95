using System.Buffers.Binary;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace UcStack.Turn.Protocol;

/// <summary>
/// The ChannelData message (RFC 8656 §12.4): a 16-bit channel number, a 16-bit length and the
/// application data, padded to a multiple of four bytes over stream transports only. Reading and
/// writing work on spans and allocate nothing.
/// </summary>
public static class TurnChannelData
{
    /// <summary>
    /// True when the first byte marks a ChannelData message: its two top bits are 0b01, which no STUN
    /// message (0b00) and no RTP/DTLS packet uses (RFC 8656 §12; RFC 7983 demultiplexing).
    /// </summary>
    /// <param name="input">A datagram or the start of a stream buffer.</param>
    /// <returns>Whether the input starts like ChannelData.</returns>
    public static bool IsChannelData(ReadOnlySpan<byte> input) => input.Length > 0 && (input[0] & 0xC0) == 0x40;

    /// <summary>True when <paramref name="channelNumber"/> is one a client may bind: 0x4000–0x4FFF (RFC 8656 §12).</summary>
    /// <param name="channelNumber">The channel number.</param>
    /// <returns>Whether it is in the usable range.</returns>
    public static bool IsValidChannelNumber(ushort channelNumber) =>
        channelNumber is >= TurnConstants.MinChannelNumber and <= TurnConstants.MaxChannelNumber;

    /// <summary>Bytes needed to encode <paramref name="dataLength"/> bytes of data.</summary>
    /// <param name="dataLength">Application data length, 0–65535.</param>
    /// <param name="padToFour">True over TCP/TLS, where RFC 8656 §12.5 requires padding to a multiple of four.</param>
    /// <returns>The encoded length.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dataLength"/> is negative or above 65535.</exception>
    public static int GetEncodedLength(int dataLength, bool padToFour)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(dataLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dataLength, TurnConstants.MaxChannelDataLength);
        var length = TurnConstants.ChannelDataHeaderLength + dataLength;
        return padToFour ? (length + 3) & ~3 : length;
    }

    /// <summary>Writes a ChannelData message.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="channelNumber">Channel number, 0x4000–0x4FFF.</param>
    /// <param name="data">Application data, at most 65535 bytes.</param>
    /// <param name="padToFour">Pad with zero bytes to a multiple of four (required over TCP/TLS, RFC 8656 §12.5).</param>
    /// <param name="bytesWritten">Bytes written, 0 when <paramref name="destination"/> is too small.</param>
    /// <returns>False when the destination is too small.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The channel number is outside 0x4000–0x4FFF or the data is too long.</exception>
    public static bool TryEncode(Span<byte> destination, ushort channelNumber, ReadOnlySpan<byte> data, bool padToFour, out int bytesWritten)
    {
        if (!IsValidChannelNumber(channelNumber))
        {
            ThrowChannelNumber(channelNumber);
        }

        var length = GetEncodedLength(data.Length, padToFour);
        if (destination.Length < length)
        {
            bytesWritten = 0;
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, channelNumber);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)data.Length);
        data.CopyTo(destination[TurnConstants.ChannelDataHeaderLength..]);
        // RFC 8656 §12.5: padding bytes are not counted in the length field; we send zeros.
        destination[(TurnConstants.ChannelDataHeaderLength + data.Length)..length].Clear();
        bytesWritten = length;
        return true;
    }

    /// <summary>Writes a ChannelData message, throwing when the destination is too small.</summary>
    /// <param name="destination">Where to write.</param>
    /// <param name="channelNumber">Channel number, 0x4000–0x4FFF.</param>
    /// <param name="data">Application data.</param>
    /// <param name="padToFour">Pad to a multiple of four (TCP/TLS).</param>
    /// <returns>Bytes written.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Bad channel number or data length.</exception>
    /// <exception cref="ArgumentException">The destination is too small.</exception>
    public static int Encode(Span<byte> destination, ushort channelNumber, ReadOnlySpan<byte> data, bool padToFour)
    {
        if (!TryEncode(destination, channelNumber, data, padToFour, out var written))
        {
            throw new ArgumentException($"Destination holds {destination.Length} bytes; {GetEncodedLength(data.Length, padToFour)} are needed.", nameof(destination));
        }

        return written;
    }

    /// <summary>Writes a ChannelData message into a new array.</summary>
    /// <param name="channelNumber">Channel number, 0x4000–0x4FFF.</param>
    /// <param name="data">Application data.</param>
    /// <param name="padToFour">Pad to a multiple of four (TCP/TLS).</param>
    /// <returns>The encoded message.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Bad channel number or data length.</exception>
    public static byte[] Encode(ushort channelNumber, ReadOnlySpan<byte> data, bool padToFour)
    {
        var buffer = new byte[GetEncodedLength(data.Length, padToFour)];
        var written = Encode(buffer, channelNumber, data, padToFour);
        Debug.Assert(written == buffer.Length, "length computed up front");
        return buffer;
    }

    /// <summary>
    /// Reads a ChannelData message from a UDP datagram or a complete stream frame. Bytes after the
    /// announced length (padding) are allowed and ignored.
    /// </summary>
    /// <param name="input">The datagram or frame.</param>
    /// <param name="channelNumber">The channel number.</param>
    /// <param name="data">The application data, a slice of <paramref name="input"/>.</param>
    /// <param name="error">Why the input was rejected.</param>
    /// <returns>False when the input is not a well-formed ChannelData message.</returns>
    public static bool TryParse(ReadOnlySpan<byte> input, out ushort channelNumber, out ReadOnlySpan<byte> data, out TurnParseError error)
    {
        channelNumber = 0;
        data = default;
        if (input.Length < TurnConstants.ChannelDataHeaderLength)
        {
            error = new TurnParseError(TurnParseErrorCode.Truncated, input.Length);
            return false;
        }

        var number = BinaryPrimitives.ReadUInt16BigEndian(input);
        if ((number & 0xC000) != 0x4000)
        {
            error = new TurnParseError(TurnParseErrorCode.NotChannelData, 0);
            return false;
        }

        if (!IsValidChannelNumber(number))
        {
            error = new TurnParseError(TurnParseErrorCode.ReservedChannelNumber, 0);
            return false;
        }

        // RFC 8656 §12.6: a datagram shorter than the claimed length + 4 is discarded.
        int length = BinaryPrimitives.ReadUInt16BigEndian(input[2..]);
        if (input.Length - TurnConstants.ChannelDataHeaderLength < length)
        {
            error = new TurnParseError(TurnParseErrorCode.LengthExceedsInput, 2);
            return false;
        }

        channelNumber = number;
        data = input.Slice(TurnConstants.ChannelDataHeaderLength, length);
        error = default;
        return true;
    }

    /// <summary>
    /// Stream framing (RFC 8656 §12.5): the length on the wire of the ChannelData frame at the start of
    /// <paramref name="buffer"/>, padding included. False when fewer than four bytes are buffered.
    /// </summary>
    /// <param name="buffer">Buffered stream bytes starting with a ChannelData header.</param>
    /// <param name="frameLength">Header, data and padding length.</param>
    /// <returns>Whether the header was complete.</returns>
    public static bool TryGetFrameLength(ReadOnlySpan<byte> buffer, out int frameLength)
    {
        if (buffer.Length < TurnConstants.ChannelDataHeaderLength)
        {
            frameLength = 0;
            return false;
        }

        frameLength = (TurnConstants.ChannelDataHeaderLength + BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]) + 3) & ~3;
        return true;
    }

    [DoesNotReturn]
    [StackTraceHidden]
    private static void ThrowChannelNumber(ushort channelNumber) =>
        throw new ArgumentOutOfRangeException(nameof(channelNumber), $"Channel number 0x{channelNumber:X4} is outside 0x4000-0x4FFF (RFC 8656 §12).");
}
