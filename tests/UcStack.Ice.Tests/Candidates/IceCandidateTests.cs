using System.Net;
using FsCheck;
using FsCheck.Fluent;
using UcStack.Ice;

namespace UcStack.Ice.Tests.Candidates;

[TestFixture]
public sealed class IceCandidateTests
{
    // CI size; run once locally with 100_000 after changing the parser (the working agreement).
    private static readonly Config Checks = Config.QuickThrowOnFailure.WithMaxTest(300);

    [Test]
    public void Parse_Rfc8839HostCandidate_ReadsEveryField()
    {
        var candidate = IceCandidate.Parse("candidate:1 1 UDP 2130706431 192.0.2.10 50000 typ host");

        Assert.Multiple(() =>
        {
            Assert.That(candidate.Foundation, Is.EqualTo("1"));
            Assert.That(candidate.Component, Is.EqualTo(1));
            Assert.That(candidate.Transport, Is.EqualTo(IceTransportProtocol.Udp));
            Assert.That(candidate.Priority, Is.EqualTo(2130706431u));
            Assert.That(candidate.EndPoint, Is.EqualTo(new IPEndPoint(IPAddress.Parse("192.0.2.10"), 50000)));
            Assert.That(candidate.Type, Is.EqualTo(IceCandidateType.Host));
            Assert.That(candidate.RelatedEndPoint, Is.Null);
            Assert.That(candidate.TcpType, Is.EqualTo(IceTcpType.None));
        });
    }

    [Test]
    public void Parse_SrflxWithRelatedAddressAndExtension_KeepsExtension()
    {
        var candidate = IceCandidate.Parse("a=candidate:abc+/ 2 udp 1694498815 2001:db8::5 61000 typ srflx raddr 10.0.0.2 rport 5000 generation 0");

        Assert.Multiple(() =>
        {
            Assert.That(candidate.Type, Is.EqualTo(IceCandidateType.ServerReflexive));
            Assert.That(candidate.EndPoint.Address, Is.EqualTo(IPAddress.Parse("2001:db8::5")));
            Assert.That(candidate.RelatedEndPoint, Is.EqualTo(new IPEndPoint(IPAddress.Parse("10.0.0.2"), 5000)));
            Assert.That(candidate.Extensions, Is.EqualTo(new[] { new IceCandidateExtension("generation", "0") }));
            Assert.That(candidate.ToString(), Is.EqualTo("candidate:abc+/ 2 UDP 1694498815 2001:db8::5 61000 typ srflx raddr 10.0.0.2 rport 5000 generation 0"));
        });
    }

    [Test]
    public void Parse_Rfc6544TcpPassive_ReadsTcpType()
    {
        var candidate = IceCandidate.Parse("candidate:2 1 TCP 2105458943 192.0.2.10 9 typ host tcptype active");

        Assert.That(candidate.TcpType, Is.EqualTo(IceTcpType.Active));
        Assert.That(candidate.Transport, Is.EqualTo(IceTransportProtocol.Tcp));
    }

    [TestCase("TCP-PASS", IceTcpType.Passive)]
    [TestCase("TCP-ACT", IceTcpType.Active)]
    public void Parse_MsIce2TcpToken_MapsToTcpType(string token, IceTcpType expected)
    {
        var candidate = IceCandidate.Parse($"candidate:3 1 {token} 1684798975 192.0.2.10 50020 typ host");

        Assert.That(candidate.TcpType, Is.EqualTo(expected));
        Assert.That(candidate.ToAttributeValue(IceCandidateFormat.MsIce2), Is.EqualTo($"candidate:3 1 {token} 1684798975 192.0.2.10 50020 typ host"));
        Assert.That(candidate.ToAttributeValue(), Does.Contain(" TCP ").And.Contain("tcptype"));
    }

