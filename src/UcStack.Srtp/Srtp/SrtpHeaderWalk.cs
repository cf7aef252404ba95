using System.Buffers.Binary;

namespace UcStack.Srtp;

/// <summary>
/// The little header parsing SRTP needs: where the RTP payload starts, and the RTCP fixed header.
/// Deliberately independent of the full RTP/RTCP readers.
/// </summary>
internal static class SrtpHeaderWalk
{
    /// <summary>RFC 3550 §5.1: the fixed RTP header is 12 octets.</summary>
    internal const int RtpFixedHeaderLength = 12;

    /// <summary>RFC 3711 §3.4: the part of an RTCP packet left in the clear (header word and sender SSRC).</summary>
    internal const int RtcpClearHeaderLength = 8;

    /// <summary>
    /// Finds the RTP header length: 12 + 4·CC, plus 4 + 4·length when X is set (RFC 3550 §5.1, §5.3.1).
    /// Fails when the version is not 2 or the header does not fit in <paramref name="packet"/>.
    /// </summary>
    internal static bool TryGetRtpHeaderLength(ReadOnlySpan<byte> packet, out int headerLength)
    {
        headerLength = 0;
        if (packet.Length < RtpFixedHeaderLength || packet[0] >> 6 != 2)
        {
            return false;
        }

        var length = RtpFixedHeaderLength + (4 * (packet[0] & 0x0F));
        if ((packet[0] & 0x10) != 0)
        {
            // RFC 3550 §5.3.1: a 16-bit profile word, a 16-bit length in 32-bit words, then the extension body.
            if (packet.Length < length + 4)
            {
                return false;
            }

            length += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(length + 2, 2)));
        }

        if (length > packet.Length)
        {
            return false;
        }

        headerLength = length;
        return true;
    }

    internal static ushort ReadRtpSequence(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(2, 2));

    internal static uint ReadRtpSsrc(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(8, 4));

    /// <summary>Checks the RTCP fixed part SRTCP relies on: at least 8 octets and version 2 (RFC 3550 §6.4.1).</summary>
    internal static bool IsRtcpHeaderValid(ReadOnlySpan<byte> packet) => packet.Length >= RtcpClearHeaderLength && packet[0] >> 6 == 2;

    internal static uint ReadRtcpSsrc(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(4, 4));
}
