using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace UcStack.Sip.Tests.Uris;

[TestFixture]
public sealed class UriPropertyTests
{
    private static readonly Config Many = Config.QuickThrowOnFailure.WithMaxTest(500);

    [Test]
    public void SipUri_ToStringThenParse_GivesEqualUriAndSameText()
    {
        Check.One(Many, Prop.ForAll(GrammarGenerators.SipUri.ToArbitrary(), uri =>
        {
            var text = uri.ToString();
            var ok = AddressUri.TryParse(Encoding.ASCII.GetBytes(text), out var back, out var error);
            return ok && back!.Equals(uri) && uri.Equals(back) && back.GetHashCode() == uri.GetHashCode() && back.ToString() == text
                ? true
                : throw new AssertionException($"{text}: {error}");
        }));
    }

    [Test]
    public void SipUri_UserRoundTripsThroughEscaping()
    {
        Check.One(Many, Prop.ForAll(GrammarGenerators.FreeText.ToArbitrary(), user =>
        {
            var uri = new SipUri("example.com", user: user);
            return SipUri.Parse(uri.ToString()).User == user;
        }));
    }

    [Test]
    public void TelAndAbsoluteUris_ToStringThenParse_GiveEqualUri()
    {
        var digits = GrammarGenerators.StringOf("0123456789-.()", 1, 12).Where(d => d.Any(char.IsAsciiDigit));
        var tel =
            from global in Gen.Elements(true, false)
            from number in digits
            from ext in Gen.OneOf(Gen.Constant<string?>(null), GrammarGenerators.StringOf("0123456789", 1, 4).Select(e => (string?)e))
            from context in Gen.OneOf(GrammarGenerators.DomainName, digits.Select(d => "+" + d))
            select (AddressUri)BuildTel(global, number, ext, context);
        var absolute =
            from scheme in Gen.Elements("http", "urn", "im", "pres", "x-y.z+w")
            from value in GrammarGenerators.StringOf("abcXYZ019-_.!~*'();/?:@&=+$,[]", 1, 20)
            select (AddressUri)new AbsoluteUri(scheme, value);
        Check.One(Many, Prop.ForAll(Gen.OneOf(tel, absolute).ToArbitrary(), uri =>
        {
            var text = uri.ToString();
            return AddressUri.TryParse(Encoding.ASCII.GetBytes(text), out var back, out var error) && back.Equals(uri) && back.ToString() == text
                && back.GetHashCode() == uri.GetHashCode()
                ? true
                : throw new AssertionException($"{text}: {error}");
        }));
    }

    private static TelUri BuildTel(bool global, string number, string? ext, string context)
    {
        var tel = global ? new TelUri("+" + number) : new TelUri(number, context);
        if (ext is not null) tel.Parameters.Set("ext", ext);
        return tel;
    }

    [Test]
    public void AddressUri_RandomBytes_NeverThrow()
    {
        var bytes = Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)).ToArbitrary();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000), Prop.ForAll(bytes, input =>
        {
            var ok = AddressUri.TryParse(input, out var uri, out var error);
            return ok ? uri is not null && !error.IsError : uri is null && error.IsError && error.Offset >= 0 && error.Offset <= input.Length;
        }));
    }

    [Test]
    public void AddressUri_MutatedValidUris_NeverThrowAndStayStable()
    {
        var seeds = new[]
        {
            "sip:alice:pw@atlanta.com:5060;transport=tcp;lr?subject=x%20y&h=",
            "sips:[2001:db8::192.0.2.1]:5061;maddr=[::1];ttl=3",
            "sip:user;par=u%40example.net@example.com",
            "tel:+1-201-555-0123;ext=12;phone-context=+1",
            "tel:7042;phone-context=example.com;isub=%20",
            "soap.beep://192.0.2.103:3002",
        };
        var mutated =
            from seed in Gen.Elements(seeds)
            from pos in Gen.Choose(0, 200)
            from kind in Gen.Choose(0, 2)
            from b in Gen.Elements((byte)' ', (byte)'%', (byte)':', (byte)'@', (byte)';', (byte)'?', (byte)'[', (byte)']', (byte)'=', (byte)'&', (byte)0, (byte)0xFF, (byte)'a', (byte)'1')
            select Mutate(Encoding.ASCII.GetBytes(seed), pos, kind, b);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3000), Prop.ForAll(mutated.ToArbitrary(), input =>
        {
            if (!AddressUri.TryParse(input, out var uri, out _)) return true;

            // Whatever parses must serialize to something that parses back to an equal URI.
            return AddressUri.TryParse(Encoding.ASCII.GetBytes(uri.ToString()), out var again, out _) && again.Equals(uri);
        }));
    }

    internal static byte[] Mutate(byte[] seed, int pos, int kind, byte b)
    {
        var list = seed.ToList();
        var at = pos % (list.Count + 1);
        switch (kind)
        {
            case 0:
                list.Insert(at, b);
                break;
            case 1 when at < list.Count:
                list[at] = b;
                break;
            default:
                if (at < list.Count) list.RemoveAt(at);
                break;
        }

        return [.. list];
    }
}
