using UcStack.Srtp.Tests.Srtp;

namespace UcStack.Srtp.Tests.Interop;

/// <summary>
/// Interop with libsrtp 2 (Debian libsrtp2-dev): packets we protect are accepted by libsrtp and the other way round,
/// for every suite both implement, with and without MKI, across a ROC wrap, for RTP and RTCP.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class LibsrtpInteropTests
{
    private LibsrtpHelper? _libsrtp;

    private LibsrtpHelper Libsrtp => _libsrtp ?? throw new InvalidOperationException("not started");

    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (var suite in SrtpSuite.All)
        {
            yield return new TestCaseData(suite.Name, "").SetArgDisplayNames(suite.Name, "no MKI");
            yield return new TestCaseData(suite.Name, "01").SetArgDisplayNames(suite.Name, "MKI 01");
            yield return new TestCaseData(suite.Name, "a1b2c3d4").SetArgDisplayNames(suite.Name, "MKI a1b2c3d4");
        }
    }

    /// <summary>
    /// <see cref="Cases"/> minus the _32 suites with an MKI: libsrtp 2.5 locates the SRTCP MKI using the SRTP tag
    /// length (4) instead of the SRTCP one (10), so it cannot unprotect such SRTCP packets, not even its own
    /// (see <see cref="Rtcp_Sha1Tag32SuiteWithMki_LibsrtpCannotUnprotectItsOwnPacket"/>).
    /// </summary>
    private static IEnumerable<TestCaseData> RtcpToLibsrtpCases() =>
        Cases().Where(c => !(((string)c.Arguments[0]!).EndsWith("_32", StringComparison.Ordinal) && ((string)c.Arguments[1]!).Length > 0));

    [OneTimeSetUp]
    public void StartLibsrtp() => _libsrtp = LibsrtpHelper.Start();

    [OneTimeTearDown]
    public void StopLibsrtp() => _libsrtp?.Dispose();

    [TestCaseSource(nameof(Cases))]
    public void Rtp_WeProtectAcrossRocWrap_LibsrtpUnprotectsAndProtectsIdentically(string suiteName, string mkiHex)
    {
        var (suite, keyMaterial, mki) = Setup(suiteName, mkiHex);
        using var policy = Policy(suite, keyMaterial, mki);
        using var ours = new SrtpContext(policy);
        var packets = RtpPackets();

        Libsrtp.Session(protect: true, suite, keyMaterial, mki);
        var fromLibsrtp = packets.Select(p => Libsrtp.Packet(rtcp: false, p)).ToList();
        var fromUs = packets.Select(p => SrtpTestKeys.Protect(ours, p)).ToList();

        Libsrtp.Session(protect: false, suite, keyMaterial, mki);
        for (var i = 0; i < packets.Count; i++)
        {
            Assert.That(fromUs[i], Is.EqualTo(fromLibsrtp[i].Data), $"packet {i}: protected bytes differ from libsrtp's ({fromLibsrtp[i].Reply})");
            var (plain, reply) = Libsrtp.Packet(rtcp: false, fromUs[i]);
            Assert.That(plain, Is.EqualTo(packets[i]), $"packet {i}: libsrtp unprotect said {reply}");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Rtp_LibsrtpProtectsAcrossRocWrap_WeUnprotect(string suiteName, string mkiHex)
    {
        var (suite, keyMaterial, mki) = Setup(suiteName, mkiHex);
        using var policy = Policy(suite, keyMaterial, mki);
        using var ours = new SrtpContext(policy);
        var packets = RtpPackets();

        Libsrtp.Session(protect: true, suite, keyMaterial, mki);
        for (var i = 0; i < packets.Count; i++)
        {
            var (protectedPacket, reply) = Libsrtp.Packet(rtcp: false, packets[i]);
            Assert.That(protectedPacket, Is.Not.Null, reply);
            var (status, plain) = SrtpTestKeys.Unprotect(ours, protectedPacket!);
            Assert.That(status, Is.EqualTo(SrtpStatus.Ok), $"packet {i}");
            Assert.That(plain, Is.EqualTo(packets[i]), $"packet {i}");
        }
    }

    [TestCaseSource(nameof(RtcpToLibsrtpCases))]
    public void Rtcp_WeProtect_LibsrtpUnprotects(string suiteName, string mkiHex)
    {
        var (suite, keyMaterial, mki) = Setup(suiteName, mkiHex);
        using var policy = Policy(suite, keyMaterial, mki);
        using var ours = new SrtpContext(policy);

        Libsrtp.Session(protect: false, suite, keyMaterial, mki);
        foreach (var packet in RtcpPackets())
        {
            var (plain, reply) = Libsrtp.Packet(rtcp: true, SrtpTestKeys.Protect(ours, packet, rtcp: true));
            Assert.That(plain, Is.EqualTo(packet), $"libsrtp unprotect said {reply}");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void Rtcp_LibsrtpProtects_WeUnprotect(string suiteName, string mkiHex)
    {
        var (suite, keyMaterial, mki) = Setup(suiteName, mkiHex);
        using var policy = Policy(suite, keyMaterial, mki);
        using var ours = new SrtpContext(policy);

        Libsrtp.Session(protect: true, suite, keyMaterial, mki);
        foreach (var packet in RtcpPackets())
        {
            var (protectedPacket, reply) = Libsrtp.Packet(rtcp: true, packet);
            Assert.That(protectedPacket, Is.Not.Null, reply);
            var (status, plain) = SrtpTestKeys.Unprotect(ours, protectedPacket!, rtcp: true);
            Assert.That(status, Is.EqualTo(SrtpStatus.Ok));
            Assert.That(plain, Is.EqualTo(packet));
        }
    }

    [TestCase("AES_CM_128_HMAC_SHA1_32")]
    [TestCase("AES_256_CM_HMAC_SHA1_32")]
    public void Rtcp_Sha1Tag32SuiteWithMki_LibsrtpCannotUnprotectItsOwnPacket(string suiteName)
    {
        var (suite, keyMaterial, mki) = Setup(suiteName, "01");
        using var policy = Policy(suite, keyMaterial, mki);
        using var ours = new SrtpContext(policy);
        var packet = SrtpTestKeys.RtcpPacket(0x55667788, SrtpTestKeys.RandomBytes(24));

        Libsrtp.Session(protect: true, suite, keyMaterial, mki);
        var (protectedPacket, _) = Libsrtp.Packet(rtcp: true, packet);
        Libsrtp.Session(protect: false, suite, keyMaterial, mki);
        var (roundTrip, reply) = Libsrtp.Packet(rtcp: true, protectedPacket!);

        Assert.Multiple(() =>
        {
            // libsrtp status 25 is srtp_err_status_bad_mki: it looked for the MKI 4 octets from the end, not 10.
            Assert.That(roundTrip, Is.Null);
            Assert.That(reply, Is.EqualTo("ERR 25"));
            Assert.That(SrtpTestKeys.Unprotect(ours, protectedPacket!, rtcp: true).Plain, Is.EqualTo(packet));
        });
    }

    [TestCaseSource(nameof(Cases))]
    public void Rtp_LibsrtpProtectedPacketWithFlippedBit_WeReject(string suiteName, string mkiHex)
    {
        var (suite, keyMaterial, mki) = Setup(suiteName, mkiHex);
        using var policy = Policy(suite, keyMaterial, mki);
        using var ours = new SrtpContext(policy);
        var packet = SrtpTestKeys.RtpPacket(1000, 0x0BADCAFE, SrtpTestKeys.RandomBytes(100));

        Libsrtp.Session(protect: true, suite, keyMaterial, mki);
        var (protectedPacket, reply) = Libsrtp.Packet(rtcp: false, packet);
        Assert.That(protectedPacket, Is.Not.Null, reply);
        protectedPacket![40] ^= 0x04;

        Assert.That(SrtpTestKeys.Unprotect(ours, protectedPacket).Status, Is.EqualTo(SrtpStatus.AuthenticationFailed));
    }

    private static (SrtpSuite Suite, byte[] KeyMaterial, byte[] Mki) Setup(string suiteName, string mkiHex)
    {
        Assert.That(SrtpSuite.TryParse(suiteName, out var suite), Is.True);
        return (suite!, SrtpTestKeys.RandomBytes(suite!.KeyMaterialLength), Convert.FromHexString(mkiHex));
    }

    private static SrtpPolicy Policy(SrtpSuite suite, byte[] keyMaterial, byte[] mki) =>
        new(suite, new SrtpMasterKey(keyMaterial.AsSpan(0, suite.MasterKeyLength), keyMaterial.AsSpan(suite.MasterKeyLength), mki));

    /// <summary>Sequence numbers 65530 to 65535 then 0 to 5 (ROC 0 to 1), with CSRCs, an extension and odd sizes.</summary>
    private static List<byte[]> RtpPackets()
    {
        var packets = new List<byte[]>();
        for (var i = 0; i < 12; i++)
        {
            var seq = (ushort)(65530 + i);
            packets.Add(SrtpTestKeys.RtpPacket(seq, 0x11223344, SrtpTestKeys.RandomBytes(i * 37 % 300), csrcCount: i % 3, extensionWords: i % 4 == 0 ? i % 5 : -1));
        }

        return packets;
    }

    private static List<byte[]> RtcpPackets() =>
        [.. Enumerable.Range(0, 5).Select(i => SrtpTestKeys.RtcpPacket(0x55667788, SrtpTestKeys.RandomBytes(4 * (i + 6))))];
}
