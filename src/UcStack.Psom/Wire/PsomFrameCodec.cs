using System.Buffers;
using System.Buffers.Binary;
using System.Formats.Cbor;

namespace UcStack.Psom;

/// <summary>
/// Encodes and decodes Psom frames: <c>u32 length | u8 version | u8 type | u16 flags | u64 sequence | CBOR payload</c>,
/// all big-endian, the length counting every byte after itself (docs/psom-protocol.md §3).
/// Decoding never throws for bad input: it reports a <see cref="PsomParseError"/> with a byte offset.
/// </summary>
public static class PsomFrameCodec
{
    /// <summary>The frame format version this codec writes and reads.</summary>
    public const byte FrameVersion = 1;

    /// <summary>Encodes one message as a frame.</summary>
    /// <param name="message">The message.</param>
    /// <param name="sequence">The sender's frame sequence number.</param>
    /// <returns>The frame bytes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    public static byte[] Encode(PsomMessage message, ulong sequence)
    {
        ArgumentNullException.ThrowIfNull(message);
        var writer = CreateWriter();
        return Encode(writer, message, sequence);
    }

    /// <summary>Creates a CBOR writer in the deterministic mode frames use; reuse it with <see cref="Encode(CborWriter, PsomMessage, ulong)"/>.</summary>
    internal static CborWriter CreateWriter() => new(CborConformanceMode.Canonical, convertIndefiniteLengthEncodings: true);

    /// <summary>Encodes with a caller-owned writer (reset first), saving the writer's buffer per frame.</summary>
    internal static byte[] Encode(CborWriter writer, PsomMessage message, ulong sequence)
    {
        writer.Reset();
        PsomPayloadWriter.Write(writer, message);
        var frame = new byte[PsomWireLimits.HeaderLength + writer.BytesWritten];
        WriteHeader(frame, message.Type, sequence, frame.Length);
        writer.Encode(frame.AsSpan(PsomWireLimits.HeaderLength));
        return frame;
    }

    /// <summary>Encodes into a caller buffer.</summary>
    /// <param name="message">The message.</param>
    /// <param name="sequence">The sender's frame sequence number.</param>
    /// <param name="destination">Where to write.</param>
    /// <param name="bytesWritten">Bytes written on success.</param>
    /// <returns><see langword="false"/> when <paramref name="destination"/> is too small.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    public static bool TryEncode(PsomMessage message, ulong sequence, Span<byte> destination, out int bytesWritten)
    {
        ArgumentNullException.ThrowIfNull(message);
        var writer = CreateWriter();
        PsomPayloadWriter.Write(writer, message);
        var length = PsomWireLimits.HeaderLength + writer.BytesWritten;
        if (destination.Length < length)
        {
            bytesWritten = 0;
            return false;
        }

        WriteHeader(destination, message.Type, sequence, length);
        writer.Encode(destination[PsomWireLimits.HeaderLength..]);
        bytesWritten = length;
        return true;
    }

    /// <summary>Tries to decode one frame from the start of <paramref name="buffer"/>.</summary>
    /// <param name="buffer">Received bytes; may hold less or more than one frame.</param>
    /// <param name="maxFrameLength">The largest frame accepted, length prefix included.</param>
    /// <param name="frame">The frame on <see cref="PsomDecodeStatus.Complete"/>.</param>
    /// <param name="consumed">Bytes the frame occupied on <see cref="PsomDecodeStatus.Complete"/>.</param>
    /// <param name="error">The error on <see cref="PsomDecodeStatus.Invalid"/>.</param>
    /// <returns>Complete, Incomplete (need more bytes) or Invalid.</returns>
    public static PsomDecodeStatus TryDecode(
        ReadOnlyMemory<byte> buffer, int maxFrameLength, out PsomFrame frame, out int consumed, out PsomParseError error)
    {
        frame = default;
        consumed = 0;
        var status = TryReadHeader(buffer.Span, maxFrameLength, out var length, out error);
        if (status != PsomDecodeStatus.Complete)
        {
            return status;
        }

        if (buffer.Length < length)
        {
            return PsomDecodeStatus.Incomplete;
        }

        status = DecodeWhole(buffer[..length], out frame, out error);
        if (status == PsomDecodeStatus.Complete)
        {
            consumed = length;
        }

        return status;
    }

