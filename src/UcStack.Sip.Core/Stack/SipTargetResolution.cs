using System.Globalization;
using System.Net;
using UcStack.Sip.Transport;

namespace UcStack.Sip.Stack;

/// <summary>The default URI → address mapping: IP-literal hosts only (no RFC 3263 DNS lookups here).</summary>
internal static class SipTargetResolution
{
    public static SipTransportTarget Resolve(AddressUri uri)
    {
        if (uri is not SipUri sip) throw new SipTransportException($"Cannot route to a non-SIP URI '{uri}'.");
        var host = sip.Host.Trim('[', ']');
        if (!IPAddress.TryParse(host, out var address))
        {
            throw new SipTransportException(
                $"Cannot route to '{sip.Host}': the default resolver takes IP literals only; set SipEndpointOptions.ResolveTarget.");
        }

        var protocol = sip.IsSecure ? SipTransportProtocol.Tls : SipTransportProtocol.Udp;
        var transport = sip.Parameters["transport"];
        if (transport is not null && !sip.IsSecure)
        {
            protocol = transport.ToUpperInvariant() switch
            {
                "UDP" => SipTransportProtocol.Udp,
                "TCP" => SipTransportProtocol.Tcp,
                "TLS" => SipTransportProtocol.Tls,
                _ => throw new SipTransportException($"Unsupported transport '{transport}' in '{uri}'."),
            };
        }

        // RFC 3263 §4.2: without a port, 5060 for UDP/TCP and 5061 for TLS.
        var port = sip.Port ?? (protocol == SipTransportProtocol.Tls ? 5061 : 5060);
        return new SipTransportTarget(protocol, new IPEndPoint(address, port), protocol == SipTransportProtocol.Tls ? host : null);
    }

    /// <summary>The Via transport token for a protocol.</summary>
    public static string ViaToken(SipTransportProtocol protocol) => protocol switch
    {
        SipTransportProtocol.Tcp => "TCP",
        SipTransportProtocol.Tls => "TLS",
        _ => "UDP",
    };

    /// <summary>Host text for a URI or Via (IPv6 in brackets).</summary>
    public static string HostText(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? string.Concat("[", address.ToString(), "]")
            : address.ToString();

    public static string PortText(int port) => port.ToString(CultureInfo.InvariantCulture);
}
