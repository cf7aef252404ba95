using System.Buffers.Binary;

namespace UcStack.Srtp.Rtp;

/// <summary>
/// Writes one RTP packet (RFC 3550 §5.1, §5.3.1) into a caller-supplied buffer, in order: fixed header
/// and CSRCs, then optionally header extension elements (RFC 8285) or an opaque extension, then the
/// payload and optional padding. Allocates nothing.
/// </summary>
/// <remarks>
/// <para>Every <c>Try</c> method returns <see langword="false"/> when the destination is too small and
/// then leaves the writer as it was, so the caller can retry with a larger buffer. Invalid values and
/// calls out of order are caller mistakes and throw.</para>
/// <para>RFC 8285 form: elements are written in the one-byte form (profile 0xBEDE) while every element
/// fits it (identifier 1–14, 1–16 data octets). The first element that does not (identifier above 14,
/// no data, or more than 16 octets), or a call to <see cref="TryUseTwoByteExtensions"/>, switches the
/// whole block to the two-byte form (profile 0x100X), re-encoding the elements already written.</para>
/// </remarks>
public ref partial struct RtpPacketWriter
{
    private readonly Span<byte> _destination;
    private WriterState _state;
    private int _length;
    private int _extensionOffset;
    private RtpHeaderExtensionForm _form;
    private byte _appBits;
    private int _elementCount;

    /// <summary>Creates a writer over <paramref name="destination"/>.</summary>
    /// <param name="destination">Where the packet is written, from its first octet.</param>
    public RtpPacketWriter(Span<byte> destination)
    {
        _destination = destination;
        _state = WriterState.Empty;
        _length = 0;
        _extensionOffset = -1;
        _form = RtpHeaderExtensionForm.None;
        _appBits = 0;
        _elementCount = 0;
    }

    private enum WriterState
    {
        Empty,
        Header,
        Finished,
    }

    /// <summary>
    /// Writes a packet without header extension in one call.
    /// </summary>
    /// <param name="destination">Where the packet is written.</param>
    /// <param name="header">The fixed-header fields.</param>
    /// <param name="csrcs">Contributing sources, at most 15.</param>
    /// <param name="payload">The payload.</param>
    /// <param name="written">The packet length on success; 0 otherwise.</param>
    /// <returns><see langword="false"/> when <paramref name="destination"/> is too small.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The payload type is above 127 or there are more
    /// than 15 CSRCs.</exception>
    public static bool TryWrite(Span<byte> destination, in RtpHeader header, scoped ReadOnlySpan<uint> csrcs, scoped ReadOnlySpan<byte> payload, out int written)
    {
        var writer = new RtpPacketWriter(destination);
        if (!writer.TryWriteHeader(header, csrcs))
        {
            written = 0;
            return false;
        }

        return writer.TryFinish(payload, 0, out written);
    }

    /// <summary>Computes the length of a packet without extension, padding included.</summary>
    /// <param name="csrcCount">Number of CSRCs, 0–15.</param>
    /// <param name="payloadLength">Payload length in octets.</param>
    /// <param name="paddingLength">Padding octets, 0–255.</param>
    /// <returns>The packet length.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of its range.</exception>
    public static int GetEncodedLength(int csrcCount, int payloadLength, int paddingLength = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(csrcCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(csrcCount, RtpHeader.MaxCsrcCount);
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        ArgumentOutOfRangeException.ThrowIfNegative(paddingLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(paddingLength, byte.MaxValue);
        return RtpHeader.FixedHeaderLength + (4 * csrcCount) + payloadLength + paddingLength;
    }

    /// <summary>Writes the fixed header and the CSRC list. Must be the first call.</summary>
    /// <param name="header">The fixed-header fields.</param>
    /// <param name="csrcs">Contributing sources, at most 15 (RFC 3550 §5.1).</param>
    /// <returns><see langword="false"/> when the destination is too small.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The payload type is above 127 or there are more
    /// than 15 CSRCs.</exception>
    /// <exception cref="InvalidOperationException">The header was already written.</exception>
    public bool TryWriteHeader(in RtpHeader header, scoped ReadOnlySpan<uint> csrcs = default)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(header.PayloadType, RtpHeader.MaxPayloadType, nameof(header));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(csrcs.Length, RtpHeader.MaxCsrcCount, nameof(csrcs));
        if (_state != WriterState.Empty)
        {
            throw new InvalidOperationException("The RTP header has already been written.");
        }

        var length = RtpHeader.FixedHeaderLength + (4 * csrcs.Length);
        if (length > _destination.Length)
        {
            return false;
        }

        _destination[0] = (byte)((RtpPacket.SupportedVersion << 6) | csrcs.Length);
        _destination[1] = (byte)((header.Marker ? 0x80 : 0) | header.PayloadType);
        BinaryPrimitives.WriteUInt16BigEndian(_destination[2..], header.SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(_destination[4..], header.Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(_destination[8..], header.Ssrc);
        for (var i = 0; i < csrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(_destination[(RtpHeader.FixedHeaderLength + (4 * i))..], csrcs[i]);
        }

        _length = length;
        _state = WriterState.Header;
        return true;
    }

    /// <summary>
    /// Writes the payload and optional padding, closes the header extension, and completes the packet.
    /// </summary>
    /// <param name="payload">The payload.</param>
    /// <param name="paddingLength">Padding octets to append, 0–255, the last of which holds the count
    /// (RFC 3550 §5.1). 0 means no padding and a clear P bit.</param>
    /// <param name="written">The packet length on success; 0 otherwise.</param>
    /// <returns><see langword="false"/> when the destination is too small.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="paddingLength"/> is outside 0–255.</exception>
    /// <exception cref="InvalidOperationException">The header has not been written, or the packet is finished.</exception>
    public bool TryFinish(scoped ReadOnlySpan<byte> payload, int paddingLength, out int written)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(paddingLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(paddingLength, byte.MaxValue);
        RequireHeader();
        written = 0;

        var headerEnd = ExtensionEnd();
        var total = headerEnd + payload.Length + paddingLength;
        if ((uint)total > (uint)_destination.Length)
        {
            return false;
        }

        CloseExtension(headerEnd);
        payload.CopyTo(_destination[headerEnd..]);
        if (paddingLength > 0)
        {
            // RFC 3550 §5.1: padding octets follow the payload; the last one counts them all.
            var padding = _destination.Slice(headerEnd + payload.Length, paddingLength);
            padding.Clear();
            padding[^1] = (byte)paddingLength;
            _destination[0] |= 0x20;
        }

        _state = WriterState.Finished;
        written = total;
        return true;
    }

    /// <summary>
    /// Like <see cref="TryFinish"/>, but pads the packet so its total length is a multiple of
    /// <paramref name="blockSize"/> (no padding when it already is).
    /// </summary>
    /// <param name="payload">The payload.</param>
    /// <param name="blockSize">The multiple, 1–256 (1 means never pad).</param>
    /// <param name="written">The packet length on success; 0 otherwise.</param>
    /// <returns><see langword="false"/> when the destination is too small.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="blockSize"/> is outside 1–256.</exception>
    /// <exception cref="InvalidOperationException">The header has not been written, or the packet is finished.</exception>
    public bool TryFinishPaddedTo(scoped ReadOnlySpan<byte> payload, int blockSize, out int written)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(blockSize, 256);
        RequireHeader();
        var unpadded = ExtensionEnd() + payload.Length;
        var paddingLength = (blockSize - (unpadded % blockSize)) % blockSize;
        return TryFinish(payload, paddingLength, out written);
    }

    private readonly void RequireHeader()
    {
        if (_state != WriterState.Header)
        {
            throw new InvalidOperationException(_state == WriterState.Empty
                ? "Write the RTP header first."
                : "The RTP packet is already finished.");
        }
    }

    private static int Align4(int value) => (value + 3) & ~3;
}
