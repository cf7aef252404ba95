using FsCheck;
using FsCheck.Fluent;

namespace UcStack.Srtp.Tests.Srtp;

/// <summary>FsCheck properties of <see cref="SrtpContext"/> over every suite, with and without MKI.</summary>
[TestFixture]
public sealed class SrtpContextPropertyTests
{
    private static readonly int[] MkiLengths = [0, 1, 4];

    private sealed record Case(SrtpSuite Suite, byte[] Mki, bool Rtcp, byte[] Packet, int FlipBit);

    private static Gen<Case> Cases() =>
        from suiteIndex in Gen.Choose(0, SrtpSuite.All.Count - 1)
        from mkiLength in Gen.Elements(MkiLengths)
        from mki in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), mkiLength)
        from rtcp in ArbMap.Default.GeneratorFor<bool>()
        from payloadLength in Gen.Choose(0, 1400)
        from payload in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), payloadLength)
        from csrcs in Gen.Choose(0, 15)
        from extension in Gen.Choose(-1, 8)
        from seq in ArbMap.Default.GeneratorFor<ushort>()
        from ssrc in ArbMap.Default.GeneratorFor<uint>()
        from flip in Gen.Choose(0, int.MaxValue)
        select new Case(
            SrtpSuite.All[suiteIndex],
            mki,
            rtcp,
            rtcp ? SrtpTestKeys.RtcpPacket(ssrc, payload.AsSpan(0, payload.Length & ~3)) : SrtpTestKeys.RtpPacket(seq, ssrc, payload, csrcs, extension),
            flip);

    [Test]
    public void Unprotect_OfProtect_GivesOriginalPacket()
    {
        Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            var (sender, receiver) = Contexts(c);
            using (sender)
            using (receiver)
            {
                var protectedPacket = SrtpTestKeys.Protect(sender, c.Packet, c.Rtcp);
                var (status, plain) = SrtpTestKeys.Unprotect(receiver, protectedPacket, c.Rtcp);
                return status == SrtpStatus.Ok && plain.AsSpan().SequenceEqual(c.Packet)
                    && protectedPacket.Length == c.Packet.Length + (c.Rtcp ? sender.RtcpTrailerLength : sender.RtpTrailerLength);
            }
        }).QuickCheckThrowOnFailure();
    }

    [Test]
    public void Unprotect_AnySingleFlippedBit_IsRejected()
    {
        Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            var (sender, receiver) = Contexts(c);
            using (sender)
            using (receiver)
            {
                var protectedPacket = SrtpTestKeys.Protect(sender, c.Packet, c.Rtcp);
                var bit = c.FlipBit % (protectedPacket.Length * 8);
                protectedPacket[bit / 8] ^= (byte)(1 << (bit % 8));
                var (status, _) = SrtpTestKeys.Unprotect(receiver, protectedPacket, c.Rtcp);
                return (status != SrtpStatus.Ok).Label($"bit {bit} of {protectedPacket.Length * 8} gave {status}");
            }
        }).QuickCheckThrowOnFailure();
    }

    [Test]
    public void Unprotect_SamePacketTwice_SecondIsReplayed()
    {
        Prop.ForAll(Cases().ToArbitrary(), c =>
        {
            var (sender, receiver) = Contexts(c);
            using (sender)
            using (receiver)
            {
                var protectedPacket = SrtpTestKeys.Protect(sender, c.Packet, c.Rtcp);
                var first = SrtpTestKeys.Unprotect(receiver, protectedPacket, c.Rtcp).Status;
                var second = SrtpTestKeys.Unprotect(receiver, protectedPacket, c.Rtcp).Status;
                return first == SrtpStatus.Ok && second == SrtpStatus.Replayed;
            }
        }).QuickCheckThrowOnFailure();
    }

    [Test]
    public void Unprotect_ShuffledWithinWindowAcrossRocWrap_AcceptsEachOnceThenReplays()
    {
        var gen =
            from suiteIndex in Gen.Choose(0, SrtpSuite.All.Count - 1)
            from start in Gen.Choose(65400, 65535)
            from count in Gen.Choose(1, 300)
            from keys in Gen.ArrayOf(ArbMap.Default.GeneratorFor<int>(), count)
            select (Suite: SrtpSuite.All[suiteIndex], Start: start, Count: count, Keys: keys);

        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            using var policy = SrtpTestKeys.Policy(c.Suite);
            var (sender, receiver) = SrtpTestKeys.Pair(policy);
            using (sender)
            using (receiver)
            {
                var plain = new List<byte[]>();
                var wire = new List<byte[]>();
                for (var i = 0; i < c.Count; i++)
                {
                    plain.Add(SrtpTestKeys.RtpPacket((ushort)(c.Start + i), 0xABCDEF01, BitConverter.GetBytes(i)));
                    wire.Add(SrtpTestKeys.Protect(sender, plain[i]));
                }

                // The first packet arrives first (the receiver starts at ROC 0, RFC 3711 §3.3.1), the rest in blocks of
                // 100 shuffled inside each block: every packet stays inside the 128 window.
                var order = Enumerable.Range(0, c.Count).OrderBy(i => i == 0 ? -1 : i / 100).ThenBy(i => c.Keys[i]).ToArray();
                foreach (var i in order)
                {
                    var (status, result) = SrtpTestKeys.Unprotect(receiver, wire[i]);
                    if (status != SrtpStatus.Ok || !result.AsSpan().SequenceEqual(plain[i]))
                    {
                        return false.Label($"packet {i} (seq {(ushort)(c.Start + i)}) gave {status}");
                    }
                }

                var last = order.Length - 1;
                var replay = SrtpTestKeys.Unprotect(receiver, wire[order[last]]).Status;
                return (replay == SrtpStatus.Replayed).Label($"replay gave {replay}");
            }
        }).QuickCheckThrowOnFailure();
    }

    [Test]
    public void Unprotect_RandomBytes_ReturnsAStatusWithoutThrowing()
    {
        var gen =
            from suiteIndex in Gen.Choose(0, SrtpSuite.All.Count - 1)
            from mkiLength in Gen.Elements(MkiLengths)
            from length in Gen.Choose(0, 200)
            from bytes in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), length)
            from versionTwo in ArbMap.Default.GeneratorFor<bool>()
            select (Suite: SrtpSuite.All[suiteIndex], Mki: new byte[mkiLength], Bytes: bytes, VersionTwo: versionTwo);

        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            if (c.VersionTwo && c.Bytes.Length > 0)
            {
                c.Bytes[0] = (byte)((c.Bytes[0] & 0x3F) | 0x80);
            }

            using var policy = SrtpTestKeys.Policy(c.Suite, c.Mki);
            using var receiver = new SrtpContext(policy);
            var rtp = receiver.UnprotectRtp((byte[])c.Bytes.Clone(), out _);
            var rtcp = receiver.UnprotectRtcp((byte[])c.Bytes.Clone(), out _);
            return rtp != SrtpStatus.Ok && rtcp != SrtpStatus.Ok && receiver.SsrcCount == 0;
        }).QuickCheckThrowOnFailure();
    }

    private static (SrtpContext Sender, SrtpContext Receiver) Contexts(Case c)
    {
        using var policy = SrtpTestKeys.Policy(c.Suite, c.Mki);
        return SrtpTestKeys.Pair(policy);
    }
}
