using System.Buffers.Binary;

namespace UcStack.Srtp.Rtcp;

/// <summary>
/// A zero-copy view of one RTCP packet's common header (RFC 3550 §6.4.1) and body. Typed views
/// (<see cref="RtcpSenderReport"/>, <see cref="RtcpReceiverReport"/>, <see cref="RtcpSourceDescription"/>,
/// <see cref="RtcpGoodbye"/>, <see cref="RtcpApplicationDefined"/>) parse the body; any other type, such as
/// RTPFB/PSFB feedback, is available raw through <see cref="Body"/>.
/// </summary>
public readonly ref struct RtcpPacket
{
    /// <summary>The RTCP version this implementation accepts (RFC 3550 §6.4.1).</summary>
    public const int SupportedVersion = 2;

    private readonly ReadOnlySpan<byte> _packet;
    private readonly int _paddingLength;

    private RtcpPacket(ReadOnlySpan<byte> packet, int paddingLength, int offset)
    {
        _packet = packet;
        _paddingLength = paddingLength;
        Offset = offset;
    }

    /// <summary>The whole packet: header, body and padding.</summary>
    public ReadOnlySpan<byte> Packet => _packet;

    /// <summary>Where the packet starts within the compound packet it was read from (0 when read alone);
    /// typed views add it to their error offsets.</summary>
    public int Offset { get; }

    /// <summary>The version field (always 2 for a parsed packet).</summary>
    public int Version => _packet[0] >> 6;

    /// <summary>The P bit: the packet ends with padding octets.</summary>
    public bool HasPadding => (_packet[0] & 0x20) != 0;

    /// <summary>The 5-bit count field: report count (SR, RR), source count (SDES, BYE), subtype (APP) or
    /// feedback message type (RTPFB, PSFB).</summary>
    public int Count => _packet[0] & 0x1F;

    /// <summary>The packet type.</summary>
    public RtcpPacketType PacketType => (RtcpPacketType)_packet[1];

    /// <summary>The packet length in octets, header and padding included.</summary>
    public int Length => _packet.Length;

    /// <summary>The octets after the 4-octet common header, without padding.</summary>
    public ReadOnlySpan<byte> Body => _packet[RtcpWire.HeaderLength..(_packet.Length - _paddingLength)];

    /// <summary>The number of padding octets, including the count octet; 0 without padding.</summary>
    public int PaddingLength => _paddingLength;

    /// <summary>
    /// Reads the RTCP packet at the start of <paramref name="data"/> using its length field, and checks its
    /// version and padding. Octets after that packet are not examined. Never throws.
    /// </summary>
    /// <param name="data">Data starting with an RTCP packet.</param>
    /// <param name="packet">The packet view on success; default on failure.</param>
    /// <param name="error">The reason and octet offset on failure.</param>
    /// <returns><see langword="true"/> when a well-formed packet header and length were found.</returns>
    public static bool TryParse(ReadOnlySpan<byte> data, out RtcpPacket packet, out RtcpParseError error) =>
        TryParseAt(data, 0, out packet, out error);

    /// <summary>Reads the packet starting at <paramref name="offset"/>; errors carry offsets into <paramref name="data"/>.</summary>
    internal static bool TryParseAt(ReadOnlySpan<byte> data, int offset, out RtcpPacket packet, out RtcpParseError error)
    {
        packet = default;
        if (data.Length - offset < RtcpWire.HeaderLength)
        {
            error = new RtcpParseError(RtcpParseErrorCode.Truncated, offset);
            return false;
        }

        // RFC 3550 §A.2: the version must be 2.
        if (data[offset] >> 6 != SupportedVersion)
        {
            error = new RtcpParseError(RtcpParseErrorCode.UnsupportedVersion, offset);
            return false;
        }

        // RFC 3550 §6.4.1: the length is in 32-bit words minus one, header and padding included.
        var length = 4 * (BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]) + 1);
        if (length > data.Length - offset)
        {
            error = new RtcpParseError(RtcpParseErrorCode.LengthOverrun, offset + 2);
            return false;
        }

        var bytes = data.Slice(offset, length);
        var paddingLength = 0;
        if ((bytes[0] & 0x20) != 0)
        {
            // RFC 3550 §6.4.1: the last octet counts the padding octets, itself included; the count is a
            // multiple of four and padding cannot reach into the header.
            paddingLength = bytes[^1];
            if (paddingLength == 0 || paddingLength % 4 != 0 || paddingLength > length - RtcpWire.HeaderLength)
            {
                error = new RtcpParseError(RtcpParseErrorCode.InvalidPaddingLength, offset + length - 1);
                return false;
            }
        }

        packet = new RtcpPacket(bytes, paddingLength, offset);
        error = default;
        return true;
    }

    /// <summary>Checks the type and the minimum body length for a typed view.</summary>
    internal bool CheckShape(RtcpPacketType type, int minimumBody, out RtcpParseError error)
    {
        if (_packet.IsEmpty || PacketType != type)
        {
            error = new RtcpParseError(RtcpParseErrorCode.WrongPacketType, Offset + 1);
            return false;
        }

        if (Body.Length < minimumBody)
        {
            error = new RtcpParseError(RtcpParseErrorCode.PacketTooShort, Offset + RtcpWire.HeaderLength);
            return false;
        }

        error = default;
        return true;
    }
}
