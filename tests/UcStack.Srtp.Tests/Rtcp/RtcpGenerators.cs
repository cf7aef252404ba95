using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using UcStack.Srtp.Rtcp;
using UcStack.Srtp.Tests.Rtp;

namespace UcStack.Srtp.Tests.Rtcp;

/// <summary>A generated RTCP packet; <see cref="Describe"/> gives the canonical text both sides compare.</summary>
internal abstract record RtcpPacketCase
{
    public abstract string Describe();

    public abstract void Write(ref RtcpCompoundBuilder builder);

    public sealed override string ToString() => Describe();

    protected static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);
}

internal sealed record SenderReportCase(uint Ssrc, RtcpSenderInfo Info, RtcpReportBlock[] Blocks, byte[] Extension) : RtcpPacketCase
{
    public override string Describe() => RtcpDescriptions.SenderReport(Ssrc, Info, Blocks, Extension);

    public override void Write(ref RtcpCompoundBuilder builder) =>
        Assert.That(builder.TryAddSenderReport(Ssrc, Info, Blocks, Extension), Is.True);
}

internal sealed record ReceiverReportCase(uint Ssrc, RtcpReportBlock[] Blocks, byte[] Extension) : RtcpPacketCase
{
    public override string Describe() => RtcpDescriptions.ReceiverReport(Ssrc, Blocks, Extension);

    public override void Write(ref RtcpCompoundBuilder builder) =>
        Assert.That(builder.TryAddReceiverReport(Ssrc, Blocks, Extension), Is.True);
}

/// <summary>An SDES item; <see cref="Prefix"/> is non-null for PRIV.</summary>
internal sealed record SdesItemCase(byte Type, byte[] Value, byte[]? Prefix);

internal sealed record SdesChunkCase(uint Ssrc, SdesItemCase[] Items);

internal sealed record SourceDescriptionCase(SdesChunkCase[] Chunks) : RtcpPacketCase
{
    public override string Describe()
    {
        var text = new StringBuilder("SDES");
        foreach (var chunk in Chunks)
        {
            text.Append(CultureInfo.InvariantCulture, $" {chunk.Ssrc:X8}(");
            foreach (var item in chunk.Items)
            {
                text.Append(RtcpDescriptions.Item(item.Type, item.Prefix ?? [], item.Value)).Append(' ');
            }

            text.Append(')');
        }

        return text.ToString();
    }

    public override void Write(ref RtcpCompoundBuilder builder)
    {
        Assert.That(builder.TryBeginSourceDescription(), Is.True);
        foreach (var chunk in Chunks)
        {
            Assert.That(builder.TryAddSdesChunk(chunk.Ssrc), Is.True);
            foreach (var item in chunk.Items)
            {
                Assert.That(item.Prefix is null
                    ? builder.TryAddSdesItem((RtcpSdesItemType)item.Type, item.Value)
                    : builder.TryAddSdesPrivateItem(item.Prefix, item.Value), Is.True);
            }
        }
    }
}

internal sealed record GoodbyeCase(uint[] Sources, byte[] Reason) : RtcpPacketCase
{
    public override string Describe() => RtcpDescriptions.Goodbye(Sources, Reason);

    public override void Write(ref RtcpCompoundBuilder builder) => Assert.That(builder.TryAddGoodbye(Sources, Reason), Is.True);
}

internal sealed record ApplicationCase(byte Subtype, uint Ssrc, byte[] Name, byte[] Data) : RtcpPacketCase
{
    public override string Describe() => RtcpDescriptions.Application(Subtype, Ssrc, Name, Data);

    public override void Write(ref RtcpCompoundBuilder builder) =>
        Assert.That(builder.TryAddApplicationDefined(Subtype, Ssrc, Name, Data), Is.True);
}

internal sealed record RawCase(byte Type, byte Count, byte[] Body) : RtcpPacketCase
{
    public override string Describe() => RtcpDescriptions.Raw(Type, Count, Body);

    public override void Write(ref RtcpCompoundBuilder builder) =>
        Assert.That(builder.TryAddPacket((RtcpPacketType)Type, Count, Body), Is.True);
}

internal sealed record CompoundCase(RtcpPacketCase[] Packets, int Padding)
{
    public string Describe() => string.Join(" | ", Packets.Select(p => p.Describe())) + $" pad={Padding}";

    public override string ToString() => Describe();

    public byte[] Write()
    {
        var buffer = new byte[65536];
        var builder = new RtcpCompoundBuilder(buffer);
        foreach (var packet in Packets)
        {
            packet.Write(ref builder);
        }

        Assert.That(builder.TryFinish(Padding, out var written), Is.True);
        return buffer[..written];
    }
}

