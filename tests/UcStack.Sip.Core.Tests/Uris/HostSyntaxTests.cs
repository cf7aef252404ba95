using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace UcStack.Sip.Tests.Uris;

[TestFixture]
public sealed class HostSyntaxTests
{
    [Test]
    public void TryParseIPv6_AgreesWithIPAddress_OnRandomAddresses()
    {
        var addresses = Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), 16)
            .SelectMany(bytes => Gen.Elements(0, 1, 2, 3).Select(shape => Shape(bytes, shape)))
            .ToArbitrary();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), Prop.ForAll(addresses, bytes =>
        {
            var text = new IPAddress(bytes).ToString();
            Span<byte> parsed = stackalloc byte[16];
            return HostSyntax.TryParseIPv6(Encoding.ASCII.GetBytes(text), parsed, out _) && parsed.SequenceEqual(bytes)
                ? true
                : throw new AssertionException(text);
        }));
    }

    [Test]
    public void TryParseIPv6_FullFormWithUpperCaseAndLeadingZeros()
    {
        Span<byte> a = stackalloc byte[16];
        Assert.That(HostSyntax.TryParseIPv6("2001:0DB8:0000:0000:0000:0000:0000:0001"u8, a, out _), Is.True);
        Assert.That(a.ToArray(), Is.EqualTo(IPAddress.Parse("2001:db8::1").GetAddressBytes()));
    }

    [Test]
    public void TryParseIPv4_AgreesWithIPAddress_OnDottedQuads()
    {
        var quads = Gen.ArrayOf(Gen.Choose(0, 300), 4).ToArbitrary();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), Prop.ForAll(quads, parts =>
        {
            var text = string.Join(".", parts);
            Span<byte> a = stackalloc byte[4];
            var ours = HostSyntax.TryParseIPv4(Encoding.ASCII.GetBytes(text), a, out _);
            var valid = parts.All(p => p <= 255);
            return ours == valid && (!valid || a.SequenceEqual(IPAddress.Parse(text).GetAddressBytes()));
        }));
    }

    [TestCase("example.com", SipHostKind.DomainName)]
    [TestCase("a", SipHostKind.DomainName)]
    [TestCase("a-b.c-d.example.", SipHostKind.DomainName)]
    [TestCase("1and1.com", SipHostKind.DomainName)]
    [TestCase("192.0.2.1", SipHostKind.IPv4)]
    [TestCase("[::1]", SipHostKind.IPv6)]
    [TestCase("[::]", SipHostKind.IPv6)]
    [TestCase("[::ffff:192.0.2.1]", SipHostKind.IPv6)]
    public void TryClassify_Valid(string host, SipHostKind kind)
    {
        Assert.That(HostSyntax.TryClassify(Encoding.ASCII.GetBytes(host), out var k, out _), Is.True);
        Assert.That(k, Is.EqualTo(kind));
    }

    [TestCase("", 0)]
    [TestCase(".", 0)]
    [TestCase("a..b", 2)]
    [TestCase("-a.com", 0)]
    [TestCase("a-.com", 1)]
    [TestCase("example.1com", 8)]
    [TestCase("exa_mple.com", 3)]
    [TestCase("1.2.3", 5)]
    [TestCase("1.2.3.4.5", 7)]
    [TestCase("1.2.3.1000", 6)]
    [TestCase("01.2.3.4444", 7)]
    [TestCase("[::1", 4)]
    [TestCase("[1::2::3]", 6)]
    public void TryClassify_Invalid_ReportsOffset(string host, int offset)
    {
        Assert.That(HostSyntax.TryClassify(Encoding.ASCII.GetBytes(host), out _, out var bad), Is.False);
        Assert.That(bad, Is.EqualTo(offset));
    }

    [Test]
    public void TryClassify_OverlongHostName_Rejected()
    {
        var host = string.Join(".", Enumerable.Repeat("abcdefghij", 24)) + ".com";
        Assert.That(HostSyntax.TryClassify(Encoding.ASCII.GetBytes(host), out _, out _), Is.False);
    }

    private static byte[] Shape(byte[] bytes, int shape)
    {
        var b = (byte[])bytes.Clone();
        switch (shape)
        {
            case 1:
                // A run of zero groups, so the text form uses "::".
                Array.Clear(b, 4, 6);
                break;
            case 2:
                // IPv4-mapped: ::ffff:a.b.c.d.
                Array.Clear(b, 0, 10);
                b[10] = 0xFF;
                b[11] = 0xFF;
                break;
            case 3:
                Array.Clear(b, 0, 16);
                b[15] = bytes[0];
                break;
        }

        return b;
    }
}
