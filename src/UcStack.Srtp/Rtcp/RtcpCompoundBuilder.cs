using System.Buffers.Binary;

namespace UcStack.Srtp.Rtcp;

/// <summary>
/// Writes an RTCP compound packet (RFC 3550 §6.1) packet by packet into a caller-supplied buffer,
/// computing every length field. Allocates nothing. A single RTCP packet is a compound of one.
/// </summary>
/// <remarks>
/// <para>Every <c>Try</c> method returns <see langword="false"/> when the destination is too small (or
/// the packet would exceed the 16-bit length field) and then leaves the builder as it was. Invalid
/// values and calls out of order are caller mistakes and throw.</para>
/// <para>The builder does not impose an order: RFC 3550 §6.1 wants an SR or RR first and an SDES with a
/// CNAME in every compound packet, while reduced-size RTCP (RFC 5506) relaxes that; the caller decides.
/// <see cref="RtcpCompoundReader.TryCreate(ReadOnlySpan{byte}, out RtcpCompoundReader, out RtcpParseError)"/>
/// checks the RFC 3550 rules on the receiving side.</para>
/// </remarks>
public ref partial struct RtcpCompoundBuilder
{
    private readonly Span<byte> _destination;
    private int _length;
    private int _lastPacketStart;
    private bool _finished;
    private int _sdesStart; // start of the open SDES packet, or -1
    private int _sdesChunkCount;
    private bool _chunkOpen;

    /// <summary>Creates a builder writing from the first octet of <paramref name="destination"/>.</summary>
    /// <param name="destination">Where the compound packet is written.</param>
    public RtcpCompoundBuilder(Span<byte> destination)
    {
        _destination = destination;
        _length = 0;
        _lastPacketStart = -1;
        _finished = false;
        _sdesStart = -1;
        _sdesChunkCount = 0;
        _chunkOpen = false;
    }

    /// <summary>The number of octets written so far (an open SDES packet counted without its closing
    /// null octets).</summary>
    public readonly int Length => _length;

    /// <summary>Appends an SR (RFC 3550 §6.4.1).</summary>
    /// <param name="ssrc">The sender's SSRC.</param>
    /// <param name="senderInfo">The sender information.</param>
    /// <param name="reports">Up to 31 report blocks.</param>
    /// <param name="profileExtension">Profile-specific extension octets, a multiple of 4; usually empty.</param>
    /// <returns><see langword="false"/> when the destination is too small.</returns>
    /// <exception cref="ArgumentOutOfRangeException">More than 31 reports, or a cumulative loss outside
    /// the signed 24-bit range.</exception>
    /// <exception cref="ArgumentException"><paramref name="profileExtension"/> is not a multiple of 4 octets.</exception>
    /// <exception cref="InvalidOperationException">The compound packet is finished.</exception>
    public bool TryAddSenderReport(uint ssrc, in RtcpSenderInfo senderInfo, scoped ReadOnlySpan<RtcpReportBlock> reports, scoped ReadOnlySpan<byte> profileExtension = default)
    {
        ValidateReports(reports, profileExtension);
        var body = 4 + RtcpWire.SenderInfoLength + (RtcpWire.ReportBlockLength * reports.Length) + profileExtension.Length;
        if (!TryStartPacket(RtcpPacketType.SenderReport, reports.Length, body, out var packet))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(packet[RtcpWire.HeaderLength..], ssrc);
        senderInfo.Write(packet[(RtcpWire.HeaderLength + 4)..]);
        WriteReports(packet[(RtcpWire.HeaderLength + 4 + RtcpWire.SenderInfoLength)..], reports, profileExtension);
        return true;
    }

    /// <summary>Appends an RR (RFC 3550 §6.4.2).</summary>
    /// <param name="ssrc">The reporter's SSRC.</param>
    /// <param name="reports">Up to 31 report blocks (none is valid: an empty RR).</param>
    /// <param name="profileExtension">Profile-specific extension octets, a multiple of 4; usually empty.</param>
    /// <returns><see langword="false"/> when the destination is too small.</returns>
    /// <exception cref="ArgumentOutOfRangeException">More than 31 reports, or a cumulative loss outside
    /// the signed 24-bit range.</exception>
    /// <exception cref="ArgumentException"><paramref name="profileExtension"/> is not a multiple of 4 octets.</exception>
    /// <exception cref="InvalidOperationException">The compound packet is finished.</exception>
    public bool TryAddReceiverReport(uint ssrc, scoped ReadOnlySpan<RtcpReportBlock> reports, scoped ReadOnlySpan<byte> profileExtension = default)
    {
        ValidateReports(reports, profileExtension);
        var body = 4 + (RtcpWire.ReportBlockLength * reports.Length) + profileExtension.Length;
        if (!TryStartPacket(RtcpPacketType.ReceiverReport, reports.Length, body, out var packet))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(packet[RtcpWire.HeaderLength..], ssrc);
        WriteReports(packet[(RtcpWire.HeaderLength + 4)..], reports, profileExtension);
        return true;
    }

    /// <summary>Appends a BYE (RFC 3550 §6.6).</summary>
    /// <param name="sources">Up to 31 SSRC/CSRC identifiers.</param>
    /// <param name="reason">Optional reason text, at most 255 octets; empty for none.</param>
    /// <returns><see langword="false"/> when the destination is too small.</returns>
    /// <exception cref="ArgumentOutOfRangeException">More than 31 sources or a reason over 255 octets.</exception>
    /// <exception cref="InvalidOperationException">The compound packet is finished.</exception>
    public bool TryAddGoodbye(scoped ReadOnlySpan<uint> sources, scoped ReadOnlySpan<byte> reason = default)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sources.Length, RtcpWire.MaxCount, nameof(sources));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(reason.Length, byte.MaxValue, nameof(reason));

        // RFC 3550 §6.6: the reason is an 8-bit length and text, padded to 32 bits.
        var reasonLength = reason.IsEmpty ? 0 : RtcpWire.Align4(1 + reason.Length);
        if (!TryStartPacket(RtcpPacketType.Goodbye, sources.Length, (4 * sources.Length) + reasonLength, out var packet))
        {
            return false;
        }

        for (var i = 0; i < sources.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(packet[(RtcpWire.HeaderLength + (4 * i))..], sources[i]);
        }

        if (!reason.IsEmpty)
        {
            var field = packet.Slice(RtcpWire.HeaderLength + (4 * sources.Length), reasonLength);
            field.Clear();
            field[0] = (byte)reason.Length;
            reason.CopyTo(field[1..]);
        }

        return true;
    }

    /// <summary>Appends an APP packet (RFC 3550 §6.7).</summary>
    /// <param name="subtype">The 5-bit subtype, 0–31.</param>
    /// <param name="ssrc">The sender's SSRC or CSRC.</param>
    /// <param name="name">Exactly 4 octets of name (ASCII by convention).</param>
    /// <param name="data">Application data, a multiple of 4 octets.</param>
    /// <returns><see langword="false"/> when the destination is too small.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="subtype"/> is above 31.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not 4 octets or
    /// <paramref name="data"/> is not a multiple of 4 octets.</exception>
    /// <exception cref="InvalidOperationException">The compound packet is finished.</exception>
    public bool TryAddApplicationDefined(byte subtype, uint ssrc, scoped ReadOnlySpan<byte> name, scoped ReadOnlySpan<byte> data)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(subtype, (byte)RtcpWire.MaxCount);
        if (name.Length != RtcpApplicationDefined.NameLength)
        {
            throw new ArgumentException("The APP name is exactly 4 octets (RFC 3550 §6.7).", nameof(name));
        }

        RequireWordMultiple(data, nameof(data));
        if (!TryStartPacket(RtcpPacketType.ApplicationDefined, subtype, 4 + RtcpApplicationDefined.NameLength + data.Length, out var packet))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(packet[RtcpWire.HeaderLength..], ssrc);
        name.CopyTo(packet[(RtcpWire.HeaderLength + 4)..]);
        data.CopyTo(packet[(RtcpWire.HeaderLength + 4 + RtcpApplicationDefined.NameLength)..]);
        return true;
    }

    /// <summary>
    /// Appends a packet of any type with a ready-made body, e.g. RTPFB/PSFB feedback (RFC 4585) or XR.
    /// </summary>
    /// <param name="packetType">The PT field.</param>
    /// <param name="count">The 5-bit count field, 0–31.</param>
    /// <param name="body">Everything after the 4-octet common header, a multiple of 4 octets.</param>
    /// <returns><see langword="false"/> when the destination is too small.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is above 31.</exception>
    /// <exception cref="ArgumentException"><paramref name="body"/> is not a multiple of 4 octets.</exception>
    /// <exception cref="InvalidOperationException">The compound packet is finished.</exception>
    public bool TryAddPacket(RtcpPacketType packetType, byte count, scoped ReadOnlySpan<byte> body)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, (byte)RtcpWire.MaxCount);
        RequireWordMultiple(body, nameof(body));
        if (!TryStartPacket(packetType, count, body.Length, out var packet))
        {
            return false;
        }

        body.CopyTo(packet[RtcpWire.HeaderLength..]);
        return true;
    }

    /// <summary>Completes the compound packet without padding.</summary>
    /// <param name="written">The compound packet length.</param>
    /// <returns>Always <see langword="true"/>: closing an open SDES packet uses room already reserved.</returns>
    /// <exception cref="InvalidOperationException">The compound packet is already finished.</exception>
    public bool TryFinish(out int written) => TryFinish(0, out written);

    /// <summary>
    /// Completes the compound packet, padding the last packet (RFC 3550 §6.4.1): its P bit is set and
    /// <paramref name="paddingLength"/> octets are appended, the last holding the count.
    /// </summary>
    /// <param name="paddingLength">0 for none, or a multiple of 4 from 4 to 252.</param>
    /// <param name="written">The compound packet length on success; 0 otherwise.</param>
    /// <returns><see langword="false"/> when the padding does not fit.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="paddingLength"/> is negative, over
    /// 252 or not a multiple of 4.</exception>
    /// <exception cref="InvalidOperationException">The compound packet is already finished, or padding
    /// was requested for an empty one.</exception>
    public bool TryFinish(int paddingLength, out int written)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(paddingLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(paddingLength, 252);
        if (paddingLength % 4 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(paddingLength), paddingLength, "RTCP padding is a multiple of 4 octets (RFC 3550 §6.4.1).");
        }

        RequireOpen();
        written = 0;
        if (paddingLength > 0 && _lastPacketStart < 0)
        {
            throw new InvalidOperationException("There is no packet to pad.");
        }

        var closedLength = _sdesStart >= 0 ? ClosedSdesLength() : _length;
        if (closedLength + paddingLength > _destination.Length
            || (paddingLength > 0 && closedLength + paddingLength - _lastPacketStart > RtcpWire.MaxPacketLength))
        {
            return false;
        }

        CloseSourceDescription();
        if (paddingLength > 0)
        {
            var padding = _destination.Slice(_length, paddingLength);
            padding.Clear();
            padding[^1] = (byte)paddingLength;
            _length += paddingLength;
            _destination[_lastPacketStart] |= 0x20;
            WriteLengthField(_lastPacketStart, _length);
        }

        _finished = true;
        written = _length;
        return true;
    }

    private bool TryStartPacket(RtcpPacketType packetType, int count, int bodyLength, out Span<byte> packet)
    {
        RequireOpen();
        packet = default;
        var start = _sdesStart >= 0 ? ClosedSdesLength() : _length;
        var length = RtcpWire.HeaderLength + bodyLength;
        if (length > RtcpWire.MaxPacketLength || start + length > _destination.Length)
        {
            return false;
        }

        CloseSourceDescription();
        packet = _destination.Slice(start, length);
        packet[0] = (byte)((RtcpPacket.SupportedVersion << 6) | count);
        packet[1] = (byte)packetType;
        _lastPacketStart = start;
        _length = start + length;
        WriteLengthField(start, _length);
        return true;
    }

    private readonly void WriteLengthField(int packetStart, int packetEnd) =>
        // RFC 3550 §6.4.1: length in 32-bit words minus one, header and padding included.
        BinaryPrimitives.WriteUInt16BigEndian(_destination[(packetStart + 2)..], (ushort)(((packetEnd - packetStart) / 4) - 1));

    private readonly void RequireOpen()
    {
        if (_finished)
        {
            throw new InvalidOperationException("The RTCP compound packet is already finished.");
        }
    }

    private static void ValidateReports(ReadOnlySpan<RtcpReportBlock> reports, ReadOnlySpan<byte> profileExtension)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(reports.Length, RtcpWire.MaxCount, nameof(reports));
        foreach (ref readonly var report in reports)
        {
            report.Validate(nameof(reports));
        }

        RequireWordMultiple(profileExtension, nameof(profileExtension));
    }

    private static void WriteReports(Span<byte> destination, ReadOnlySpan<RtcpReportBlock> reports, ReadOnlySpan<byte> profileExtension)
    {
        for (var i = 0; i < reports.Length; i++)
        {
            reports[i].Write(destination[(RtcpWire.ReportBlockLength * i)..]);
        }

        profileExtension.CopyTo(destination[(RtcpWire.ReportBlockLength * reports.Length)..]);
    }

    private static void RequireWordMultiple(ReadOnlySpan<byte> data, string paramName)
    {
        if (data.Length % 4 != 0)
        {
            throw new ArgumentException("RTCP packets are made of 32-bit words (RFC 3550 §6.4.1): the length must be a multiple of 4.", paramName);
        }
    }
}
