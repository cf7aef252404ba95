using System.Net;
using UcStack.Sip.Transport;
using static UcStack.Sip.Tests.Transport.TransportTestMessages;

namespace UcStack.Sip.Tests.Transport;

[TestFixture]
public sealed class SipResponseRoutingTests
{
    private static SipResponse Response(string via) => SipResponse.Parse(Bytes(
        "SIP/2.0 200 OK\nVia: " + via + "\nFrom: <sip:a@example.com>;tag=1\nTo: <sip:b@example.com>;tag=2\nCall-ID: c1\nCSeq: 1 INVITE\nContent-Length: 0\n\n"));

    [TestCase("SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bK1", SipTransportProtocol.Udp, "192.0.2.1:5070")]
    [TestCase("SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1", SipTransportProtocol.Udp, "192.0.2.1:5060")]
    [TestCase("SIP/2.0/TLS 192.0.2.1;branch=z9hG4bK1", SipTransportProtocol.Tls, "192.0.2.1:5061")]
    [TestCase("SIP/2.0/UDP host.example:5070;received=198.51.100.7;branch=z9hG4bK1", SipTransportProtocol.Udp, "198.51.100.7:5070")]
    [TestCase("SIP/2.0/UDP 192.0.2.1:5070;received=198.51.100.7;rport=40000;branch=z9hG4bK1", SipTransportProtocol.Udp, "198.51.100.7:40000")]
    [TestCase("SIP/2.0/UDP 192.0.2.1:5070;maddr=239.1.1.1;received=198.51.100.7;branch=z9hG4bK1", SipTransportProtocol.Udp, "239.1.1.1:5070")]
    [TestCase("SIP/2.0/TCP 192.0.2.1:5070;maddr=239.1.1.1;received=198.51.100.7;branch=z9hG4bK1", SipTransportProtocol.Tcp, "198.51.100.7:5070")]
    [TestCase("SIP/2.0/UDP [2001:db8::1]:5070;branch=z9hG4bK1", SipTransportProtocol.Udp, "[2001:db8::1]:5070")]
    public void TryResolve_FollowsRfc3261Section18_2_2(string via, SipTransportProtocol protocol, string expected)
    {
        using var response = Response(via);
        Assert.That(SipResponseRouting.TryResolve(response, protocol, out var target, out var reason), Is.True, reason);
        Assert.That(target, Is.EqualTo(IPEndPoint.Parse(expected)));
    }

    [TestCase("SIP/2.0/UDP host.example:5070;branch=z9hG4bK1")]
    [TestCase("SIP/2.0/UDP 192.0.2.1:5070;maddr=mcast.example;branch=z9hG4bK1")]
    public void TryResolve_HostNameNeedingDns_Fails(string via)
    {
        using var response = Response(via);
        Assert.That(SipResponseRouting.TryResolve(response, SipTransportProtocol.Udp, out _, out var reason), Is.False);
        Assert.That(reason, Does.Contain("RFC 3263"));
    }
}
