namespace UcStack.Srtp.Tests.Srtp;

[TestFixture]
public sealed partial class SrtpContextTests
{
    private static readonly SrtpSuite Default = SrtpSuite.AesCm128HmacSha1Tag80;

    [Test]
    public void ProtectRtp_NoRoomForTag_ReturnsBufferTooSmall()
    {
        using var policy = SrtpTestKeys.Policy(Default);
        using var context = new SrtpContext(policy);
        var buffer = new byte[12 + 20 + 9];
        SrtpTestKeys.RtpPacket(1, 1, new byte[20]).CopyTo(buffer, 0);

        Assert.That(context.ProtectRtp(buffer, 32, out var length), Is.EqualTo(SrtpStatus.BufferTooSmall));
        Assert.That(length, Is.Zero);
    }

    [Test]
    public void ProtectRtcp_NoRoomForTrailer_ReturnsBufferTooSmall()
    {
        using var policy = SrtpTestKeys.Policy(Default);
        using var context = new SrtpContext(policy);
        var buffer = new byte[8 + 13];
        SrtpTestKeys.RtcpPacket(1, []).CopyTo(buffer, 0);

        Assert.That(context.ProtectRtcp(buffer, 8, out _), Is.EqualTo(SrtpStatus.BufferTooSmall));
    }

    [TestCase(new byte[] { 0x40, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1 }, TestName = "ProtectRtp_VersionOne_ReturnsMalformed")]
    [TestCase(new byte[] { 0x81, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1 }, TestName = "ProtectRtp_CsrcCountPastEnd_ReturnsMalformed")]
    [TestCase(new byte[] { 0x90, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xBE, 0xDE, 0, 1 }, TestName = "ProtectRtp_ExtensionPastEnd_ReturnsMalformed")]
    [TestCase(new byte[] { 0x80, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0 }, TestName = "ProtectRtp_ElevenOctets_ReturnsMalformed")]
    public void ProtectRtp_BadHeader_ReturnsMalformed(byte[] packet)
    {
        using var policy = SrtpTestKeys.Policy(Default);
        using var context = new SrtpContext(policy);
        var buffer = new byte[packet.Length + 64];
        packet.CopyTo(buffer, 0);

        Assert.That(context.ProtectRtp(buffer, packet.Length, out _), Is.EqualTo(SrtpStatus.Malformed));
    }

    [TestCase(-1)]
    [TestCase(1000)]
    public void ProtectRtp_LengthOutsideBuffer_ReturnsMalformed(int length)
    {
        using var policy = SrtpTestKeys.Policy(Default);
        using var context = new SrtpContext(policy);

        Assert.That(context.ProtectRtp(new byte[100], length, out _), Is.EqualTo(SrtpStatus.Malformed));
        Assert.That(context.ProtectRtcp(new byte[100], length, out _), Is.EqualTo(SrtpStatus.Malformed));
    }

    [Test]
    public void ProtectRtp_EmptyPayloadWithHeaderOnly_RoundTrips()
    {
        using var policy = SrtpTestKeys.Policy(Default);
        var (sender, receiver) = SrtpTestKeys.Pair(policy);
        using (sender)
        using (receiver)
        {
            var packet = SrtpTestKeys.RtpPacket(9, 9, []);

            var (status, plain) = SrtpTestKeys.Unprotect(receiver, SrtpTestKeys.Protect(sender, packet));

            Assert.That(status, Is.EqualTo(SrtpStatus.Ok));
            Assert.That(plain, Is.EqualTo(packet));
        }
    }

    [Test]
    public void ProtectRtp_SameIndexTwice_RefusesToReuseKeystream()
    {
        using var policy = SrtpTestKeys.Policy(Default);
        using var sender = new SrtpContext(policy);
        SrtpTestKeys.Protect(sender, SrtpTestKeys.RtpPacket(5, 1, new byte[10]));
        var buffer = new byte[100];
        SrtpTestKeys.RtpPacket(5, 1, new byte[10]).CopyTo(buffer, 0);

        Assert.That(sender.ProtectRtp(buffer, 22, out _), Is.EqualTo(SrtpStatus.Replayed));
    }

    [Test]
    public void UnprotectRtp_ShorterThanHeaderAndTag_ReturnsMalformed()
    {
        using var policy = SrtpTestKeys.Policy(Default);
        using var receiver = new SrtpContext(policy);

        Assert.That(receiver.UnprotectRtp(new byte[21], out _), Is.EqualTo(SrtpStatus.Malformed));
        Assert.That(receiver.UnprotectRtcp(new byte[21], out _), Is.EqualTo(SrtpStatus.Malformed));
    }

