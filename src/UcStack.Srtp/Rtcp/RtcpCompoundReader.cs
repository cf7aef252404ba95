namespace UcStack.Srtp.Rtcp;

/// <summary>
/// Enumerates the packets of an RTCP compound packet (RFC 3550 §6.1) with <c>foreach</c>, after checking
/// the whole compound packet once as RFC 3550 §A.2 describes. Allocates nothing.
/// </summary>
/// <example>
/// <code>
/// if (RtcpCompoundReader.TryCreate(datagram, out var reader, out var error))
/// {
///     foreach (var packet in reader)
///     {
///         if (packet.PacketType == RtcpPacketType.SenderReport
///             &amp;&amp; RtcpSenderReport.TryParse(packet, out var sr, out error)) { /* ... */ }
///     }
/// }
/// </code>
/// </example>
public ref struct RtcpCompoundReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _next;
    private RtcpPacket _current;

    private RtcpCompoundReader(ReadOnlySpan<byte> data, int packetCount)
    {
        _data = data;
        _next = 0;
        _current = default;
        PacketCount = packetCount;
    }

    /// <summary>The number of packets in the compound packet.</summary>
    public int PacketCount { get; }

    /// <summary>The packet at the current position.</summary>
    public readonly RtcpPacket Current => _current;

    /// <summary>
    /// Validates a compound packet (RFC 3550 §A.2): every packet has version 2, the first is an SR or RR,
    /// only the last may have padding, and the length fields add up to exactly the data length.
    /// </summary>
    /// <param name="compound">One compound packet, e.g. one datagram (after SRTCP unprotection).</param>
    /// <param name="reader">A reader positioned before the first packet, on success.</param>
    /// <param name="error">The reason and octet offset on failure.</param>
    /// <returns><see langword="true"/> when the compound packet is valid.</returns>
    public static bool TryCreate(ReadOnlySpan<byte> compound, out RtcpCompoundReader reader, out RtcpParseError error) =>
        TryCreate(compound, requireReportFirst: true, out reader, out error);

    /// <summary>
    /// Like <see cref="TryCreate(ReadOnlySpan{byte}, out RtcpCompoundReader, out RtcpParseError)"/>, with
    /// the SR-or-RR-first rule optional, for reduced-size RTCP (RFC 5506 §3) where a packet may stand alone.
    /// </summary>
    /// <param name="compound">One compound packet.</param>
    /// <param name="requireReportFirst">Whether the first packet must be an SR or RR.</param>
    /// <param name="reader">A reader positioned before the first packet, on success.</param>
    /// <param name="error">The reason and octet offset on failure.</param>
    /// <returns><see langword="true"/> when the compound packet is valid.</returns>
    public static bool TryCreate(ReadOnlySpan<byte> compound, bool requireReportFirst, out RtcpCompoundReader reader, out RtcpParseError error)
    {
        reader = default;
        if (compound.IsEmpty)
        {
            error = new RtcpParseError(RtcpParseErrorCode.Truncated, 0);
            return false;
        }

        var offset = 0;
        var count = 0;
        while (offset < compound.Length)
        {
            if (!RtcpPacket.TryParseAt(compound, offset, out var packet, out error))
            {
                return false;
            }

            // RFC 3550 §6.1, §A.2: a compound packet starts with SR or RR.
            if (count == 0 && requireReportFirst
                && packet.PacketType is not (RtcpPacketType.SenderReport or RtcpPacketType.ReceiverReport))
            {
                error = new RtcpParseError(RtcpParseErrorCode.FirstPacketNotReport, 1);
                return false;
            }

            offset += packet.Length;

            // RFC 3550 §6.4.1, §A.2: only the last packet of a compound packet may be padded.
            if (packet.HasPadding && offset < compound.Length)
            {
                error = new RtcpParseError(RtcpParseErrorCode.PaddingNotLast, packet.Offset);
                return false;
            }

            count++;
        }

        reader = new RtcpCompoundReader(compound, count);
        error = default;
        return true;
    }

    /// <summary>Returns this reader, so that it can be used with <c>foreach</c>.</summary>
    public readonly RtcpCompoundReader GetEnumerator() => this;

    /// <summary>Advances to the next packet.</summary>
    /// <returns><see langword="false"/> after the last packet.</returns>
    public bool MoveNext()
    {
        if (_next >= _data.Length || !RtcpPacket.TryParseAt(_data, _next, out _current, out _))
        {
            _next = _data.Length;
            _current = default;
            return false;
        }

        _next += _current.Length;
        return true;
    }
}