/// <summary>Canonical text for RTCP packets, built the same way from generated cases and parsed views.</summary>
internal static class RtcpDescriptions
{
    public static string SenderReport(uint ssrc, RtcpSenderInfo info, IEnumerable<RtcpReportBlock> blocks, ReadOnlySpan<byte> extension) =>
        $"SR {ssrc:X8} {info} [{string.Join(", ", blocks)}] ext={Convert.ToHexString(extension)}";

    public static string ReceiverReport(uint ssrc, IEnumerable<RtcpReportBlock> blocks, ReadOnlySpan<byte> extension) =>
        $"RR {ssrc:X8} [{string.Join(", ", blocks)}] ext={Convert.ToHexString(extension)}";

    public static string Item(byte type, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> value) =>
        $"{type}:{Convert.ToHexString(prefix)}={Convert.ToHexString(value)}";

    public static string Goodbye(IEnumerable<uint> sources, ReadOnlySpan<byte> reason) =>
        $"BYE [{string.Join(",", sources)}] {Convert.ToHexString(reason)}";

    public static string Application(byte subtype, uint ssrc, ReadOnlySpan<byte> name, ReadOnlySpan<byte> data) =>
        $"APP {subtype} {ssrc:X8} {Convert.ToHexString(name)} {Convert.ToHexString(data)}";

    public static string Raw(byte type, byte count, ReadOnlySpan<byte> body) => $"RAW {type} {count} {Convert.ToHexString(body)}";

    /// <summary>Describes a compound packet read back with the public reader API; null when it is rejected.</summary>
    public static string? Parse(ReadOnlySpan<byte> compound, bool requireReportFirst = true)
    {
        if (!RtcpCompoundReader.TryCreate(compound, requireReportFirst, out var reader, out var error))
        {
            Assert.That(error.IsError, Is.True);
            Assert.That(error.Offset, Is.InRange(0, compound.Length));
            return null;
        }

        var parts = new List<string>();
        var padding = 0;
        foreach (var packet in reader)
        {
            var part = DescribePacket(packet);
            if (part is null)
            {
                return null;
            }

            parts.Add(part);
            padding = packet.PaddingLength;
        }

        return string.Join(" | ", parts) + $" pad={padding}";
    }

    /// <summary>Reads one packet through its typed view; null when the view rejects it.</summary>
    public static string? DescribePacket(RtcpPacket packet)
    {
        RtcpParseError error;
        switch (packet.PacketType)
        {
            case RtcpPacketType.SenderReport:
                if (!RtcpSenderReport.TryParse(packet, out var sr, out error))
                {
                    break;
                }

                var srBlocks = new List<RtcpReportBlock>();
                for (var i = 0; i < sr.ReportCount; i++)
                {
                    srBlocks.Add(sr.GetReportBlock(i));
                }

                return SenderReport(sr.Ssrc, sr.SenderInfo, srBlocks, sr.ProfileExtension);

            case RtcpPacketType.ReceiverReport:
                if (!RtcpReceiverReport.TryParse(packet, out var rr, out error))
                {
                    break;
                }

                var rrBlocks = new List<RtcpReportBlock>();
                for (var i = 0; i < rr.ReportCount; i++)
                {
                    rrBlocks.Add(rr.GetReportBlock(i));
                }

                return ReceiverReport(rr.Ssrc, rrBlocks, rr.ProfileExtension);

            case RtcpPacketType.SourceDescription:
                if (!RtcpSourceDescription.TryParse(packet, out var sdes, out error))
                {
                    break;
                }

                var text = new StringBuilder("SDES");
                var chunks = 0;
                foreach (var chunk in sdes)
                {
                    chunks++;
                    text.Append(CultureInfo.InvariantCulture, $" {chunk.Ssrc:X8}(");
                    foreach (var item in chunk)
                    {
                        text.Append(item.Type == RtcpSdesItemType.Private
                            ? Item((byte)item.Type, item.PrivatePrefix, item.PrivateValue)
                            : Item((byte)item.Type, default, item.Value)).Append(' ');
                    }

                    text.Append(')');
                }

                Assert.That(chunks, Is.EqualTo(sdes.ChunkCount));
                return text.ToString();

            case RtcpPacketType.Goodbye:
                if (!RtcpGoodbye.TryParse(packet, out var bye, out error))
                {
                    break;
                }

                var sources = new List<uint>();
                for (var i = 0; i < bye.SourceCount; i++)
                {
                    sources.Add(bye.GetSource(i));
                }

                return Goodbye(sources, bye.Reason);

            case RtcpPacketType.ApplicationDefined:
                if (!RtcpApplicationDefined.TryParse(packet, out var app, out error))
                {
                    break;
                }

                return Application(app.Subtype, app.Ssrc, app.Name, app.Data);

            default:
                return Raw((byte)packet.PacketType, (byte)packet.Count, packet.Body);
        }

        Assert.That(error.IsError, Is.True);
        Assert.That(error.Offset, Is.InRange(packet.Offset, packet.Offset + packet.Length));
        return null;
    }
}

