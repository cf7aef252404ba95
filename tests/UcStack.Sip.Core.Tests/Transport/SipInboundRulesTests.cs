using System.Net;
using FsCheck;
using FsCheck.Fluent;
using UcStack.Sip.Transport;
using static UcStack.Sip.Tests.Transport.TransportTestMessages;

namespace UcStack.Sip.Tests.Transport;

[TestFixture]
public sealed class SipInboundRulesTests
{
    private static readonly SipListenPoint Us = new(SipTransportProtocol.Udp, IPEndPoint.Parse("192.0.2.10:5060"));
    private static readonly SipFlow Flow = new(SipTransportProtocol.Udp, Us.EndPoint, IPEndPoint.Parse("198.51.100.7:5062"), 0);

    /// <summary>CI-sized; run once locally with 100 000 after changing a parser.</summary>
    private const int MaxTest = 2000;

    private static SipInboundRules Rules(params string[] names) => new([Us], names, SipParserLimits.Default);

    private const string Headers = "From: <sip:a@example.com>;tag=1\nTo: <sip:b@example.com>\nCall-ID: c1\nCSeq: 1 OPTIONS\n";

    [Test]
    public void Response_ForOurSentBy_IsDelivered()
    {
        var result = Rules().OnDatagram(Bytes("SIP/2.0 200 OK\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK1\n" + Headers + "Content-Length: 0\n\n"), Flow);
        Assert.That(result.Message, Is.Not.Null);
        result.Message!.Dispose();
    }

    [TestCase("SIP/2.0/UDP 192.0.2.11:5060;branch=z9hG4bK1")]
    [TestCase("SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bK1")]
    [TestCase("SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK1", false)]
    [TestCase("SIP/2.0/TLS 192.0.2.10;branch=z9hG4bK1")]
    [TestCase("SIP/2.0/UDP proxy.example:5060;branch=z9hG4bK1")]
    public void Response_ForAnotherSentBy_IsDropped(string via, bool dropped = true)
    {
        var result = Rules().OnDatagram(Bytes("SIP/2.0 200 OK\nVia: " + via + "\n" + Headers + "Content-Length: 0\n\n"), Flow);
        Assert.That(result.Drop, Is.EqualTo(dropped ? SipInboundDrop.SentByMismatch : SipInboundDrop.None));
        result.Message?.Dispose();
    }

    [Test]
    public void Response_ForAConfiguredHostName_IsDelivered()
    {
        var result = Rules("Edge.Example").OnDatagram(Bytes("SIP/2.0 200 OK\nVia: SIP/2.0/UDP edge.example:5060;branch=z9hG4bK1\n" + Headers + "Content-Length: 0\n\n"), Flow);
        Assert.That(result.Drop, Is.EqualTo(SipInboundDrop.None));
        result.Message!.Dispose();
    }

    [Test]
    public void Request_IsStampedWithTheSource()
    {
        var result = Rules().OnDatagram(Bytes("OPTIONS sip:b@example.com SIP/2.0\nVia: SIP/2.0/UDP 10.1.1.1:5060;rport;branch=z9hG4bK1\n" + Headers + "Content-Length: 0\n\n"), Flow);
        using var message = result.Message!;
        Assert.That(message.Vias[0].Received, Is.EqualTo("198.51.100.7"));
        Assert.That(message.Vias[0].RPort, Is.EqualTo(5062));
    }

    [TestCase("\r\n\r\n")]
    [TestCase("\r\n")]
    public void CrlfDatagram_IsAKeepAlive(string text)
        => Assert.That(Rules().OnDatagram(System.Text.Encoding.ASCII.GetBytes(text), Flow).Drop, Is.EqualTo(SipInboundDrop.KeepAlive));

    [Test]
    public void MalformedRequest_WithRecoverableLines_Gets400WithThoseLines()
    {
        var bad = Bytes("OPTIONS sip:b@example.com SIP/2.0\nVia: SIP/2.0/UDP 10.1.1.1:5060;branch=z9hG4bK1\nX-Bad: \u0001\n" + Headers + "Content-Length: 0\n\n");
        var result = Rules().OnDatagram(bad, Flow);
        Assert.That(result.Drop, Is.EqualTo(SipInboundDrop.Malformed));
        Assert.That(result.Reply, Is.Not.Null);
        using var reply = SipResponse.Parse(result.Reply!);
        Assert.That(reply.StatusCode, Is.EqualTo(400));
        Assert.That(reply.TopViaBranch, Is.EqualTo("z9hG4bK1"));
        Assert.That(reply.CSeqMethod, Is.EqualTo("OPTIONS"));
        Assert.That(reply.Headers.Contains("X-Bad"), Is.False);
    }

