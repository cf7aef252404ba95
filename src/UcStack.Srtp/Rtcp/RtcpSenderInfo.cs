using System.Buffers.Binary;

namespace UcStack.Srtp.Rtcp;

/// <summary>The sender information section of an SR (RFC 3550 §6.4.1).</summary>
/// <param name="NtpTimestamp">The wallclock time when the report was sent, in 64-bit NTP format
/// (seconds since 1900 in the high 32 bits, fraction in the low 32 bits).</param>
/// <param name="RtpTimestamp">The same instant in the RTP timestamp units of the sender's media.</param>
/// <param name="PacketCount">RTP data packets sent since starting transmission.</param>
/// <param name="OctetCount">Payload octets sent since starting transmission.</param>
public readonly record struct RtcpSenderInfo(ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount)
{
    /// <summary>The middle 32 bits of <see cref="NtpTimestamp"/>, which a receiver echoes as LSR (RFC 3550 §6.4.1).</summary>
    public uint CompactNtpTimestamp => (uint)(NtpTimestamp >> 16);

    internal static RtcpSenderInfo Read(ReadOnlySpan<byte> source) => new(
        BinaryPrimitives.ReadUInt64BigEndian(source),
        BinaryPrimitives.ReadUInt32BigEndian(source[8..]),
        BinaryPrimitives.ReadUInt32BigEndian(source[12..]),
        BinaryPrimitives.ReadUInt32BigEndian(source[16..]));

    internal void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, NtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], OctetCount);
    }
}
