using System.Buffers.Binary;

namespace UcStack.Srtp.Rtcp;

/// <summary>A typed view of an APP packet (RFC 3550 §6.7): subtype, SSRC, 4-octet name and data.</summary>
public readonly ref struct RtcpApplicationDefined
{
    /// <summary>The length of the name field.</summary>
    public const int NameLength = 4;

    private readonly ReadOnlySpan<byte> _packet;
    private readonly int _bodyEnd;

    private RtcpApplicationDefined(ReadOnlySpan<byte> packet, int bodyEnd)
    {
        _packet = packet;
        _bodyEnd = bodyEnd;
    }

    /// <summary>The 5-bit subtype.</summary>
    public byte Subtype => (byte)(_packet[0] & 0x1F);

    /// <summary>The SSRC or CSRC of the sender.</summary>
    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_packet[RtcpWire.HeaderLength..]);

    /// <summary>The 4-octet name (ASCII per RFC 3550 §6.7, not validated).</summary>
    public ReadOnlySpan<byte> Name => _packet.Slice(RtcpWire.HeaderLength + 4, NameLength);

    /// <summary>The application-dependent data (a multiple of 4 octets), without padding.</summary>
    public ReadOnlySpan<byte> Data => _packet[(RtcpWire.HeaderLength + 4 + NameLength).._bodyEnd];

    /// <summary>Reads an APP packet. Never throws.</summary>
    /// <param name="packet">A packet from <see cref="RtcpPacket.TryParse"/> or <see cref="RtcpCompoundReader"/>.</param>
    /// <param name="application">The view on success.</param>
    /// <param name="error">The reason on failure, offset from the start of the packet's compound data.</param>
    /// <returns><see langword="true"/> when the packet is a well-formed APP packet.</returns>
    public static bool TryParse(RtcpPacket packet, out RtcpApplicationDefined application, out RtcpParseError error)
    {
        application = default;
        if (!packet.CheckShape(RtcpPacketType.ApplicationDefined, 4 + NameLength, out error))
        {
            return false;
        }

        application = new RtcpApplicationDefined(packet.Packet, RtcpWire.HeaderLength + packet.Body.Length);
        return true;
    }
}
