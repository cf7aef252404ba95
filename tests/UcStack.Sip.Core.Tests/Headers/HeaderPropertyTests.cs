using System.Text;
using FsCheck;
using FsCheck.Fluent;
using UcStack.Sip.Tests.Uris;

namespace UcStack.Sip.Tests.Headers;

[TestFixture]
public sealed class HeaderPropertyTests
{
    private static readonly Config Many = Config.QuickThrowOnFailure.WithMaxTest(500);

    [Test]
    public void Via_ToStringThenParse_GivesSameValue()
    {
        Check.One(Many, Prop.ForAll(GrammarGenerators.Via.ToArbitrary(), via =>
        {
            var text = via.ToString();
            var ok = ViaHeader.TryParse(Encoding.UTF8.GetBytes(text), out var back, out var error);
            return ok && back!.ToString() == text && back.Host == via.Host && back.Port == via.Port && back.Branch == via.Branch
                && back.Transport == via.Transport && back.RPort == via.RPort && back.HasRPort == via.HasRPort
                ? true
                : throw new AssertionException($"{text}: {error}");
        }));
    }

    [Test]
    public void NameAddress_ToStringThenParse_GivesSameValue()
    {
        Check.One(Many, Prop.ForAll(GrammarGenerators.NameAddress.ToArbitrary(), h =>
        {
            var text = h.ToString();
            var ok = NameAddressHeader.TryParse(Encoding.UTF8.GetBytes(text), out var back, out var error);
            return ok && back!.ToString() == text && back.DisplayName == h.DisplayName && back.Uri!.Equals(h.Uri)
                && back.Tag == h.Tag && back.Q == h.Q && back.Expires == h.Expires
                ? true
                : throw new AssertionException($"{text}: {error}");
        }));
    }

