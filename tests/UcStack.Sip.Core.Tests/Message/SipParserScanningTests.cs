using FsCheck;
using FsCheck.Fluent;

namespace UcStack.Sip.Tests.Message;

/// <summary>The parser's scanning helpers against their plain definitions.</summary>
[TestFixture]
public sealed class SipParserScanningTests
{
    private static readonly Config PropertyConfig = Config.QuickThrowOnFailure.WithMaxTest(500);

    private static int NaiveNextStop(byte[] input, int from)
    {
        for (var i = Math.Max(from, 0); i < input.Length; i++)
        {
            if ((input[i] < 0x20 && input[i] != (byte)'\t') || input[i] == 0x7F) return i;
        }

        return -1;
    }

    [Test]
    public void Property_LineStopScanner_FindsWhatAPlainScanFinds()
        => Check.One(PropertyConfig, Prop.ForAll(
            Gen.Elements<byte>(0x00, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x41, 0x7E, 0x7F, 0x80, 0xFF).ArrayOf().ToArbitrary(),
            Gen.Choose(0, 6).ArrayOf().ToArbitrary(),
            (input, steps) =>
            {
                // Positions move forward as the parser's do, by small and block-sized steps.
                var scanner = new LineStopScanner(input);
                var from = 0;
                foreach (var step in steps)
                {
                    Assert.That(scanner.Next(from), Is.EqualTo(NaiveNextStop(input, from)), $"from {from}");
                    from += step * 11;
                }
            }));

    [TestCase(0)]
    [TestCase(31)]
    [TestCase(32)]
    [TestCase(33)]
    [TestCase(95)]
    public void LineStopScanner_StopAtBlockEdges_IsFound(int at)
    {
        var input = new byte[100];
        input.AsSpan().Fill((byte)'a');
        input[at] = (byte)'\r';
        var scanner = new LineStopScanner(input);
        Assert.That(scanner.Next(0), Is.EqualTo(at));
        Assert.That(scanner.Next(at + 1), Is.EqualTo(-1));
    }

    [Test]
    public void Identify_EveryKnownNameInAnyCase_IsFound()
    {
        foreach (var id in Enum.GetValues<KnownHeader>().Where(h => h != KnownHeader.Unknown))
        {
            var name = SipHeaderNames.GetCanonicalName(id);
            Assert.That(SipHeaderNames.Identify(System.Text.Encoding.ASCII.GetBytes(name)), Is.EqualTo(id), name);
            Assert.That(SipHeaderNames.Identify(System.Text.Encoding.ASCII.GetBytes(name.ToUpperInvariant())), Is.EqualTo(id), name);
            Assert.That(SipHeaderNames.Identify(System.Text.Encoding.ASCII.GetBytes(name.ToLowerInvariant())), Is.EqualTo(id), name);
            Assert.That(SipHeaderNames.Identify(name.AsSpan()), Is.EqualTo(id), name);
        }
    }

    [TestCase("v", "Via")]
    [TestCase("I", "CallId")]
    [TestCase("Vias", "Unknown")]
    [TestCase("Vi", "Unknown")]
    [TestCase("Content_Length", "Unknown")]
    [TestCase("Content-Lengtx", "Unknown")]
    [TestCase("Contenu-Length", "Unknown")]
    [TestCase("X-Via", "Unknown")]
    [TestCase("Subscription-Stat", "Unknown")]
    [TestCase("`o", "Unknown")]
    public void Identify_NearMisses_AreExact(string name, string expectedName)
    {
        var expected = Enum.Parse<KnownHeader>(expectedName);
        Assert.That(SipHeaderNames.Identify(System.Text.Encoding.ASCII.GetBytes(name)), Is.EqualTo(expected));
        Assert.That(SipHeaderNames.Identify(name.AsSpan()), Is.EqualTo(expected));
    }

    [Test]
    public void Identify_NonTokenCharacters_AreUnknown()
    {
        Assert.That(SipHeaderNames.Identify("Vi\u00e1".AsSpan()), Is.EqualTo(KnownHeader.Unknown));
        Assert.That(SipHeaderNames.Identify("Content\rLength".AsSpan()), Is.EqualTo(KnownHeader.Unknown));
        Assert.That(SipHeaderNames.Identify(ReadOnlySpan<char>.Empty), Is.EqualTo(KnownHeader.Unknown));
    }

    [Test]
    public void Property_IdentifyOfRandomTokens_MatchesCaseInsensitiveLookup()
    {
        var known = Enum.GetValues<KnownHeader>().Where(h => h != KnownHeader.Unknown)
            .ToDictionary(h => SipHeaderNames.GetCanonicalName(h), h => h, StringComparer.OrdinalIgnoreCase);
        var tokenChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~".ToCharArray();
        Check.One(PropertyConfig.WithMaxTest(2000), Prop.ForAll(
            Gen.Elements(tokenChars).ArrayOf().Where(a => a.Length >= 2).ToArbitrary(), chars =>
            {
                var name = new string(chars);
                var expected = known.TryGetValue(name, out var id) ? id : KnownHeader.Unknown;
                Assert.That(SipHeaderNames.Identify(System.Text.Encoding.ASCII.GetBytes(name)), Is.EqualTo(expected), name);
            }));
    }
}