    [TestCase("", IceCandidateParseErrorCode.MissingField, 0)]
    [TestCase("candidate:1 1 UDP", IceCandidateParseErrorCode.MissingField, 17)]
    [TestCase("candidate:1-2 1 UDP 1 192.0.2.1 1 typ host", IceCandidateParseErrorCode.InvalidFoundation, 10)]
    [TestCase("candidate:1 0 UDP 1 192.0.2.1 1 typ host", IceCandidateParseErrorCode.InvalidComponent, 12)]
    [TestCase("candidate:1 257 UDP 1 192.0.2.1 1 typ host", IceCandidateParseErrorCode.InvalidComponent, 12)]
    [TestCase("candidate:1 1 SCTP 1 192.0.2.1 1 typ host", IceCandidateParseErrorCode.UnsupportedTransport, 14)]
    [TestCase("candidate:1 1 UDP 0 192.0.2.1 1 typ host", IceCandidateParseErrorCode.InvalidPriority, 18)]
    [TestCase("candidate:1 1 UDP 2147483648 192.0.2.1 1 typ host", IceCandidateParseErrorCode.InvalidPriority, 18)]
    [TestCase("candidate:1 1 UDP 1 host.example 1 typ host", IceCandidateParseErrorCode.InvalidAddress, 20)]
    [TestCase("candidate:1 1 UDP 1 1 1 typ host", IceCandidateParseErrorCode.InvalidAddress, 20)]
    [TestCase("candidate:1 1 UDP 1 192.0.2.1 65536 typ host", IceCandidateParseErrorCode.InvalidPort, 30)]
    [TestCase("candidate:1 1 UDP 1 192.0.2.1 1 type host", IceCandidateParseErrorCode.InvalidType, 32)]
    [TestCase("candidate:1 1 UDP 1 192.0.2.1 1 typ nat", IceCandidateParseErrorCode.InvalidType, 36)]
    [TestCase("candidate:1 1 UDP 1 192.0.2.1 1 typ srflx raddr 10.0.0.1", IceCandidateParseErrorCode.InvalidRelatedAddress, 42)]
    [TestCase("candidate:1 1 UDP 1 192.0.2.1 1 typ host tcptype active", IceCandidateParseErrorCode.InvalidTcpType, 49)]
    [TestCase("candidate:1 1 TCP 1 192.0.2.1 1 typ host", IceCandidateParseErrorCode.InvalidTcpType, 14)]
    [TestCase("candidate:1 1 UDP 1 192.0.2.1 1 typ host generation", IceCandidateParseErrorCode.InvalidExtension, 41)]
    public void TryParse_Malformed_ReportsCodeAndOffset(string text, IceCandidateParseErrorCode code, int offset)
    {
        var ok = IceCandidate.TryParse(text, out var candidate, out var error);

        Assert.That(ok, Is.False);
        Assert.That(candidate, Is.Null);
        Assert.That(error, Is.EqualTo(new IceCandidateParseError(code, offset)));
    }

    [Test]
    public void TryParse_TooLong_IsRejectedBeforeParsing()
    {
        var text = "candidate:1 1 UDP 1 192.0.2.1 1 typ host " + string.Concat(Enumerable.Repeat("x y ", 300));

        Assert.That(IceCandidate.TryParse(text, out _, out var error), Is.False);
        Assert.That(error.Code, Is.EqualTo(IceCandidateParseErrorCode.TooLong));
    }

    [Test]
    public void Constructor_TcpWithoutTcpType_Throws()
    {
        Assert.That(
            () => new IceCandidate("1", 1, IceTransportProtocol.Tcp, 1, new IPEndPoint(IPAddress.Loopback, 1), IceCandidateType.Host),
            Throws.ArgumentException);
    }

    [Test]
    public void Equals_SameFields_AreEqual()
    {
        var a = IceCandidate.Parse("candidate:1 1 UDP 5 192.0.2.1 7 typ host x y");
        var b = IceCandidate.Parse("candidate:1 1 UDP 5 192.0.2.1 7 typ host x y");
        var c = IceCandidate.Parse("candidate:1 1 UDP 5 192.0.2.1 7 typ host x z");

        Assert.That(a, Is.EqualTo(b));
        Assert.That(a.GetHashCode(), Is.EqualTo(b.GetHashCode()));
        Assert.That(a, Is.Not.EqualTo(c));
    }

    [Test]
    public void Property_ParseOfToAttributeValue_RoundTrips()
    {
        Prop.ForAll(CandidateGenerators.Candidates().ToArbitrary(), candidate =>
        {
            var rfc = IceCandidate.Parse(candidate.ToAttributeValue());
            var ms = IceCandidate.Parse(candidate.ToAttributeValue(IceCandidateFormat.MsIce2));
            return rfc.Equals(candidate) && ms.Equals(candidate);
        }).Check(Checks);
    }

    [Test]
    public void Property_RandomText_NeverThrows()
    {
        var alphabet = "candidte:0123456789 .:UDPTCPtypyhostsrflxrelayraddrportcptypeactivepassive-+/aA%\t".ToCharArray();
        var texts = Gen.ArrayOf(Gen.Elements(alphabet)).Select(chars => new string(chars));
        Prop.ForAll(texts.ToArbitrary(), text =>
        {
            return IceCandidate.TryParse(text, out var parsed, out var error)
                ? parsed is not null
                : error.Code != IceCandidateParseErrorCode.None;
        }).Check(Checks);
    }

    [Test]
    public void Property_MutatedValidText_NeverThrows()
    {
        var mutated = from candidate in CandidateGenerators.Candidates()
                      from position in Gen.Choose(0, 200)
                      from replacement in Gen.Elements(' ', '0', 'x', ':', '.', '-', '\u00e9', '9')
                      let text = candidate.ToAttributeValue()
                      select text.Remove(position % text.Length, 1).Insert(position % text.Length, replacement.ToString());
        Prop.ForAll(mutated.ToArbitrary(), text =>
        {
            if (IceCandidate.TryParse(text, out var parsed, out _))
            {
                // Whatever parses must write back to something that parses to the same candidate.
                return IceCandidate.Parse(parsed.ToAttributeValue()).Equals(parsed);
            }

            return true;
        }).Check(Checks);
    }
}
