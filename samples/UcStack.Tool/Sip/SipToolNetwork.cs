using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using UcStack.Sip.Transport;
using UcStack.Tls;

namespace UcStack.Tool.Sip;

/// <summary>Transport set-up shared by the <c>sip</c> network commands: option parsing, listen points, TLS.</summary>
internal static class SipToolNetwork
{
    /// <summary>The names the development certificate covers (it also certifies 127.0.0.1 and ::1).</summary>
    internal static readonly string[] DevelopmentNames = ["localhost"];

    /// <summary>Parses <c>udp</c>, <c>tcp</c> or <c>tls</c> (any case).</summary>
    internal static bool TryParseTransport(string? text, out SipTransportProtocol protocol)
    {
        switch (text?.ToUpperInvariant())
        {
            case null or "UDP":
                protocol = SipTransportProtocol.Udp;
                return true;
            case "TCP":
                protocol = SipTransportProtocol.Tcp;
                return true;
            case "TLS":
                protocol = SipTransportProtocol.Tls;
                return true;
            default:
                protocol = default;
                return false;
        }
    }

    /// <summary>The lower-case name of a protocol as the options and SIP URIs spell it.</summary>
    internal static string Name(SipTransportProtocol protocol) => protocol switch
    {
        SipTransportProtocol.Tcp => "tcp",
        SipTransportProtocol.Tls => "tls",
        _ => "udp",
    };

    /// <summary>
    /// Makes a request URI carry the chosen transport: <c>sips:</c> for TLS (RFC 3261 §19.1), <c>;transport=tcp</c>
    /// for TCP, unchanged for UDP or when the URI already names a transport.
    /// </summary>
    internal static string WithTransport(string uri, SipTransportProtocol protocol)
    {
        if (uri.Contains(";transport=", StringComparison.OrdinalIgnoreCase)) return uri;
        return protocol switch
        {
            SipTransportProtocol.Tls when uri.StartsWith("sip:", StringComparison.OrdinalIgnoreCase) => "sips:" + uri[4..],
            SipTransportProtocol.Tcp => uri + ";transport=tcp",
            _ => uri,
        };
    }

    /// <summary>
    /// The local address a client should put in Via and Contact to reach <paramref name="remote"/>: the address
    /// the routing table picks (a connected UDP socket sends nothing, it only selects the route).
    /// </summary>
    internal static IPAddress LocalAddressFor(IPAddress remote)
    {
        if (IPAddress.IsLoopback(remote)) return remote;
        using var probe = new Socket(remote.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        probe.Connect(new IPEndPoint(remote, 9));
        return ((IPEndPoint)probe.LocalEndPoint!).Address;
    }

    /// <summary>Starts a socket transport with one listen point.</summary>
    /// <param name="protocol">The protocol.</param>
    /// <param name="listen">The address and port (0 for any free port).</param>
    /// <param name="certificate">The TLS server certificate (required for TLS, ignored otherwise).</param>
    /// <param name="insecure">Client side: accept any server certificate (development only).</param>
    internal static SipSocketTransportLayer Start(SipTransportProtocol protocol, IPEndPoint listen, X509Certificate2? certificate, bool insecure)
    {
        TlsServerOptions? server = null;
        if (protocol == SipTransportProtocol.Tls)
        {
            ArgumentNullException.ThrowIfNull(certificate);
            server = new TlsServerOptions { ServerCertificate = certificate };
        }

        return SipSocketTransportLayer.Start(new SipSocketTransportOptions
        {
            ListenPoints = [new SipListenPoint(protocol, listen)],
            TlsServer = server,
            TlsClient = target => new TlsClientOptions
            {
                TargetHost = target.HostName ?? target.EndPoint.Address.ToString(),
                DangerousAcceptAnyServerCertificate = insecure,
            },
        });
    }

    /// <summary>A fresh in-memory development certificate for localhost, 127.0.0.1 and ::1.</summary>
    internal static X509Certificate2 DevelopmentCertificate() => TlsCertificates.CreateDevelopmentCertificate(DevelopmentNames);

    /// <summary>Loads a certificate with its key: a PKCS#12 file, or PEM certificate and key files.</summary>
    internal static X509Certificate2 LoadCertificate(string path, string? keyPath) =>
        keyPath is null ? TlsCertificates.LoadPfx(path) : TlsCertificates.LoadPem(path, keyPath);

    /// <summary>Formats an integer for output.</summary>
    internal static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
