namespace UcStack.Srtp.Tests.Srtp;

/// <summary>Key derivation rate above 0 (RFC 3711 §4.3.1).</summary>
public sealed partial class SrtpContextTests
{
    [Test]
    public void KeyDerivationRate_SenderAndReceiverAgree_RoundTripsAcrossEpochs()
    {
        using var policy = new SrtpPolicy(Default, SrtpTestKeys.MasterKey(Default)) { KeyDerivationRate = 4 };
        var (sender, receiver) = SrtpTestKeys.Pair(policy);
        using (sender)
        using (receiver)
        {
            for (var i = 0; i < 20; i++)
            {
                var packet = SrtpTestKeys.RtpPacket((ushort)(65530 + i), 1, BitConverter.GetBytes(i));
                Assert.That(SrtpTestKeys.Unprotect(receiver, SrtpTestKeys.Protect(sender, packet)).Plain, Is.EqualTo(packet), $"RTP {i}");
                var report = SrtpTestKeys.RtcpPacket(1, BitConverter.GetBytes(i));
                Assert.That(SrtpTestKeys.Unprotect(receiver, SrtpTestKeys.Protect(sender, report, rtcp: true), rtcp: true).Plain, Is.EqualTo(report), $"RTCP {i}");
            }
        }
    }

    [Test]
    public void KeyDerivationRate_ReceiverWithoutIt_FailsFromTheFirstNewEpoch()
    {
        using var sendPolicy = new SrtpPolicy(Default, SrtpTestKeys.MasterKey(Default)) { KeyDerivationRate = 4 };
        using var receivePolicy = SrtpTestKeys.Policy(Default);
        using var sender = new SrtpContext(sendPolicy);
        using var receiver = new SrtpContext(receivePolicy);

        var statuses = Enumerable.Range(0, 6)
            .Select(i => SrtpTestKeys.Unprotect(receiver, SrtpTestKeys.Protect(sender, SrtpTestKeys.RtpPacket((ushort)i, 1, new byte[8]))).Status)
            .ToArray();

        Assert.That(statuses[..4], Is.All.EqualTo(SrtpStatus.Ok), "r = index DIV 4 = 0 gives the kdr = 0 keys");
        Assert.That(statuses[4..], Is.All.EqualTo(SrtpStatus.AuthenticationFailed));
    }

    [Test]
    public void KeyDerivationRate_PacketInLaterEpoch_MatchesIndependentComputation()
    {
        var suite = Default;
        var material = SrtpTestKeys.KeyMaterial(suite);
        var masterKey = material[..16];
        var masterSalt = material[16..];
        using var policy = new SrtpPolicy(suite, new SrtpMasterKey(masterKey, masterSalt)) { KeyDerivationRate = 1UL << 16 };
        using var sender = new SrtpContext(policy);
        SrtpTestKeys.Protect(sender, SrtpTestKeys.RtpPacket(65535, 1, []));
        var packet = SrtpTestKeys.RtpPacket(3, 1, new byte[50]);

        var wire = SrtpTestKeys.Protect(sender, packet);

        Assert.That(wire, Is.EqualTo(ReferenceSrtp.ProtectRtp(suite, masterKey, masterSalt, packet, 12, 0x1_0003, [], kdr: 1UL << 16)));
    }

    [Test]
    public void KeyDerivationRate_LatePacketAcrossBoundaryAndForgery_DoNotDisturbCurrentKeys()
    {
        using var policy = new SrtpPolicy(Default, SrtpTestKeys.MasterKey(Default)) { KeyDerivationRate = 4 };
        var (sender, receiver) = SrtpTestKeys.Pair(policy);
        using (sender)
        using (receiver)
        {
            var wire = Enumerable.Range(0, 8).Select(i => SrtpTestKeys.Protect(sender, SrtpTestKeys.RtpPacket((ushort)i, 1, new byte[8]))).ToArray();
            foreach (var i in new[] { 0, 1, 2, 4, 5 })
            {
                Assert.That(SrtpTestKeys.Unprotect(receiver, wire[i]).Status, Is.EqualTo(SrtpStatus.Ok), $"packet {i}");
            }

            var forged = (byte[])wire[6].Clone();
            forged[2] = 0x40; // sequence number 0x4006: epoch 4097, whose keys get derived into the spare set
            forged[^1] ^= 1;
            var late = (byte[])wire[3].Clone();
            var next = (byte[])wire[6].Clone();

            var forgedStatus = receiver.UnprotectRtp(forged, out _);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var nextStatus = receiver.UnprotectRtp(next, out _);
            var allocatedForCurrentEpoch = GC.GetAllocatedBytesForCurrentThread() - before;
            var lateStatus = receiver.UnprotectRtp(late, out _);

            Assert.That((forgedStatus, nextStatus, lateStatus), Is.EqualTo((SrtpStatus.AuthenticationFailed, SrtpStatus.Ok, SrtpStatus.Ok)));
            Assert.That(allocatedForCurrentEpoch, Is.Zero, "the forgery did not replace the epoch-1 keys");
        }
    }

    [Test]
    public void KeyDerivationRate_SrtcpInLaterEpoch_MatchesIndependentComputation()
    {
        var suite = Default;
        var material = SrtpTestKeys.KeyMaterial(suite, 3);
        var masterKey = material[..16];
        var masterSalt = material[16..];
        using var policy = new SrtpPolicy(suite, new SrtpMasterKey(masterKey, masterSalt)) { KeyDerivationRate = 8 };
        using var sender = new SrtpContext(policy);
        using var receiver = new SrtpContext(policy);
        sender.SetNextRtcpIndex(5, 17);
        var packet = SrtpTestKeys.RtcpPacket(5, new byte[24]);

        var wire = SrtpTestKeys.Protect(sender, packet, rtcp: true);

        Assert.That(wire, Is.EqualTo(ReferenceSrtp.ProtectRtcp(suite, masterKey, masterSalt, packet, 17, [], kdr: 8)));
        Assert.That(SrtpTestKeys.Unprotect(receiver, wire, rtcp: true).Plain, Is.EqualTo(packet));
    }
}
