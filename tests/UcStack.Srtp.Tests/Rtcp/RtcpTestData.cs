using UcStack.Srtp.Rtcp;
using UcStack.Srtp.Tests.Rtp;

namespace UcStack.Srtp.Tests.Rtcp;

/// <summary>Hand-built RTCP packets (RFC 3550 §6.4–§6.7 layouts) shared by the RTCP fixtures.</summary>
internal static class RtcpTestData
{
    // RFC 3550 §6.4.1 SR, RC=1, length 12 (13 words = 52 octets).
    public const string SenderReportHex =
        "81 C8 00 0C" + " 11 22 33 44" +
        " E1 23 45 67 89 AB CD EF" + " 00 00 10 00" + " 00 00 00 0A" + " 00 00 06 40" +
        // Report block: SSRC, fraction 0x40, cumulative -2, ext. highest seq, jitter, LSR, DLSR.
        " 55 66 77 88" + " 40 FF FF FE" + " 00 01 00 05" + " 00 00 00 20" + " 23 45 67 89" + " 00 01 80 00";

    // RFC 3550 §6.5 SDES, SC=1: CNAME "alice@h" (2 + 7 octets) after the SSRC ends at 13 of the chunk,
    // so one null terminator and two null pad octets bring it to 16.
    public const string SourceDescriptionHex =
        "81 CA 00 04" + " 11 22 33 44" + " 01 07 61 6C 69 63 65 40 68" + " 00 00 00";

    // RFC 3550 §6.6 BYE, SC=1, reason "done" (length octet + 4 octets, padded to 8).
    public const string GoodbyeHex = "81 CB 00 03" + " 11 22 33 44" + " 04 64 6F 6E 65 00 00 00";

    public static byte[] Compound => RtpTestBytes.Hex(SenderReportHex + " " + SourceDescriptionHex + " " + GoodbyeHex);

    public static readonly RtcpSenderInfo SenderInfo = new(0xE123456789ABCDEF, 0x1000, 10, 1600);

    public static readonly RtcpReportBlock Block = new(0x55667788, 0x40, -2, 0x00010005, 0x20, 0x23456789, 0x00018000);

    public static RtcpPacket Single(byte[] bytes)
    {
        Assert.That(RtcpPacket.TryParse(bytes, out var packet, out var error), Is.True, () => error.ToString());
        return packet;
    }
}