    [Test]
    public void UnprotectRtp_BehindWindow_ReturnsTooOld()
    {
        using var policy = SrtpTestKeys.Policy(Default);
        var (sender, receiver) = SrtpTestKeys.Pair(policy);
        using (sender)
        using (receiver)
        {
            var old = SrtpTestKeys.Protect(sender, SrtpTestKeys.RtpPacket(1000, 1, new byte[4]));
            var edge = SrtpTestKeys.Protect(sender, SrtpTestKeys.RtpPacket(1001, 1, new byte[4]));
            var recent = SrtpTestKeys.Protect(sender, SrtpTestKeys.RtpPacket(1128, 1, new byte[4]));

            Assert.That(SrtpTestKeys.Unprotect(receiver, recent).Status, Is.EqualTo(SrtpStatus.Ok));
            Assert.That(SrtpTestKeys.Unprotect(receiver, old).Status, Is.EqualTo(SrtpStatus.TooOld));
            Assert.That(SrtpTestKeys.Unprotect(receiver, edge).Status, Is.EqualTo(SrtpStatus.Ok), "1128 - 1001 = 127 is inside a 128 window");
        }
    }

    [Test]
    public void UnprotectRtp_LatePacketFromBeforeFirstWrap_ReturnsTooOld()
    {
        using var policy = SrtpTestKeys.Policy(Default);
        var (sender, receiver) = SrtpTestKeys.Pair(policy);
        using (sender)
        using (receiver)
        {
            var first = SrtpTestKeys.Protect(sender, SrtpTestKeys.RtpPacket(10, 1, new byte[4]));
            Assert.That(SrtpTestKeys.Unprotect(receiver, first).Status, Is.EqualTo(SrtpStatus.Ok));

            // seq 60000 after s_l = 10 means ROC - 1 = -1 (RFC 3711 App. A): nothing valid can carry it.
            var forged = SrtpTestKeys.RtpPacket(60000, 1, new byte[4]);
            Assert.That(SrtpTestKeys.Unprotect(receiver, [.. forged, .. new byte[10]]).Status, Is.EqualTo(SrtpStatus.TooOld));
        }
    }

    [Test]
    public void UnprotectRtp_ForgedPacket_CreatesNoStateAndMovesNoWindow()
    {
        using var policy = SrtpTestKeys.Policy(Default);
        var (sender, receiver) = SrtpTestKeys.Pair(policy);
        using (sender)
        using (receiver)
        {
            using var otherSender = new SrtpContext(policy);
            var forged = SrtpTestKeys.Protect(otherSender, SrtpTestKeys.RtpPacket(30000, 1, new byte[4]));
            forged[^1] ^= 1;
            Assert.That(SrtpTestKeys.Unprotect(receiver, forged).Status, Is.EqualTo(SrtpStatus.AuthenticationFailed));
            Assert.That(receiver.SsrcCount, Is.Zero);

            var genuine = SrtpTestKeys.Protect(sender, SrtpTestKeys.RtpPacket(100, 1, new byte[4]));
            Assert.That(SrtpTestKeys.Unprotect(receiver, genuine).Status, Is.EqualTo(SrtpStatus.Ok));
            Assert.That(receiver.SsrcCount, Is.EqualTo(1));
        }
    }

    [Test]
    public void UnprotectRtcp_SamePacketTwice_ReturnsReplayed()
    {
        using var policy = SrtpTestKeys.Policy(SrtpSuite.AeadAes128Gcm);
        var (sender, receiver) = SrtpTestKeys.Pair(policy);
        using (sender)
        using (receiver)
        {
            var packet = SrtpTestKeys.Protect(sender, SrtpTestKeys.RtcpPacket(3, new byte[16]), rtcp: true);

            Assert.That(SrtpTestKeys.Unprotect(receiver, packet, rtcp: true).Status, Is.EqualTo(SrtpStatus.Ok));
            Assert.That(SrtpTestKeys.Unprotect(receiver, packet, rtcp: true).Status, Is.EqualTo(SrtpStatus.Replayed));
        }
    }

