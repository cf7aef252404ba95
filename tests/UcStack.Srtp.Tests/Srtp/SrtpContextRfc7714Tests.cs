using System.Buffers.Binary;
using UcStack.Srtp.Tests.Crypto;

namespace UcStack.Srtp.Tests.Srtp;

/// <summary>
/// RFC 7714 §16/§17 packet vectors through the whole context (layout, IV, AAD, E flag, SRTCP index).
/// The vectors give session keys, so the context's derived keys are replaced with them.
/// </summary>
[TestFixture]
public sealed class SrtpContextRfc7714Tests
{
    private static IEnumerable<TestCaseData> RtpVectors() =>
    [
        new TestCaseData("rfc7714-16-rtp-aead-aes-128-gcm.txt", true),
        new TestCaseData("rfc7714-16-rtp-aead-aes-256-gcm.txt", true),
        new TestCaseData("rfc7714-16-rtp-aead-aes-128-gcm-auth-only.txt", false),
        new TestCaseData("rfc7714-16-rtp-aead-aes-256-gcm-auth-only.txt", false),
    ];

    private static IEnumerable<TestCaseData> RtcpVectors() =>
    [
        new TestCaseData("rfc7714-17-rtcp-aead-aes-128-gcm.txt"),
        new TestCaseData("rfc7714-17-rtcp-aead-aes-256-gcm.txt"),
        new TestCaseData("rfc7714-17-rtcp-aead-aes-128-gcm-auth-only.txt"),
        new TestCaseData("rfc7714-17-rtcp-aead-aes-256-gcm-auth-only.txt"),
    ];

    [TestCaseSource(nameof(RtpVectors))]
    public void ProtectRtp_Rfc7714Vector_GivesSrtpPacket(string file, bool encrypt)
    {
        var v = VectorFile.Load(file);
        using var context = VectorContext(v, encryptRtp: encrypt, encryptRtcp: true);

        var protectedPacket = SrtpTestKeys.Protect(context, v.Hex("rtp_packet"));

        Assert.That(protectedPacket, Is.EqualTo(v.Hex(encrypt ? "srtp_packet" : "tagged_packet")));
    }

    [TestCaseSource(nameof(RtpVectors))]
    public void UnprotectRtp_Rfc7714Vector_GivesRtpPacket(string file, bool encrypt)
    {
        var v = VectorFile.Load(file);
        using var context = VectorContext(v, encryptRtp: encrypt, encryptRtcp: true);

        var (status, plain) = SrtpTestKeys.Unprotect(context, v.Hex(encrypt ? "srtp_packet" : "tagged_packet"));

        Assert.That(status, Is.EqualTo(SrtpStatus.Ok));
        Assert.That(plain, Is.EqualTo(v.Hex("rtp_packet")));
    }

    [TestCaseSource(nameof(RtcpVectors))]
    public void ProtectRtcp_Rfc7714Vector_GivesSrtcpPacket(string file)
    {
        var v = VectorFile.Load(file);
        var encrypt = v.Text("e_flag") == "1";
        using var context = VectorContext(v, encryptRtp: true, encryptRtcp: encrypt);
        var rtcp = v.Hex("rtcp_packet");
        context.SetNextRtcpIndex(BinaryPrimitives.ReadUInt32BigEndian(rtcp.AsSpan(4)), (uint)v.Number("srtcp_index"));

        var protectedPacket = SrtpTestKeys.Protect(context, rtcp, rtcp: true);

        Assert.That(protectedPacket, Is.EqualTo(v.Hex(encrypt ? "srtcp_packet" : "tagged_packet")));
    }

    [TestCaseSource(nameof(RtcpVectors))]
    public void UnprotectRtcp_Rfc7714Vector_GivesRtcpPacket(string file)
    {
        var v = VectorFile.Load(file);
        var encrypt = v.Text("e_flag") == "1";

        // The receiver honours the packet's own E flag, whatever its policy says for sending.
        using var context = VectorContext(v, encryptRtp: true, encryptRtcp: true);

        var (status, plain) = SrtpTestKeys.Unprotect(context, v.Hex(encrypt ? "srtcp_packet" : "tagged_packet"), rtcp: true);

        Assert.That(status, Is.EqualTo(SrtpStatus.Ok));
        Assert.That(plain, Is.EqualTo(v.Hex("rtcp_packet")));
    }

    [TestCaseSource(nameof(RtcpVectors))]
    public void UnprotectRtcp_Rfc7714VectorWithFlippedEFlag_FailsAuthentication(string file)
    {
        var v = VectorFile.Load(file);
        var encrypt = v.Text("e_flag") == "1";
        using var context = VectorContext(v, encryptRtp: true, encryptRtcp: true);
        var packet = v.Hex(encrypt ? "srtcp_packet" : "tagged_packet");
        packet[^4] ^= 0x80;

        var (status, _) = SrtpTestKeys.Unprotect(context, packet, rtcp: true);

        Assert.That(status, Is.EqualTo(SrtpStatus.AuthenticationFailed));
    }

    private static SrtpContext VectorContext(VectorFile v, bool encryptRtp, bool encryptRtcp)
    {
        var suite = v.Text("profile") == "AEAD_AES_256_GCM" ? SrtpSuite.AeadAes256Gcm : SrtpSuite.AeadAes128Gcm;
        using var policy = new SrtpPolicy(suite, SrtpTestKeys.MasterKey(suite)) { EncryptRtp = encryptRtp, EncryptRtcp = encryptRtcp };
        var context = new SrtpContext(policy);
        context.UseFixedSessionKeys(v.Hex("session_key"), v.Hex("session_salt"), []);
        return context;
    }
}
