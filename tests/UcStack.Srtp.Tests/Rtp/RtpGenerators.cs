using FsCheck;
using FsCheck.Fluent;
using UcStack.Srtp.Rtp;

namespace UcStack.Srtp.Tests.Rtp;

/// <summary>One header extension element in a generated case.</summary>
internal sealed record RtpElementCase(byte Id, byte[] Data)
{
    public bool NeedsTwoByte => Id > 14 || Data.Length is 0 or > 16;

    public override string ToString() => $"{Id}:{Convert.ToHexString(Data)}";
}

/// <summary>A generated header extension: opaque, or RFC 8285 elements with an optional forced two-byte form.</summary>
internal sealed record RtpExtensionCase(bool Opaque, ushort Profile, byte[] OpaqueData, RtpElementCase[] Elements, int ForceTwoByteAt, byte AppBits)
{
    public override string ToString() => Opaque
        ? $"opaque {Profile:X4} {Convert.ToHexString(OpaqueData)}"
        : $"[{string.Join(", ", Elements.Select(e => e.ToString()))}] twoByteAt={ForceTwoByteAt} appBits={AppBits}";
}

/// <summary>A generated RTP packet description.</summary>
internal sealed record RtpCase(RtpHeader Header, uint[] Csrcs, RtpExtensionCase? Extension, byte[] Payload, int Padding)
{
    public RtpHeaderExtensionForm ExpectedForm => Extension switch
    {
        null => RtpHeaderExtensionForm.None,
        { Opaque: true } => RtpHeaderExtensionForm.Opaque,
        { ForceTwoByteAt: >= 0 } => RtpHeaderExtensionForm.TwoByte,
        { Elements.Length: 0 } => RtpHeaderExtensionForm.None,
        var e when e.Elements.Any(x => x.NeedsTwoByte) => RtpHeaderExtensionForm.TwoByte,
        _ => RtpHeaderExtensionForm.OneByte,
    };

    public override string ToString() =>
        $"{Header} csrcs=[{string.Join(",", Csrcs)}] ext={Extension} payload={Convert.ToHexString(Payload)} padding={Padding}";
}

/// <summary>FsCheck generators for RTP packets.</summary>
internal static class RtpGenerators
{
    public static readonly Gen<byte> AnyByte = Gen.Choose(0, 255).Select(i => (byte)i);

    public static readonly Gen<uint> AnyUInt =
        Gen.Choose(0, 0xFFFF).Two().Select(t => ((uint)t.Item1 << 16) | (uint)t.Item2);

    public static Gen<byte[]> Bytes(int min, int max) => Gen.Choose(min, max).SelectMany(n => Gen.ArrayOf(AnyByte, n));

    public static readonly Gen<RtpHeader> Headers =
        from marker in Gen.Elements(true, false)
        from payloadType in Gen.Choose(0, 127)
        from sequence in Gen.Choose(0, 0xFFFF)
        from timestamp in AnyUInt
        from ssrc in AnyUInt
        select new RtpHeader(marker, (byte)payloadType, (ushort)sequence, timestamp, ssrc);

    private static readonly Gen<RtpElementCase> Elements =
        from id in Gen.Frequency((4, Gen.Choose(1, 14)), (1, Gen.Choose(15, 255)))
        from data in Gen.Frequency((4, Bytes(1, 16)), (1, Gen.Constant(Array.Empty<byte>())), (1, Bytes(17, 255)))
        select new RtpElementCase((byte)id, data);

    private static readonly Gen<RtpExtensionCase> ElementExtensions =
        from count in Gen.Choose(0, 6)
        from elements in Gen.ArrayOf(Elements, count)
        from force in Gen.Frequency((3, Gen.Constant(-1)), (1, Gen.Choose(0, count)))
        from appBits in Gen.Choose(0, 15)
        select new RtpExtensionCase(false, 0, [], elements, force, (byte)appBits);

    private static readonly Gen<RtpExtensionCase> OpaqueExtensions =
        from profile in Gen.Choose(0, 0xFFFF).Where(p => p != 0xBEDE && (p & 0xFFF0) != 0x1000)
        from words in Gen.Choose(0, 8)
        from data in Gen.ArrayOf(AnyByte, 4 * words)
        select new RtpExtensionCase(true, (ushort)profile, data, [], -1, 0);

    public static readonly Gen<RtpCase> Cases =
        from header in Headers
        from csrcCount in Gen.Frequency((3, Gen.Constant(0)), (2, Gen.Choose(1, 15)))
        from csrcs in Gen.ArrayOf(AnyUInt, csrcCount)
        from extension in Gen.Frequency(
            (2, Gen.Constant<RtpExtensionCase?>(null)),
            (3, ElementExtensions.Select(e => (RtpExtensionCase?)e)),
            (1, OpaqueExtensions.Select(e => (RtpExtensionCase?)e)))
        from payload in Bytes(0, 64)
        from padding in Gen.Frequency((3, Gen.Constant(0)), (2, Gen.Choose(1, 255)))
        select new RtpCase(header, csrcs, extension, payload, padding);

    /// <summary>Writes a case with <see cref="RtpPacketWriter"/>; asserts that every step fits.</summary>
    public static byte[] Write(RtpCase c)
    {
        var buffer = new byte[2048];
        var writer = new RtpPacketWriter(buffer);
        Assert.That(writer.TryWriteHeader(c.Header, c.Csrcs), Is.True);
        if (c.Extension is { Opaque: true } opaque)
        {
            Assert.That(writer.TryWriteOpaqueExtension(opaque.Profile, opaque.OpaqueData), Is.True);
        }
        else if (c.Extension is { } extension)
        {
            for (var i = 0; i <= extension.Elements.Length; i++)
            {
                if (i == extension.ForceTwoByteAt)
                {
                    Assert.That(writer.TryUseTwoByteExtensions(extension.AppBits), Is.True);
                }

                if (i < extension.Elements.Length)
                {
                    Assert.That(writer.TryAddExtension(extension.Elements[i].Id, extension.Elements[i].Data), Is.True);
                }
            }
        }

        Assert.That(writer.TryFinish(c.Payload, c.Padding, out var written), Is.True);
        return buffer[..written];
    }
}