    /// <summary>Tries to decode one frame from the start of a (possibly multi-segment) sequence.</summary>
    /// <param name="buffer">Received bytes.</param>
    /// <param name="maxFrameLength">The largest frame accepted, length prefix included.</param>
    /// <param name="frame">The frame on <see cref="PsomDecodeStatus.Complete"/>.</param>
    /// <param name="consumed">Where the frame ends on <see cref="PsomDecodeStatus.Complete"/>.</param>
    /// <param name="error">The error on <see cref="PsomDecodeStatus.Invalid"/>.</param>
    /// <returns>Complete, Incomplete or Invalid.</returns>
    public static PsomDecodeStatus TryDecode(
        in ReadOnlySequence<byte> buffer, int maxFrameLength, out PsomFrame frame, out SequencePosition consumed, out PsomParseError error)
    {
        frame = default;
        consumed = buffer.Start;
        if (buffer.IsSingleSegment)
        {
            var status = TryDecode(buffer.First, maxFrameLength, out frame, out var used, out error);
            if (status == PsomDecodeStatus.Complete)
            {
                consumed = buffer.GetPosition(used);
            }

            return status;
        }

        Span<byte> prefix = stackalloc byte[PsomWireLimits.HeaderLength];
        var available = (int)Math.Min(buffer.Length, PsomWireLimits.HeaderLength);
        buffer.Slice(0, available).CopyTo(prefix);
        var headerStatus = TryReadHeader(prefix[..available], maxFrameLength, out var length, out error);
        if (headerStatus != PsomDecodeStatus.Complete)
        {
            return headerStatus;
        }

        if (buffer.Length < length)
        {
            return PsomDecodeStatus.Incomplete;
        }

        // Only a frame that spans segments is copied, into a pooled buffer bounded by maxFrameLength.
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            buffer.Slice(0, length).CopyTo(rented);
            var status = DecodeWhole(rented.AsMemory(0, length), out frame, out error);
            if (status == PsomDecodeStatus.Complete)
            {
                consumed = buffer.GetPosition(length);
            }

            return status;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Decodes exactly one whole frame.</summary>
    /// <param name="frameBytes">One frame, no more and no less.</param>
    /// <param name="maxFrameLength">The largest frame accepted.</param>
    /// <returns>The frame.</returns>
    /// <exception cref="PsomProtocolException">The bytes are not exactly one valid frame.</exception>
    public static PsomFrame Decode(ReadOnlyMemory<byte> frameBytes, int maxFrameLength = PsomWireLimits.DefaultMaxFrameLength)
    {
        var status = TryDecode(frameBytes, maxFrameLength, out var frame, out var consumed, out var error);
        if (status == PsomDecodeStatus.Incomplete)
        {
            throw new PsomProtocolException(new PsomParseError(PsomParseErrorCode.FrameTooShort, frameBytes.Length, "truncated"));
        }

        if (status == PsomDecodeStatus.Invalid)
        {
            throw new PsomProtocolException(error);
        }

        return consumed == frameBytes.Length
            ? frame
            : throw new PsomProtocolException(new PsomParseError(PsomParseErrorCode.TrailingBytes, consumed, "after frame"));
    }

    private static void WriteHeader(Span<byte> destination, PsomMessageType type, ulong sequence, int frameLength)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)(frameLength - 4));
        destination[4] = FrameVersion;
        destination[5] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], 0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], sequence);
    }

    private static PsomDecodeStatus TryReadHeader(ReadOnlySpan<byte> span, int maxFrameLength, out int frameLength, out PsomParseError error)
    {
        frameLength = 0;
        error = default;
        if (span.Length < 4)
        {
            return PsomDecodeStatus.Incomplete;
        }

        // Limits first: judge the announced length before waiting for (or buffering) the body.
        var announced = BinaryPrimitives.ReadUInt32BigEndian(span);
        if (announced > (uint)(maxFrameLength - 4))
        {
            error = new PsomParseError(PsomParseErrorCode.FrameTooLarge, 0, "max " + maxFrameLength);
            return PsomDecodeStatus.Invalid;
        }

        if (announced < PsomWireLimits.HeaderLength - 4)
        {
            error = new PsomParseError(PsomParseErrorCode.FrameTooShort, 0);
            return PsomDecodeStatus.Invalid;
        }

        if (span.Length >= 5 && span[4] != FrameVersion)
        {
            error = new PsomParseError(PsomParseErrorCode.UnsupportedFrameVersion, 4);
            return PsomDecodeStatus.Invalid;
        }

        if (span.Length >= 6 && span[5] is 0 or > (byte)PsomMessageType.Bye)
        {
            error = new PsomParseError(PsomParseErrorCode.UnknownMessageType, 5);
            return PsomDecodeStatus.Invalid;
        }

        if (span.Length >= 8 && BinaryPrimitives.ReadUInt16BigEndian(span[6..]) != 0)
        {
            // Version 1 defines no flags; a set bit means a peer we cannot understand.
            error = new PsomParseError(PsomParseErrorCode.ReservedFlags, 6);
            return PsomDecodeStatus.Invalid;
        }

        frameLength = (int)announced + 4;
        return span.Length >= PsomWireLimits.HeaderLength ? PsomDecodeStatus.Complete : PsomDecodeStatus.Incomplete;
    }

    private static PsomDecodeStatus DecodeWhole(ReadOnlyMemory<byte> frameBytes, out PsomFrame frame, out PsomParseError error)
    {
        frame = default;
        error = default;
        if (frameBytes.Length < PsomWireLimits.HeaderLength)
        {
            return PsomDecodeStatus.Incomplete;
        }

        var span = frameBytes.Span;
        var type = (PsomMessageType)span[5];
        var sequence = BinaryPrimitives.ReadUInt64BigEndian(span[8..]);
        var payload = frameBytes[PsomWireLimits.HeaderLength..];
        var reader = new CborReader(payload, CborConformanceMode.Canonical, allowMultipleRootLevelValues: true);
        try
        {
            var message = PsomPayloadReader.Read(reader, type);
            if (reader.BytesRemaining != 0)
            {
                error = new PsomParseError(PsomParseErrorCode.TrailingBytes, frameBytes.Length - reader.BytesRemaining);
                return PsomDecodeStatus.Invalid;
            }

            frame = new PsomFrame(sequence, message);
            return PsomDecodeStatus.Complete;
        }
        catch (PsomDecodeException e)
        {
            error = new PsomParseError(e.Code, frameBytes.Length - reader.BytesRemaining, e.Message);
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            error = new PsomParseError(PsomParseErrorCode.PayloadMalformed, frameBytes.Length - reader.BytesRemaining, "cbor");
        }

        return PsomDecodeStatus.Invalid;
    }
}
