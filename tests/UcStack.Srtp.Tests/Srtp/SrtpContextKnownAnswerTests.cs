namespace UcStack.Srtp.Tests.Srtp;

/// <summary>
/// Known answers for the AES-CM suites, computed independently by <see cref="ReferenceSrtp"/> (BCL AES + HMACSHA1),
/// including the RFC 3711 Appendix B.3 master key so the KDF input is a published one.
/// </summary>
[TestFixture]
public sealed class SrtpContextKnownAnswerTests
{
    // RFC 3711 Appendix B.3 master key and salt.
    private static readonly byte[] B3MasterKey = Convert.FromHexString("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static readonly byte[] B3MasterSalt = Convert.FromHexString("0EC675AD498AFEEBB6960B3AABE6");

    [Test]
    public void ProtectRtp_AesCm128Sha1Tag80_MatchesIndependentComputation()
    {
        var suite = SrtpSuite.AesCm128HmacSha1Tag80;
        using var context = Context(suite, []);
        var packet = SrtpTestKeys.RtpPacket(0x1234, 0xCAFEBABE, Convert.FromHexString("00112233445566778899AABBCCDDEEFF0102030405"));

        var actual = SrtpTestKeys.Protect(context, packet);

        Assert.That(actual, Is.EqualTo(ReferenceSrtp.ProtectRtp(suite, B3MasterKey, B3MasterSalt, packet, 12, 0x1234, [])));
    }

    [Test]
    public void ProtectRtp_AesCm128Sha1Tag80WithMkiAndExtension_MatchesIndependentComputation()
    {
        var suite = SrtpSuite.AesCm128HmacSha1Tag80;
        byte[] mki = [0x01];
        using var context = Context(suite, mki);
        var packet = SrtpTestKeys.RtpPacket(7, 0x01020304, new byte[160], csrcCount: 2, extensionWords: 3);

        var actual = SrtpTestKeys.Protect(context, packet);

        Assert.That(actual, Is.EqualTo(ReferenceSrtp.ProtectRtp(suite, B3MasterKey, B3MasterSalt, packet, 12 + 8 + 16, 7, mki)));
    }

    [Test]
    public void ProtectRtp_AfterSequenceWrap_UsesRocOneInIvAndTag()
    {
        var suite = SrtpSuite.AesCm128HmacSha1Tag80;
        using var context = Context(suite, []);
        SrtpTestKeys.Protect(context, SrtpTestKeys.RtpPacket(65535, 0xCAFEBABE, new byte[20]));
        var packet = SrtpTestKeys.RtpPacket(2, 0xCAFEBABE, new byte[20]);

        var actual = SrtpTestKeys.Protect(context, packet);

        Assert.That(actual, Is.EqualTo(ReferenceSrtp.ProtectRtp(suite, B3MasterKey, B3MasterSalt, packet, 12, 0x1_0002, [])));
    }

    [Test]
    public void ProtectRtp_Aes256CmSha1Tag32_MatchesIndependentComputation()
    {
        var suite = SrtpSuite.Aes256CmHmacSha1Tag32;
        var masterKey = Convert.FromHexString("f0f04914b513f2763a1b1fa130f10e2998f6f6e43e4309d1e622a0e332b9f1b6");
        var masterSalt = Convert.FromHexString("3b04803de51ee7c96423ab5b78d2");
        using var policy = new SrtpPolicy(suite, new SrtpMasterKey(masterKey, masterSalt));
        using var context = new SrtpContext(policy);
        var packet = SrtpTestKeys.RtpPacket(40000, 0x99887766, SrtpTestKeys.RandomBytes(333));

        var actual = SrtpTestKeys.Protect(context, packet);

        Assert.That(actual, Is.EqualTo(ReferenceSrtp.ProtectRtp(suite, masterKey, masterSalt, packet, 12, 40000, [])));
    }

    [Test]
    public void ProtectRtp_NullCipher_LeavesPayloadClearAndTagsIt()
    {
        var suite = SrtpSuite.NullHmacSha1Tag80;
        using var context = Context(suite, []);
        var packet = SrtpTestKeys.RtpPacket(100, 0x42, Convert.FromHexString("DEADBEEF"));

        var actual = SrtpTestKeys.Protect(context, packet);

        Assert.That(actual, Is.EqualTo(ReferenceSrtp.ProtectRtp(suite, B3MasterKey, B3MasterSalt, packet, 12, 100, [], nullCipher: true)));
        Assert.That(actual[..packet.Length], Is.EqualTo(packet));
    }

    [Test]
    public void ProtectRtcp_AesCm128Sha1Tag80_MatchesIndependentComputationForFirstTwoIndices()
    {
        var suite = SrtpSuite.AesCm128HmacSha1Tag80;
        byte[] mki = [0xA1, 0xB2];
        using var context = Context(suite, mki);
        var packet = SrtpTestKeys.RtcpPacket(0x77777777, SrtpTestKeys.RandomBytes(44));

        var first = SrtpTestKeys.Protect(context, packet, rtcp: true);
        var second = SrtpTestKeys.Protect(context, packet, rtcp: true);

        Assert.That(first, Is.EqualTo(ReferenceSrtp.ProtectRtcp(suite, B3MasterKey, B3MasterSalt, packet, 0, mki)));
        Assert.That(second, Is.EqualTo(ReferenceSrtp.ProtectRtcp(suite, B3MasterKey, B3MasterSalt, packet, 1, mki)));
    }

    [Test]
    public void ProtectRtcp_Sha1Tag32Suite_UsesEightyBitTagOnSrtcp()
    {
        var suite = SrtpSuite.AesCm128HmacSha1Tag32;
        using var context = Context(suite, []);
        var packet = SrtpTestKeys.RtcpPacket(0x1, new byte[20]);

        var actual = SrtpTestKeys.Protect(context, packet, rtcp: true);

        Assert.That(actual, Has.Length.EqualTo(packet.Length + 4 + 10));
        Assert.That(actual, Is.EqualTo(ReferenceSrtp.ProtectRtcp(suite, B3MasterKey, B3MasterSalt, packet, 0, [])));
    }

    private static SrtpContext Context(SrtpSuite suite, byte[] mki)
    {
        using var policy = new SrtpPolicy(suite, new SrtpMasterKey(B3MasterKey, B3MasterSalt, mki));
        return new SrtpContext(policy);
    }
}