/// <summary>FsCheck generators for RTCP compound packets.</summary>
internal static class RtcpGenerators
{
    private static readonly Gen<byte> AnyByte = RtpGenerators.AnyByte;
    private static readonly Gen<uint> AnyUInt = RtpGenerators.AnyUInt;

    private static Gen<byte[]> Words(int maxWords) => Gen.Choose(0, maxWords).SelectMany(n => Gen.ArrayOf(AnyByte, 4 * n));

    private static Gen<int> SmallCount(int max) => Gen.Frequency((5, Gen.Choose(0, Math.Min(3, max))), (1, Gen.Choose(0, max)));

    private static readonly Gen<RtcpReportBlock> Blocks =
        from ssrc in AnyUInt
        from fraction in AnyByte
        from lost in Gen.Choose(RtcpReportBlock.MinCumulativeLost, RtcpReportBlock.MaxCumulativeLost)
        from highest in AnyUInt
        from jitter in AnyUInt
        from lsr in AnyUInt
        from dlsr in AnyUInt
        select new RtcpReportBlock(ssrc, fraction, lost, highest, jitter, lsr, dlsr);

    private static readonly Gen<RtcpPacketCase> SenderReports =
        from ssrc in AnyUInt
        from ntpHigh in AnyUInt
        from ntpLow in AnyUInt
        from rtp in AnyUInt
        from packets in AnyUInt
        from octets in AnyUInt
        from count in SmallCount(31)
        from blocks in Gen.ArrayOf(Blocks, count)
        from extension in Words(2)
        select (RtcpPacketCase)new SenderReportCase(ssrc, new RtcpSenderInfo(((ulong)ntpHigh << 32) | ntpLow, rtp, packets, octets), blocks, extension);

    private static readonly Gen<RtcpPacketCase> ReceiverReports =
        from ssrc in AnyUInt
        from count in SmallCount(31)
        from blocks in Gen.ArrayOf(Blocks, count)
        from extension in Words(2)
        select (RtcpPacketCase)new ReceiverReportCase(ssrc, blocks, extension);

    private static Gen<byte[]> Text(int max) =>
        Gen.Frequency((5, Gen.Choose(0, Math.Min(12, max))), (1, Gen.Choose(0, max))).SelectMany(n => Gen.ArrayOf(AnyByte, n));

    private static readonly Gen<SdesItemCase> Items = Gen.Frequency(
        (6, from type in Gen.Elements<byte>(1, 2, 3, 4, 5, 6, 7, 9, 200)
            from value in Text(255)
            select new SdesItemCase(type, value, null)),
        (1, from prefix in Text(100)
            from value in Text(154)
            select new SdesItemCase(8, value, prefix)));

    private static readonly Gen<SdesChunkCase> Chunks =
        from ssrc in AnyUInt
        from count in SmallCount(8)
        from items in Gen.ArrayOf(Items, count)
        select new SdesChunkCase(ssrc, items);

    private static readonly Gen<RtcpPacketCase> SourceDescriptions =
        from count in SmallCount(31)
        from chunks in Gen.ArrayOf(Chunks, count)
        select (RtcpPacketCase)new SourceDescriptionCase(chunks);

    private static readonly Gen<RtcpPacketCase> Goodbyes =
        from count in SmallCount(31)
        from sources in Gen.ArrayOf(AnyUInt, count)
        from reason in Text(255)
        select (RtcpPacketCase)new GoodbyeCase(sources, reason);

    private static readonly Gen<RtcpPacketCase> Applications =
        from subtype in Gen.Choose(0, 31)
        from ssrc in AnyUInt
        from name in Gen.ArrayOf(AnyByte, 4)
        from data in Words(8)
        select (RtcpPacketCase)new ApplicationCase((byte)subtype, ssrc, name, data);

    private static readonly Gen<RtcpPacketCase> Raws =
        from type in Gen.Elements<byte>(205, 206, 207, 195, 250)
        from count in Gen.Choose(0, 31)
        from body in Words(8)
        select (RtcpPacketCase)new RawCase(type, (byte)count, body);

    private static readonly Gen<RtcpPacketCase> AnyPacket =
        Gen.OneOf(SenderReports, ReceiverReports, SourceDescriptions, Goodbyes, Applications, Raws);

    public static readonly Gen<CompoundCase> Compounds =
        from first in Gen.OneOf(SenderReports, ReceiverReports)
        from count in Gen.Choose(0, 5)
        from rest in Gen.ArrayOf(AnyPacket, count)
        from padding in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(1, 63).Select(w => 4 * w)))
        select new CompoundCase([first, .. rest], padding);
}