    [TestCase("ACK sip:b@example.com SIP/2.0\nVia: SIP/2.0/UDP 10.1.1.1;branch=z9hG4bK1\nFrom: <sip:a@example.com>;tag=1\nTo: <sip:b@example.com>\nCall-ID: c1\nCSeq: 1 ACK\nContent-Length: 9\n\n", Description = "an ACK is never answered")]
    [TestCase("OPTIONS sip:b@example.com SIP/2.0\nFrom: <sip:a@example.com>;tag=1\nTo: <sip:b@example.com>\nCall-ID: c1\nCSeq: 1 OPTIONS\nContent-Length: 9\n\n", Description = "no Via: nowhere to answer")]
    [TestCase("SIP/2.0 200 OK\nVia: SIP/2.0/UDP 10.1.1.1;branch=z9hG4bK1\nFrom: <sip:a@example.com>;tag=1\nTo: <sip:b@example.com>\nCall-ID: c1\nCSeq: 1 OPTIONS\nContent-Length: 9\n\n", Description = "responses are never answered")]
    [TestCase("GARBAGE", Description = "no request line")]
    public void UnanswerableInput_IsDropped(string text)
    {
        var result = Rules().OnDatagram(Bytes(text), Flow);
        Assert.That(result.Message, Is.Null);
        Assert.That(result.Reply, Is.Null);
        Assert.That(result.Drop, Is.EqualTo(SipInboundDrop.Malformed));
    }

    [Test]
    public void RandomBytes_NeverThrow_AndAnyReplyIsA400Or513()
    {
        var rules = Rules();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(MaxTest), Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes => Holds(rules, bytes)));
    }

    [Test]
    public void MutatedRequests_NeverThrow_AndAnyReplyIsA400Or513()
    {
        var rules = Rules();
        var seed = Bytes("OPTIONS sip:b@example.com SIP/2.0\nVia: SIP/2.0/UDP 10.1.1.1:5060;rport;branch=z9hG4bK1\n" + Headers + "Content-Length: 0\n\n");
        var mutations = Gen.Choose(0, seed.Length - 1).Two().Select(t => t).ArrayOf();
        var arb = Gen.Zip(mutations, Gen.Choose(0, 255).ArrayOf()).Select(p =>
        {
            var copy = (byte[])seed.Clone();
            for (var i = 0; i < p.Item1.Length; i++) copy[p.Item1[i].Item1] = p.Item2.Length > 0 ? (byte)p.Item2[i % p.Item2.Length] : copy[p.Item1[i].Item2];
            return copy;
        }).ToArbitrary();
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(MaxTest), Prop.ForAll(arb, bytes => Holds(rules, bytes)));
    }

    // Found by the mutation property: a header line whose name trims to nothing reached SipHeaderNames.Identify.
    [TestCase("T1BUSU9OUyBzaXA6YkBleGFtcGxlLmNvbSBTSVAvMi4wDQpWaWE6IFNJUC8yLjAvVURQIDEwLjEuMS4xOjUwNjA7cnBvcnQ7YnJhbmNoPXo5aEc0YksxDQpGcm9tOiA8c2lwOmFAZXhhbXBsZS5jb20+O3RhZz0xDQoNOjogPHNpcDpiQGV4YW1wbGUuY29tPg0KQ2FsbC1JRDogYzENCkMKZXE6IDEgT1BUSU9OUw0KQ29udGVudC1MZW5ndGg6IDANCg0K")]
    public void Regression_MutatedInput_DoesNotThrow(string base64)
        => Assert.That(Holds(Rules(), Convert.FromBase64String(base64)), Is.True);

    private static bool Holds(SipInboundRules rules, byte[] bytes)
    {
        var result = rules.OnDatagram(bytes, Flow);
        result.Message?.Dispose();
        if (result.Reply is null) return true;
        using var reply = SipResponse.Parse(result.Reply);
        // 513 when the input is over the size limits (RFC 3261 §21.5.14), else 400.
        return reply.StatusCode is 400 or 513 && result.Reply.Length <= bytes.Length + 64;
    }
}