    [Test]
    public void ProtectRtcp_IndexSpaceUsedUp_ReturnsKeyLifetimeExceeded()
    {
        using var policy = SrtpTestKeys.Policy(Default);
        using var sender = new SrtpContext(policy);
        sender.SetNextRtcpIndex(7, 0x7FFF_FFFF);
        var packet = SrtpTestKeys.RtcpPacket(7, []);

        var last = SrtpTestKeys.Protect(sender, packet, rtcp: true);
        var buffer = new byte[100];
        packet.CopyTo(buffer, 0);

        Assert.That(last[^14..^10], Is.EqualTo(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }), "E = 1 and index 2^31 - 1");
        Assert.That(sender.ProtectRtcp(buffer, 8, out _), Is.EqualTo(SrtpStatus.KeyLifetimeExceeded));
    }

    [Test]
    public void UnprotectRtp_UnknownMki_ReturnsUnknownMki()
    {
        using var policy = SrtpTestKeys.Policy(Default, mki: [0x01]);
        var (sender, receiver) = SrtpTestKeys.Pair(policy);
        using (sender)
        using (receiver)
        {
            var packet = SrtpTestKeys.Protect(sender, SrtpTestKeys.RtpPacket(1, 1, new byte[8]));
            packet[^11] = 0x02;

            Assert.That(SrtpTestKeys.Unprotect(receiver, packet).Status, Is.EqualTo(SrtpStatus.UnknownMki));
        }
    }

    [Test]
    public void Protect_KeyLifetimeReached_SwitchesToNextKeyAndReceiverFollowsByMki()
    {
        using var sendPolicy = TwoKeyPolicy(lifetime: 3);
        using var receivePolicy = TwoKeyPolicy(lifetime: 3);
        using var sender = new SrtpContext(sendPolicy);
        using var receiver = new SrtpContext(receivePolicy);

        var mkis = new List<byte>();
        for (ushort seq = 0; seq < 6; seq++)
        {
            var packet = SrtpTestKeys.RtpPacket(seq, 1, new byte[8]);
            var wire = SrtpTestKeys.Protect(sender, packet);
            mkis.Add(wire[^11]);
            Assert.That(SrtpTestKeys.Unprotect(receiver, wire).Plain, Is.EqualTo(packet));
        }

        Assert.That(mkis, Is.EqualTo(new byte[] { 1, 1, 1, 2, 2, 2 }));
        Assert.That(sender.ActiveMasterKeyIndex, Is.EqualTo(1));
        var buffer = new byte[100];
        SrtpTestKeys.RtpPacket(6, 1, []).CopyTo(buffer, 0);
        Assert.That(sender.ProtectRtp(buffer, 12, out _), Is.EqualTo(SrtpStatus.KeyLifetimeExceeded));
        Assert.That(sender.ProtectRtcp(buffer, 8, out _), Is.EqualTo(SrtpStatus.KeyLifetimeExceeded));
    }

    [Test]
    public void Unprotect_KeyLifetimeReached_ReturnsKeyLifetimeExceeded()
    {
        using var policy = SrtpTestKeys.Policy(Default, lifetime: 2);
        using var sender = new SrtpContext(SrtpTestKeys.Policy(Default));
        using var receiver = new SrtpContext(policy);

        var statuses = Enumerable.Range(0, 3)
            .Select(i => SrtpTestKeys.Unprotect(receiver, SrtpTestKeys.Protect(sender, SrtpTestKeys.RtpPacket((ushort)i, 1, new byte[3]))).Status)
            .ToArray();

        Assert.That(statuses, Is.EqualTo(new[] { SrtpStatus.Ok, SrtpStatus.Ok, SrtpStatus.KeyLifetimeExceeded }));
    }

    [Test]
    public void Protect_NewSsrcBeyondBound_ReturnsSsrcLimitReached()
    {
        using var policy = new SrtpPolicy(Default, SrtpTestKeys.MasterKey(Default)) { MaxSsrcCount = 2 };
        var (sender, receiver) = SrtpTestKeys.Pair(policy);
        using (sender)
        using (receiver)
        {
            var wire = Enumerable.Range(1, 2).Select(ssrc => SrtpTestKeys.Protect(sender, SrtpTestKeys.RtpPacket(1, (uint)ssrc, []))).ToList();
            var third = new byte[100];
            SrtpTestKeys.RtpPacket(1, 3, []).CopyTo(third, 0);

            Assert.That(sender.ProtectRtp(third, 12, out _), Is.EqualTo(SrtpStatus.SsrcLimitReached));
            Assert.That(sender.ProtectRtcp(SrtpTestKeys.RtcpPacket(3, new byte[92]), 8, out _), Is.EqualTo(SrtpStatus.SsrcLimitReached));
            Assert.That(wire.Select(w => SrtpTestKeys.Unprotect(receiver, w).Status), Is.All.EqualTo(SrtpStatus.Ok));

            using var other = new SrtpContext(policy);
            var fromThird = SrtpTestKeys.Protect(other, SrtpTestKeys.RtpPacket(1, 3, []));
            Assert.That(SrtpTestKeys.Unprotect(receiver, fromThird).Status, Is.EqualTo(SrtpStatus.SsrcLimitReached));
            Assert.That(receiver.SsrcCount, Is.EqualTo(2));
        }
    }

    [Test]
    public void ProtectRtp_UnencryptedSrtp_LeavesPayloadClearButAuthenticated()
    {
        using var policy = new SrtpPolicy(Default, SrtpTestKeys.MasterKey(Default)) { EncryptRtp = false };
        var (sender, receiver) = SrtpTestKeys.Pair(policy);
        using (sender)
        using (receiver)
        {
            var packet = SrtpTestKeys.RtpPacket(1, 1, "hello"u8);
            var wire = SrtpTestKeys.Protect(sender, packet);

            var tampered = (byte[])wire.Clone();
            tampered[13] ^= 1;

            Assert.That(wire[..packet.Length], Is.EqualTo(packet));
            Assert.That(SrtpTestKeys.Unprotect(receiver, tampered).Status, Is.EqualTo(SrtpStatus.AuthenticationFailed));
            Assert.That(SrtpTestKeys.Unprotect(receiver, wire).Plain, Is.EqualTo(packet));
        }
    }

    [Test]
    public void ProtectRtcp_UnencryptedSrtcp_SendsEFlagZeroAndClearPayload()
    {
        using var policy = new SrtpPolicy(Default, SrtpTestKeys.MasterKey(Default)) { EncryptRtcp = false };
        var (sender, receiver) = SrtpTestKeys.Pair(policy);
        using (sender)
        using (receiver)
        {
            var packet = SrtpTestKeys.RtcpPacket(1, new byte[] { 1, 2, 3, 4 });
            var wire = SrtpTestKeys.Protect(sender, packet, rtcp: true);

            Assert.That(wire[..packet.Length], Is.EqualTo(packet));
            Assert.That(wire[packet.Length], Is.Zero, "E flag");
            Assert.That(SrtpTestKeys.Unprotect(receiver, wire, rtcp: true).Plain, Is.EqualTo(packet));
        }
    }

    [Test]
    public void UnprotectRtcp_IndexBehindWindow_ReturnsTooOldAndLateInWindowIsAccepted()
    {
        using var policy = SrtpTestKeys.Policy(Default);
        var (sender, receiver) = SrtpTestKeys.Pair(policy);
        using (sender)
        using (receiver)
        {
            var packet = SrtpTestKeys.RtcpPacket(9, new byte[8]);
            var wire = Enumerable.Range(0, 200).Select(_ => SrtpTestKeys.Protect(sender, packet, rtcp: true)).ToArray();

            Assert.That(SrtpTestKeys.Unprotect(receiver, wire[199], rtcp: true).Status, Is.EqualTo(SrtpStatus.Ok));
            Assert.That(SrtpTestKeys.Unprotect(receiver, wire[71], rtcp: true).Status, Is.EqualTo(SrtpStatus.TooOld));
            Assert.That(SrtpTestKeys.Unprotect(receiver, wire[72], rtcp: true).Status, Is.EqualTo(SrtpStatus.Ok));
            Assert.That(SrtpTestKeys.Unprotect(receiver, wire[72], rtcp: true).Status, Is.EqualTo(SrtpStatus.Replayed));
        }
    }

    [Test]
    public void UnprotectRtp_ThroughThreeRocWraps_KeepsIndexInStep()
    {
        using var policy = SrtpTestKeys.Policy(SrtpSuite.AeadAes256Gcm);
        var (sender, receiver) = SrtpTestKeys.Pair(policy);
        using (sender)
        using (receiver)
        {
            var failures = 0;
            for (var i = 0; i < (3 * 65536) + 10; i += 97)
            {
                var packet = SrtpTestKeys.RtpPacket((ushort)i, 77, BitConverter.GetBytes(i));
                failures += SrtpTestKeys.Unprotect(receiver, SrtpTestKeys.Protect(sender, packet)).Plain.AsSpan().SequenceEqual(packet) ? 0 : 1;
            }

            Assert.That(failures, Is.Zero);
        }
    }

    [Test]
    public void Context_PolicyDisposedAfterConstruction_KeepsWorking()
    {
        var policy = SrtpTestKeys.Policy(Default);
        using var sender = new SrtpContext(policy);
        using var receiver = new SrtpContext(policy);
        policy.Dispose();
        var packet = SrtpTestKeys.RtpPacket(1, 1, new byte[30]);

        Assert.That(SrtpTestKeys.Unprotect(receiver, SrtpTestKeys.Protect(sender, packet)).Plain, Is.EqualTo(packet));
    }

    [Test]
    public void ProtectAndUnprotect_SteadyState_AllocateNothing()
    {
        foreach (var suite in SrtpSuite.All)
        {
            using var policy = SrtpTestKeys.Policy(suite, mki: [7]);
            var (sender, receiver) = SrtpTestKeys.Pair(policy);
            using (sender)
            using (receiver)
            {
                var rtp = new byte[1300];
                var rtcp = new byte[200];
                void RoundTrip(int i)
                {
                    SrtpTestKeys.RtpPacket((ushort)i, 42, new byte[1200]).AsSpan().CopyTo(rtp);
                    SrtpTestKeys.RtcpPacket(42, new byte[100]).AsSpan().CopyTo(rtcp);
                }

                RoundTrip(0);
                var template = rtp.ToArray();
                var rtcpTemplate = rtcp.ToArray();
                var failures = Cycle(sender, receiver, template, rtcpTemplate, rtp, rtcp, 0, 10);
                var before = GC.GetAllocatedBytesForCurrentThread();
                failures += Cycle(sender, receiver, template, rtcpTemplate, rtp, rtcp, 10, 1000);
                var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

                Assert.That(failures, Is.Zero, suite.Name);
                Assert.That(allocated, Is.Zero, suite.Name);
            }
        }
    }

    [Test]
    public void Methods_AfterDispose_ThrowObjectDisposedException()
    {
        using var policy = SrtpTestKeys.Policy(Default);
        var context = new SrtpContext(policy);
        context.Dispose();

        Assert.Throws<ObjectDisposedException>(() => context.ProtectRtp(new byte[100], 20, out _));
        Assert.Throws<ObjectDisposedException>(() => context.UnprotectRtcp(new byte[100], out _));
    }

    [Test]
    public void Constructor_DisposedPolicy_ThrowsObjectDisposedException()
    {
        var policy = SrtpTestKeys.Policy(Default);
        policy.Dispose();

        Assert.Throws<ObjectDisposedException>(() => _ = new SrtpContext(policy));
    }

    [Test]
    public void TrailerLengths_FollowSuiteAndMki()
    {
        using var policy = SrtpTestKeys.Policy(SrtpSuite.AesCm128HmacSha1Tag32, mki: [1, 2]);
        using var context = new SrtpContext(policy);

        Assert.That(context.RtpTrailerLength, Is.EqualTo(2 + 4));
        Assert.That(context.RtcpTrailerLength, Is.EqualTo(4 + 2 + 10));
    }

    /// <summary>Protects and unprotects packets i in [from, to); counts failures without allocating (no Assert inside).</summary>
    private static int Cycle(SrtpContext sender, SrtpContext receiver, byte[] template, byte[] rtcpTemplate, byte[] rtp, byte[] rtcp, int from, int to)
    {
        var failures = 0;
        for (var i = from; i < to; i++)
        {
            template.CopyTo(rtp, 0);
            rtp[2] = (byte)(i >> 8);
            rtp[3] = (byte)i;
            failures += sender.ProtectRtp(rtp, 1212, out var protectedLength) == SrtpStatus.Ok ? 0 : 1;
            failures += receiver.UnprotectRtp(rtp.AsSpan(0, protectedLength), out _) == SrtpStatus.Ok ? 0 : 1;
            rtcpTemplate.CopyTo(rtcp, 0);
            failures += sender.ProtectRtcp(rtcp, 108, out protectedLength) == SrtpStatus.Ok ? 0 : 1;
            failures += receiver.UnprotectRtcp(rtcp.AsSpan(0, protectedLength), out _) == SrtpStatus.Ok ? 0 : 1;
        }

        return failures;
    }

    private static SrtpPolicy TwoKeyPolicy(ulong lifetime) =>
        new(Default, SrtpTestKeys.MasterKey(Default, 1, [1], lifetime), SrtpTestKeys.MasterKey(Default, 2, [2], lifetime));
}
