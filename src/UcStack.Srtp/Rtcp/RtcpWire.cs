namespace UcStack.Srtp.Rtcp;

/// <summary>Sizes fixed by the RTCP wire format (RFC 3550 §6.4–§6.7).</summary>
internal static class RtcpWire
{
    /// <summary>The common header: V, P, count, PT, length.</summary>
    public const int HeaderLength = 4;

    /// <summary>The largest value of the 5-bit count field (RC, SC or APP subtype).</summary>
    public const int MaxCount = 31;

    /// <summary>The longest packet the 16-bit length field (words minus one) describes.</summary>
    public const int MaxPacketLength = 4 * (ushort.MaxValue + 1);

    /// <summary>An SR's sender information: NTP timestamp, RTP timestamp, packet and octet counts.</summary>
    public const int SenderInfoLength = 20;

    /// <summary>One report block (RFC 3550 §6.4.1).</summary>
    public const int ReportBlockLength = 24;

    public static int Align4(int value) => (value + 3) & ~3;
}
