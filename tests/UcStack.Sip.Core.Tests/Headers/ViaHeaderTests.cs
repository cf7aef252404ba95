using System.Buffers;
using System.Text;

namespace UcStack.Sip.Tests.Headers;

[TestFixture]
public sealed class ViaHeaderTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    [Test]
    public void Parse_Typical_ExposesEveryPart()
    {
        var via = ViaHeader.Parse("SIP/2.0/UDP pc33.atlanta.com:5066;branch=z9hG4bK776asdhds;received=192.0.2.1;rport=5070;maddr=224.2.0.1;ttl=16");
        Assert.Multiple(() =>
        {
            Assert.That(via.ProtocolName, Is.EqualTo("SIP"));
            Assert.That(via.ProtocolVersion, Is.EqualTo("2.0"));
            Assert.That(via.Protocol, Is.EqualTo("SIP/2.0"));
            Assert.That(via.Transport, Is.EqualTo("UDP"));
            Assert.That(via.Host, Is.EqualTo("pc33.atlanta.com"));
            Assert.That(via.HostKind, Is.EqualTo(SipHostKind.DomainName));
            Assert.That(via.Port, Is.EqualTo(5066));
            Assert.That(via.Branch, Is.EqualTo("z9hG4bK776asdhds"));
            Assert.That(via.Received, Is.EqualTo("192.0.2.1"));
            Assert.That(via.HasRPort, Is.True);
            Assert.That(via.RPort, Is.EqualTo(5070));
            Assert.That(via.MAddr, Is.EqualTo("224.2.0.1"));
            Assert.That(via.Ttl, Is.EqualTo(16));
        });
    }

    [Test]
    public void Parse_ValuelessRPort_HasRPortWithoutValue()
    {
        // RFC 3581 §4: a client asks for the source port with a value-less rport.
        var via = ViaHeader.Parse("SIP/2.0/UDP 192.0.2.1;rport;branch=z9hG4bKx");
        Assert.That(via.HasRPort, Is.True);
        Assert.That(via.RPort, Is.Null);
        Assert.That(via.ToString(), Is.EqualTo("SIP/2.0/UDP 192.0.2.1;rport;branch=z9hG4bKx"));
    }

    [Test]
    public void TryParseList_WsinvFoldedValues_ReadsBoth()
    {
        // RFC 4475 §3.1.1.1 wsinv, the "v:" header value.
        var value = B("SIP  / 2.0  / TCP     spindle.example.com   ;\r\n  branch  =   z9hG4bK9ikj8  ,\r\n SIP  /    2.0   / UDP  192.168.255.111   ; branch=\r\n z9hG4bK30239");
        var list = new List<ViaHeader>();
        Assert.That(ViaHeader.TryParseList(value, list, out var error), Is.True, error.ToString());
        Assert.That(list, Has.Count.EqualTo(2));
        Assert.Multiple(() =>
        {
            Assert.That(list[0].Transport, Is.EqualTo("TCP"));
            Assert.That(list[0].Host, Is.EqualTo("spindle.example.com"));
            Assert.That(list[0].Branch, Is.EqualTo("z9hG4bK9ikj8"));
            Assert.That(list[1].Transport, Is.EqualTo("UDP"));
            Assert.That(list[1].Host, Is.EqualTo("192.168.255.111"));
            Assert.That(list[1].HostKind, Is.EqualTo(SipHostKind.IPv4));
            Assert.That(list[1].Branch, Is.EqualTo("z9hG4bK30239"));
            Assert.That(list[0].ToString(), Is.EqualTo("SIP/2.0/TCP spindle.example.com;branch=z9hG4bK9ikj8"));
        });
    }

    [Test]
    public void TryParse_WsinvFoldedSentProtocol_Accepted()
    {
        // RFC 4475 §3.1.1.1 wsinv, the "Via" header value.
        Assert.That(ViaHeader.TryParse(B("SIP  /   2.0\r\n /UDP\r\n    192.0.2.2;branch=390skdjuw"), out var via, out var error), Is.True, error.ToString());
        Assert.That(via!.ToString(), Is.EqualTo("SIP/2.0/UDP 192.0.2.2;branch=390skdjuw"));
    }

    [TestCase("SIP/2.0/UDP t1.example.com;branch=z9hG4bKkdjuw", "UDP")]
    [TestCase("SIP/2.0/SCTP t2.example.com;branch=z9hG4bKklasjdhf", "SCTP")]
    [TestCase("SIP/2.0/TLS t3.example.com;branch=z9hG4bK2980unddj", "TLS")]
    [TestCase("SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKasd0f3en", "UNKNOWN")]
    [TestCase("SIP/2.0/TCP t5.example.com;branch=z9hG4bK0a9idfnee", "TCP")]
    [TestCase("SIP/2.0/tcp t5.example.com", "tcp")]
    public void Parse_Rfc4475TransportsAndExtensions_KeepsTransportAsSent(string value, string transport)
    {
        // RFC 4475 §3.1.1.10 transports.
        var via = ViaHeader.Parse(value);
        Assert.That(via.Transport, Is.EqualTo(transport));
        Assert.That(via.ToString(), Is.EqualTo(value));
    }

    // RFC 5118 Via values, literals from the .dat files named.
    [TestCase("SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bKas3-111", "[2001:db8::9:1]", null, null)]
    [TestCase("SIP/2.0/UDP [2001:db8::9:1]:6050;branch=z9hG4bKas3-111", "[2001:db8::9:1]", 6050, null)]
    [TestCase("SIP/2.0/UDP [::ffff:192.0.2.10]:19823;branch=z9hG4bKbh19", "[::ffff:192.0.2.10]", 19823, null)]
    [TestCase("SIP/2.0/TCP [2001:db8::9:255];branch=z9hG4bK451jj;received=192.0.2.200", "[2001:db8::9:255]", null, "192.0.2.200")]
    [TestCase("SIP/2.0/UDP [2001:db8::9:1];received=[2001:db8::9:255];branch=z9hG4bKas3-111", "[2001:db8::9:1]", null, "[2001:db8::9:255]")]
    [TestCase("SIP/2.0/UDP [2001:db8::9:1];received=2001:db8::9:255;branch=z9hG4bKas3", "[2001:db8::9:1]", null, "2001:db8::9:255")]
    public void Parse_Rfc5118_IPv6SentByAndReceived(string value, string host, int? port, string? received)
    {
        var via = ViaHeader.Parse(value);
        Assert.Multiple(() =>
        {
            Assert.That(via.Host, Is.EqualTo(host));
            Assert.That(via.HostKind, Is.EqualTo(SipHostKind.IPv6));
            Assert.That(via.Port, Is.EqualTo(port));
            Assert.That(via.Received, Is.EqualTo(received));
            Assert.That(via.ToString(), Is.EqualTo(value));
        });
    }

    [TestCase("SIP/2.0/UDP 192.0.2.15;;,;,,", SipParseErrorCode.InvalidParameter, 23, TestName = "RFC 4475 badinv01")]
    [TestCase("SIP/2.0/UDP host,,SIP/2.0/UDP host2", SipParseErrorCode.EmptyListElement, 17)]
    [TestCase("SIP/2.0/UDP host,", SipParseErrorCode.EmptyListElement, 17)]
    [TestCase(",SIP/2.0/UDP host", SipParseErrorCode.EmptyListElement, 0)]
    [TestCase("", SipParseErrorCode.EmptyListElement, 0)]
    [TestCase("SIP/2.0 host", SipParseErrorCode.InvalidHeaderValue, 8)]
    [TestCase("SIP/2.0/UDPhost", SipParseErrorCode.InvalidHeaderValue, 15)]
    [TestCase("SIP/2.0/UDP ho st", SipParseErrorCode.InvalidHeaderValue, 15)]
    [TestCase("SIP/2.0/UDP host:99999", SipParseErrorCode.InvalidPort, 17)]
    [TestCase("SIP/2.0/UDP host:", SipParseErrorCode.InvalidPort, 17)]
    [TestCase("SIP/2.0/UDP 2001:db8::1", SipParseErrorCode.InvalidHost, 12)]
    [TestCase("SIP/2.0/UDP [2001:db8::1", SipParseErrorCode.InvalidHost, 24)]
    [TestCase("SIP/2.0/UDP host;branch=a:b", SipParseErrorCode.InvalidParameter, 17)]
    [TestCase("SIP/2.0/UDP host;received=example.com", SipParseErrorCode.InvalidParameter, 17)]
    [TestCase("SIP/2.0/UDP host;ttl=256", SipParseErrorCode.InvalidParameter, 17)]
    [TestCase("SIP/2.0/UDP host;rport=70000", SipParseErrorCode.InvalidParameter, 17)]
    [TestCase("SIP/2.0/UDP host;maddr=a_b", SipParseErrorCode.InvalidParameter, 17)]
    [TestCase("SIP/2.0/UDP host;branch=1;BRANCH=2", SipParseErrorCode.DuplicateParameter, 26)]
    [TestCase("SIP/2.0/UDP host;branch=\"x", SipParseErrorCode.UnterminatedQuotedString, 24)]
    public void TryParseList_Invalid_ReportsCodeAndOffset(string value, SipParseErrorCode code, int offset)
    {
        var list = new List<ViaHeader>();
        Assert.That(ViaHeader.TryParseList(B(value), list, out var error), Is.False);
        Assert.That((error.Code, error.Offset), Is.EqualTo((code, offset)), error.ToString());
        Assert.That(list, Is.Empty, "nothing is added when the value is invalid");
    }

    [Test]
    public void TryParse_TwoValues_RejectedAsNotExactlyOne()
    {
        Assert.That(ViaHeader.TryParse(B("SIP/2.0/UDP a, SIP/2.0/UDP b"), out _, out var error), Is.False);
        Assert.That((error.Code, error.Offset), Is.EqualTo((SipParseErrorCode.InvalidHeaderValue, 13)));
    }

    [Test]
    public void Constructor_BuildsCanonicalValue()
    {
        var via = new ViaHeader("udp", "2001:db8::1", 5060, "z9hG4bKabc");
        Assert.That(via.ToString(), Is.EqualTo("SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bKabc"));
        var buffer = new ArrayBufferWriter<byte>();
        via.WriteTo(buffer);
        Assert.That(Encoding.ASCII.GetString(buffer.WrittenSpan), Is.EqualTo(via.ToString()));
        Assert.That(() => new ViaHeader("U DP", "host"), Throws.ArgumentException);
        Assert.That(() => new ViaHeader("UDP", "bad host"), Throws.ArgumentException);
        Assert.That(() => new ViaHeader("UDP", "host", 65536), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void TryParseList_ManyValues_Limited()
    {
        var value = string.Join(",", Enumerable.Repeat("SIP/2.0/UDP h", 129));
        Assert.That(ViaHeader.TryParseList(B(value), new List<ViaHeader>(), out var error), Is.False);
        Assert.That(error.Code, Is.EqualTo(SipParseErrorCode.TooManyListElements));
    }
}
