using System.Buffers.Binary;

namespace UcStack.Srtp.Rtcp;

/// <summary>A typed view of an RR packet (RFC 3550 §6.4.2): reporter SSRC and report blocks.</summary>
public readonly ref struct RtcpReceiverReport
{
    private const int BlocksOffset = RtcpWire.HeaderLength + 4;

    private readonly ReadOnlySpan<byte> _packet;
    private readonly int _bodyEnd;

    private RtcpReceiverReport(ReadOnlySpan<byte> packet, int bodyEnd)
    {
        _packet = packet;
        _bodyEnd = bodyEnd;
    }

    /// <summary>The SSRC of the sender of this report.</summary>
    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_packet[RtcpWire.HeaderLength..]);

    /// <summary>The number of report blocks (RC).</summary>
    public int ReportCount => _packet[0] & 0x1F;

    /// <summary>Profile-specific extension octets after the report blocks; usually empty.</summary>
    public ReadOnlySpan<byte> ProfileExtension => _packet[(BlocksOffset + (RtcpWire.ReportBlockLength * ReportCount)).._bodyEnd];

    /// <summary>Reads one report block.</summary>
    /// <param name="index">0 to <see cref="ReportCount"/> − 1.</param>
    /// <returns>The block.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside the blocks.</exception>
    public RtcpReportBlock GetReportBlock(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, ReportCount);
        return RtcpReportBlock.Read(_packet[(BlocksOffset + (RtcpWire.ReportBlockLength * index))..]);
    }

    /// <summary>Reads an RR from a packet. Never throws.</summary>
    /// <param name="packet">A packet from <see cref="RtcpPacket.TryParse"/> or <see cref="RtcpCompoundReader"/>.</param>
    /// <param name="report">The view on success.</param>
    /// <param name="error">The reason on failure, offset from the start of the packet's compound data.</param>
    /// <returns><see langword="true"/> when the packet is a well-formed RR.</returns>
    public static bool TryParse(RtcpPacket packet, out RtcpReceiverReport report, out RtcpParseError error)
    {
        report = default;
        if (!packet.CheckShape(RtcpPacketType.ReceiverReport, 4, out error))
        {
            return false;
        }

        var bodyEnd = RtcpWire.HeaderLength + packet.Body.Length;
        if (BlocksOffset + (RtcpWire.ReportBlockLength * packet.Count) > bodyEnd)
        {
            error = new RtcpParseError(RtcpParseErrorCode.ReportBlocksOverrun, packet.Offset + BlocksOffset);
            return false;
        }

        report = new RtcpReceiverReport(packet.Packet, bodyEnd);
        return true;
    }
}