    [Test]
    public void NameAddressList_JoinedValues_ParseBackInOrder()
    {
        var lists = Gen.Choose(1, 4).SelectMany(n => Gen.ListOf(GrammarGenerators.NameAddress, n)).ToArbitrary();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(lists, items =>
        {
            var text = string.Join(",\r\n ", items.Select(i => i.ToString()));
            var back = new List<NameAddressHeader>();
            return NameAddressHeader.TryParseList(Encoding.UTF8.GetBytes(text), back, out var error)
                && back.Select(b => b.ToString()).SequenceEqual(items.Select(i => i.ToString()))
                ? true
                : throw new AssertionException($"{text}: {error}");
        }));
    }

    [Test]
    public void AllHeaderParsers_RandomBytes_NeverThrow()
    {
        var alphabet = Encoding.ASCII.GetBytes("SIP/2.0UDP sip:a@b;tag=\"\\<>,*:[]?=%0 \t\r\n").Concat(new byte[] { 0, 0x80, 0xC3, 0xFF }).ToArray();
        var bytes = Gen.OneOf(
            Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)),
            Gen.ArrayOf(Gen.Elements(alphabet))).ToArbitrary();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000), Prop.ForAll(bytes, RunEveryParser));
    }

    [Test]
    public void AllHeaderParsers_MutatedValidValues_NeverThrow()
    {
        var seeds = new[]
        {
            "SIP  / 2.0  / TCP     spindle.example.com   ;\r\n  branch  =   z9hG4bK9ikj8  ,\r\n SIP  /    2.0   / UDP  192.168.255.111   ; branch=\r\n z9hG4bK30239",
            "\"J Rosenberg \\\\\\\"\"       <sip:jdrosen@example.com>\r\n  ;\r\n  tag = 98asjd8",
            "token1~` token2'+_ token3*%!.- <sip:mundane@example.com>;fromParam''~+*_!.-%=\"x\";tag=_token~1'+`*%!-.",
            "Digest username=\"bob\", realm=\"biloxi.com\", qop=auth, nc=00000001",
            "multipart/mixed;boundary=\"b1\"",
            "0009\r\n  INVITE",
            "120 (comment (nested)) ;duration=60",
            "307 isi.edu \"text\", 301 [2001:db8::1]:5060 \"x\"",
            "Sat, 13 Nov 2010 23:29:00 GMT",
            "<sip:a@[2001:db8::1]:5060;lr>;q=0.5;expires=60, *",
        };
        var mutated =
            from seed in Gen.Elements(seeds)
            from pos in Gen.Choose(0, 300)
            from kind in Gen.Choose(0, 2)
            from b in Gen.Elements((byte)' ', (byte)'"', (byte)'\\', (byte)'<', (byte)'>', (byte)',', (byte)';', (byte)'=', (byte)'\r', (byte)'\n', (byte)0, (byte)0xC3, (byte)'(', (byte)')', (byte)'9')
            select UriPropertyTests.Mutate(Encoding.UTF8.GetBytes(seed), pos, kind, b);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(5000), Prop.ForAll(mutated.ToArbitrary(), RunEveryParser));
    }

    [Test]
    public void AllHeaderParsers_EveryPrefixAndSingleDeletion_NeverThrow()
    {
        var seeds = new[]
        {
            "SIP/2.0/UDP [2001:db8::9:1]:5060;received=2001:db8::9:255;branch=z9hG4bKas3;rport, SIP/2.0/TCP h",
            "\"Quoted \\\" x\" <sip:u:p@[::1]:5;lr?h=v>;tag=a;q=0.5;expires=60, sip:b@c;x=\"y\"",
            "Digest realm=\"r\", nonce=\"n\", qop=\"auth,auth-int\", stale=true",
            "120 (a (b) \\) c) ;duration=5",
            "399 [2001:db8::1]:5060 \"t\", 307 h \"u\"",
            "Sat, 13 Nov 2010 23:29:00 GMT",
        };
        var runs = 0;
        foreach (var seed in seeds)
        {
            var bytes = Encoding.UTF8.GetBytes(seed);
            for (var n = 0; n <= bytes.Length; n++)
            {
                Assert.That(RunEveryParser(bytes[..n]), Is.True, $"prefix {n} of {seed}");
                byte[] deleted = [.. bytes[..n], .. bytes[Math.Min(n + 1, bytes.Length)..]];
                Assert.That(RunEveryParser(deleted), Is.True, $"deletion at {n} of {seed}");
                runs += 2;
            }
        }

        Assert.That(runs, Is.GreaterThan(400));
    }

    private static bool RunEveryParser(byte[] input)
    {
        var ok = true;
        ok &= Consistent(ViaHeader.TryParseList(input, new List<ViaHeader>(), out var e1), e1, input);
        ok &= Consistent(ViaHeader.TryParse(input, out _, out var e2), e2, input);
        ok &= Consistent(NameAddressHeader.TryParseList(input, new List<NameAddressHeader>(), out var e3), e3, input);
        if (NameAddressHeader.TryParse(input, out var na, out var e4))
        {
            // Whatever parses must write a value that parses again.
            ok &= NameAddressHeader.TryParse(Encoding.UTF8.GetBytes(na.ToString()), out _, out _);
        }
        else
        {
            ok &= Consistent(false, e4, input);
        }

        ok &= Consistent(CSeqHeader.TryParse(input, out _, out var e5), e5, input);
        ok &= Consistent(ContentTypeHeader.TryParse(input, out _, out var e6), e6, input);
        ok &= Consistent(AuthenticationHeader.TryParse(input, out _, out var e7), e7, input);
        ok &= Consistent(SipHeaderValues.TryParseOptionTags(input, new List<string>(), out var e8), e8, input);
        ok &= Consistent(SipHeaderValues.TryParseMaxForwards(input, out _, out var e9), e9, input);
        ok &= Consistent(SipHeaderValues.TryParseDeltaSeconds(input, out _, out var e10), e10, input);
        ok &= Consistent(SipHeaderValues.TryParseContentLength(input, out _, out var e11), e11, input);
        ok &= Consistent(SipHeaderValues.TryParseCallId(input, out var e12), e12, input);
        ok &= Consistent(SipHeaderValues.TryParseRetryAfter(input, out _, out var e13), e13, input);
        ok &= Consistent(SipHeaderValues.TryParseWarning(input, new List<SipWarning>(), out var e14), e14, input);
        ok &= Consistent(SipHeaderValues.TryParseDate(input, out _, out var e15), e15, input);
        return ok;
    }

    private static bool Consistent(bool ok, SipParseError error, byte[] input) =>
        ok ? !error.IsError : error.IsError && error.Offset >= 0 && error.Offset <= input.Length;
}
