using System.Buffers.Binary;

namespace UcStack.Srtp.Rtcp;

/// <summary>
/// One reception report block of an SR or RR (RFC 3550 §6.4.1), read from a packet or to be written.
/// </summary>
/// <param name="Ssrc">The source this block reports on.</param>
/// <param name="FractionLost">Packets lost since the previous report, as a fixed-point fraction of 1/256.</param>
/// <param name="CumulativeLost">Packets lost since reception began; a signed 24-bit value
/// (−8388608 to 8388607), negative when duplicates outnumber losses.</param>
/// <param name="ExtendedHighestSequenceNumber">Cycle count (high 16 bits) and highest sequence number received.</param>
/// <param name="Jitter">Interarrival jitter in timestamp units.</param>
/// <param name="LastSenderReport">LSR: the middle 32 bits of the last SR's NTP timestamp, or 0.</param>
/// <param name="DelaySinceLastSenderReport">DLSR: delay since that SR, in units of 1/65536 seconds, or 0.</param>
public readonly record struct RtcpReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequenceNumber,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport)
{
    /// <summary>The smallest cumulative loss the signed 24-bit field holds.</summary>
    public const int MinCumulativeLost = -0x800000;

    /// <summary>The largest cumulative loss the signed 24-bit field holds.</summary>
    public const int MaxCumulativeLost = 0x7FFFFF;

    /// <summary>The length of a report block on the wire.</summary>
    public const int EncodedLength = RtcpWire.ReportBlockLength;

    internal static RtcpReportBlock Read(ReadOnlySpan<byte> source)
    {
        // RFC 3550 §6.4.1: cumulative loss is a signed 24-bit field; sign-extend it.
        var lost = (source[5] << 16) | (source[6] << 8) | source[7];
        lost = (lost << 8) >> 8;
        return new RtcpReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(source),
            source[4],
            lost,
            BinaryPrimitives.ReadUInt32BigEndian(source[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(source[20..]));
    }

    internal void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        destination[4] = FractionLost;
        destination[5] = (byte)(CumulativeLost >> 16);
        destination[6] = (byte)(CumulativeLost >> 8);
        destination[7] = (byte)CumulativeLost;
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ExtendedHighestSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], DelaySinceLastSenderReport);
    }

    /// <summary>Throws when <see cref="CumulativeLost"/> does not fit 24 signed bits.</summary>
    internal void Validate(string paramName)
    {
        if (CumulativeLost is < MinCumulativeLost or > MaxCumulativeLost)
        {
            // RFC 3550 §A.3 clamps the value into range; clamping is the caller's decision, not ours.
            throw new ArgumentOutOfRangeException(paramName, CumulativeLost,
                "CumulativeLost must fit a signed 24-bit field (RFC 3550 §6.4.1); clamp it as RFC 3550 §A.3 describes.");
        }
    }
}
