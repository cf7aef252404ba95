using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace UcStack.Sdp.Tests;

/// <summary>Properties of the parser and writer: round trips in both directions, and robustness against hostile bytes.</summary>
[TestFixture]
public sealed class SdpCodecPropertyTests
{
    // CI runs fresh seeds each time; set UCSTACK_FSCHECK_MAXTEST=100000 for a long local run.
    private static readonly int MaxTest = int.TryParse(Environment.GetEnvironmentVariable("UCSTACK_FSCHECK_MAXTEST"), out var n) ? n : 500;

    private static Config Config => Config.QuickThrowOnFailure.WithMaxTest(MaxTest);

    [Test]
    public void ParseOfWrite_GeneratedModel_GivesSameModel() =>
        Check.One(Config, Prop.ForAll(SdpGenerators.Session().ToArbitrary(), session =>
        {
            var parsed = SdpSession.Parse(session.Encode());
            Assert.That(SdpGenerators.Dump(parsed), Is.EqualTo(SdpGenerators.Dump(session)));
        }));

    [Test]
    public void WriteOfParse_GeneratedText_IsByteExact() =>
        Check.One(Config, Prop.ForAll(SdpGenerators.Session().ToArbitrary(), session =>
        {
            var bytes = session.Encode();
            Assert.That(SdpSession.Parse(bytes).Encode(), Is.EqualTo(bytes));
        }));

    [Test]
    public void TryEncode_AnyBufferSize_WritesAllOrNothing() =>
        Check.One(Config, Prop.ForAll(SdpGenerators.Session().ToArbitrary(), Gen.Choose(0, 400).ToArbitrary(), (session, size) =>
        {
            var expected = session.Encode();
            var buffer = new byte[size];
            var ok = session.TryEncode(buffer, out var written);
            Assert.That(ok, Is.EqualTo(size >= expected.Length));
            Assert.That(written, Is.EqualTo(ok ? expected.Length : 0));
            if (ok)
            {
                Assert.That(buffer.AsSpan(0, written).ToArray(), Is.EqualTo(expected));
            }
        }));

    [Test]
    public void Parse_RandomBytes_NeverEscapesParseError() =>
        Check.One(Config, Prop.ForAll(Gen.Choose(0, 300).SelectMany(static n => SdpGenerators.AnyByte.ArrayOf(n)).ToArbitrary(), Exercise));

    [Test]
    public void Parse_SdpLikeLines_NeverEscapesParseError() =>
        Check.One(Config, Prop.ForAll(SdpGenerators.SdpLikeBytes().ToArbitrary(), Exercise));

    [Test]
    public void Parse_MutatedFixtures_NeverEscapesParseError()
    {
        var seeds = Fixtures.All.Select(Fixtures.Bytes).ToArray();
        var gen = Gen.Elements(seeds).SelectMany(SdpGenerators.Mutations);
        Check.One(Config, Prop.ForAll(gen.ToArbitrary(), Exercise));
    }

    /// <summary>
    /// Parses; on success the result must write and re-parse to the same bytes, and every typed accessor may fail only
    /// with <see cref="SdpParseException"/>.
    /// </summary>
    private static void Exercise(byte[] bytes)
    {
        if (!SdpSession.TryParse(bytes, out var session, out var error))
        {
            Assert.That(error.IsError, Is.True);
            Assert.Throws<SdpParseException>(() => SdpSession.Parse(bytes));
            return;
        }

        var written = session.Encode();
        Assert.That(SdpSession.Parse(written).Encode(), Is.EqualTo(written));
        AccessorProbe.ReadEverything(session);
    }
}

/// <summary>Calls every typed accessor, tolerating only <see cref="SdpParseException"/>.</summary>
internal static class AccessorProbe
{
    public static void ReadEverything(SdpSession session)
    {
        Try(() => session.Direction);
        Try(() => session.GetGroups());
        Try(() => session.IceUfrag);
        Try(() => session.IcePwd);
        Try(() => session.IceOptions);
        _ = session.IceLite;
        foreach (var media in session.Media)
        {
            Try(() => session.GetEffectiveDirection(media));
            Try(() => media.GetRtpMaps());
            foreach (var format in media.Formats)
            {
                Try(() => media.GetRtpMap(format));
                Try(() => media.GetFmtp(format)?.GetParameters());
            }

            Try(() => media.PacketTime);
            Try(() => media.MaxPacketTime);
            Try(() => media.Rtcp);
            Try(() => media.Mid);
            Try(() => media.GetSsrcs());
            Try(() => media.GetCryptos());
            Try(() => media.GetCryptoScales());
            Try(() => SdpCryptoProfile.ValidateMicrosoft(media));
            Try(() => media.GetCandidates());
            Try(() => media.GetIce6Candidates());
            Try(() => media.GetRemoteCandidates());
            Try(() => media.IceUfrag);
            Try(() => media.IcePwd);
            Try(() => media.IceOptions);
            _ = media.UsesIce6Candidates;
            _ = media.RtcpMux;
            _ = media.EndOfCandidates;
        }
    }

    private static void Try<T>(Func<T> read)
    {
        try
        {
            _ = read();
        }
        catch (SdpParseException)
        {
            // The only failure a typed accessor may report.
        }
    }
}
