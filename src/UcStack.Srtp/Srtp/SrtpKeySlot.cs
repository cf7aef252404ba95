using System.Security.Cryptography;

namespace UcStack.Srtp;

/// <summary>
/// A context's own copy of one master key (zeroed on dispose), its MKI, lifetime and usage count, and the session
/// keys derived from it for SRTP and SRTCP.
/// </summary>
internal sealed class SrtpKeySlot : IDisposable
{
    /// <summary>RFC 3711 §9.2: at most 2^31 SRTCP packets per master key.</summary>
    internal const ulong MaxRtcpPackets = 1UL << 31;

    private readonly byte[] _masterKey;
    private readonly byte[] _masterSalt;

    internal SrtpKeySlot(SrtpSuite suite, SrtpMasterKey key, ulong keyDerivationRate)
    {
        _masterKey = key.Key.ToArray();
        _masterSalt = key.Salt.ToArray();
        Mki = key.Mki.ToArray();
        Lifetime = key.Lifetime;
        Rtp = new SrtpSessionKeys(suite, _masterKey, _masterSalt, keyDerivationRate, rtcp: false);
        Rtcp = new SrtpSessionKeys(suite, _masterKey, _masterSalt, keyDerivationRate, rtcp: true);
    }

    internal byte[] Mki { get; }

    internal ulong Lifetime { get; }

    internal SrtpSessionKeys Rtp { get; }

    internal SrtpSessionKeys Rtcp { get; }

    /// <summary>SRTP plus SRTCP packets processed with this key (checked against <see cref="Lifetime"/>).</summary>
    internal ulong PacketCount { get; private set; }

    /// <summary>SRTCP packets processed with this key (checked against 2^31).</summary>
    internal ulong RtcpPacketCount { get; private set; }

    internal bool CanProcessRtp => PacketCount < Lifetime;

    internal bool CanProcessRtcp => PacketCount < Lifetime && RtcpPacketCount < MaxRtcpPackets;

    internal void CountRtp() => PacketCount++;

    internal void CountRtcp()
    {
        PacketCount++;
        RtcpPacketCount++;
    }

    public void Dispose()
    {
        Rtp.Dispose();
        Rtcp.Dispose();
        CryptographicOperations.ZeroMemory(_masterKey);
        CryptographicOperations.ZeroMemory(_masterSalt);
    }
}
