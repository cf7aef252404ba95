using System.Net;
using UcStack.Sip;
using System.Security.Cryptography.X509Certificates;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;
using UcStack.Sip.UserAgent;

namespace UcStack.Tool.Sip;

/// <summary>
/// The calling side of the <c>sip</c> client commands: an endpoint on an ephemeral local port of the chosen
/// protocol, with a user agent, aimed at one target URI.
/// </summary>
internal sealed class SipClientSession : IAsyncDisposable
{
    private readonly X509Certificate2? _certificate;

    private SipClientSession(SipEndpoint endpoint, SipUserAgent agent, string requestUri, IPAddress localAddress, X509Certificate2? certificate)
    {
        Endpoint = endpoint;
        Agent = agent;
        RequestUri = requestUri;
        LocalAddress = localAddress;
        _certificate = certificate;
    }

    /// <summary>The endpoint.</summary>
    internal SipEndpoint Endpoint { get; }

    /// <summary>The user agent over it.</summary>
    internal SipUserAgent Agent { get; }

    /// <summary>The target URI, carrying the chosen transport.</summary>
    internal string RequestUri { get; }

    /// <summary>The local address used in Via, Contact and SDP.</summary>
    internal IPAddress LocalAddress { get; }

    /// <summary>Parses the target and starts the endpoint; returns an error message instead when the input is unusable.</summary>
    /// <param name="uri">A SIP URI with a numeric host, e.g. <c>sip:alice@127.0.0.1:5060</c>.</param>
    /// <param name="protocol">The transport.</param>
    /// <param name="insecure">TLS: accept any server certificate.</param>
    /// <param name="localUser">The user part of our From and Contact.</param>
    internal static (SipClientSession? Session, string? Error) Start(string uri, SipTransportProtocol protocol, bool insecure, string localUser)
    {
        if (!SipUri.TryParse(System.Text.Encoding.UTF8.GetBytes(uri), out var parsed, out var parseError))
        {
            return (null, $"'{uri}' is not a SIP URI: {parseError}");
        }

        if (!IPAddress.TryParse(parsed.Host.Trim('[', ']'), out var remote))
        {
            return (null, $"'{parsed.Host}' is not a numeric address (no DNS resolution here).");
        }

        var local = SipToolNetwork.LocalAddressFor(remote);
        X509Certificate2? certificate = protocol == SipTransportProtocol.Tls ? SipToolNetwork.DevelopmentCertificate() : null;
        SipSocketTransportLayer transport;
        try
        {
            transport = SipToolNetwork.Start(protocol, new IPEndPoint(local, 0), certificate, insecure);
        }
        catch (SipTransportException e)
        {
            certificate?.Dispose();
            return (null, $"cannot bind a local {SipToolNetwork.Name(protocol)} port: {e.Message}");
        }

        var host = remote.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "[" + local + "]" : local.ToString();
        var endpoint = new SipEndpoint(transport, new SipEndpointOptions
        {
            LocalUri = "sip:" + localUser + "@" + host,
            ContactUser = localUser,
            UserAgent = "ucstack",
        });
        var agent = new SipUserAgent(endpoint);
        endpoint.Start();
        return (new SipClientSession(endpoint, agent, SipToolNetwork.WithTransport(uri, protocol), local, certificate), null);
    }

    /// <summary>Stops the endpoint and releases the socket and certificate.</summary>
    public async ValueTask DisposeAsync()
    {
        await Endpoint.DisposeAsync().ConfigureAwait(false);
        _certificate?.Dispose();
    }
}
