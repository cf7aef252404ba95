namespace UcStack.Srtp;

/// <summary>Packet index arithmetic for SRTP (RFC 3711 §3.3.1 and Appendix A).</summary>
internal static class SrtpIndexEstimator
{
    /// <summary>RFC 3711 §3.3.1: the SRTP packet index is 48 bits, 2^16·ROC + SEQ.</summary>
    internal const ulong MaxRtpIndex = (1UL << 48) - 1;

    /// <summary>RFC 3711 §3.4: the SRTCP index is 31 bits.</summary>
    internal const uint MaxRtcpIndex = 0x7FFF_FFFF;

    /// <summary>
    /// Guesses the index of a packet with sequence number <paramref name="seq"/> from the highest index seen
    /// (RFC 3711 Appendix A): ROC is the current one, one less when SEQ is far above s_l (a late packet from before
    /// the last wrap), or one more when SEQ is far below s_l (the sequence wrapped).
    /// </summary>
    /// <returns>
    /// <see cref="SrtpStatus.Ok"/>; <see cref="SrtpStatus.TooOld"/> when the guess falls before index 0 (a late packet
    /// from before the first wrap: ROC would be -1); <see cref="SrtpStatus.KeyLifetimeExceeded"/> past 2^48 - 1.
    /// </returns>
    internal static SrtpStatus Estimate(ulong highestIndex, ushort seq, out ulong index)
    {
        var roc = (long)(highestIndex >> 16);
        var sl = (int)(highestIndex & 0xFFFF);
        long v;
        if (sl < 32768)
        {
            // RFC 3711 App. A: if (SEQ - s_l > 2^15) then v = ROC - 1 else v = ROC
            v = seq - sl > 32768 ? roc - 1 : roc;
        }
        else
        {
            // RFC 3711 App. A: if (s_l - 2^15 > SEQ) then v = ROC + 1 else v = ROC
            v = sl - 32768 > seq ? roc + 1 : roc;
        }

        index = 0;
        if (v < 0)
        {
            return SrtpStatus.TooOld;
        }

        // RFC 3711 §3.3.1: ROC is 32 bits; a key never protects more than 2^48 packets (§9.2).
        if (v > uint.MaxValue)
        {
            return SrtpStatus.KeyLifetimeExceeded;
        }

        index = ((ulong)v << 16) | seq;
        return SrtpStatus.Ok;
    }
}
