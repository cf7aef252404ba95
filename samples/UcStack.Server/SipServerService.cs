using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UcStack.C3P;
using UcStack.Sip;
using UcStack.Sip.Proxy;
using UcStack.Sip.Registrar;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;
using UcStack.Tls;
using UcStack.Turn.Mras;

namespace UcStack.Server;

/// <summary>Runs the SIP part: a socket transport (UDP, TCP, TLS and the federation mutual-TLS listener), one
/// endpoint, and on it the domain's registrar, proxy and presence server, the conference focus and the relay
/// credentials service.</summary>
internal sealed partial class SipServerService(
    IOptions<ServerOptions> options,
    ServerCertificate certificate,
    ConferenceFocusFactory focusFactory,
    MrasCredentialIssuer relayCredentials,
    TurnRelayService relay,
    ILoggerFactory loggerFactory,
    TimeProvider timeProvider) : IHostedService, IAsyncDisposable
{
    /// <summary>The users when no user file is configured.</summary>
    internal const string DemoUsers = "alice:alicepass\nbob:bobpass\n";

    private readonly ILogger _logger = loggerFactory.CreateLogger<SipServerService>();
    private SipEndpoint? _endpoint;
    private SipDomainServer? _server;
    private ConferenceSipBinding? _conference;
    private MrasSipService? _mras;
    private FederationListener? _federation;

    /// <summary>The listen points once started (ports chosen by the OS included).</summary>
    public IReadOnlyList<SipListenPoint> ListenPoints => _endpoint?.ListenPoints ?? [];

    /// <summary>The federation listener's address once started; null when off.</summary>
    public IPEndPoint? FederationEndPoint => _federation?.BoundEndPoint;

    /// <summary>The running domain server, once started.</summary>
    public SipDomainServer? Server => _server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var sip = settings.Sip;
        var users = string.IsNullOrWhiteSpace(sip.UsersFile) ? SipUserDirectory.Parse(DemoUsers) : SipUserDirectory.Load(sip.UsersFile);
        var address = IPAddress.Parse(sip.Address);
        var points = new List<SipListenPoint>();
        if (sip.UdpPort >= 0) points.Add(new SipListenPoint(SipTransportProtocol.Udp, new IPEndPoint(address, sip.UdpPort)));
        if (sip.TcpPort >= 0) points.Add(new SipListenPoint(SipTransportProtocol.Tcp, new IPEndPoint(address, sip.TcpPort)));
        TlsServerOptions? tls = null;
        if (sip.TlsPort >= 0)
        {
            tls = new TlsServerOptions { ServerCertificate = certificate.Certificate };
            points.Add(new SipListenPoint(SipTransportProtocol.Tls, new IPEndPoint(address, sip.TlsPort)));
        }

        if (settings.Federation.Enabled && settings.Federation.Port >= 0)
        {
            _federation = FederationListener.Create(settings.Federation, certificate.Certificate);
            points.Add(_federation.Point);
        }

        var transport = SipSocketTransportLayer.Start(
            new SipSocketTransportOptions { ListenPoints = points, TlsServer = tls, SentByHostNames = [sip.Domain] }, loggerFactory, timeProvider);
        if (_federation is not null) _federation.BoundEndPoint = transport.ListenPoints.Single(p => p.Tls is not null).EndPoint;
        _endpoint = new SipEndpoint(transport, new SipEndpointOptions { LocalUri = "sip:" + sip.Domain, UserAgent = "UcStack.Server", MaxTransactions = sip.MaxTransactions }, timeProvider, loggerFactory);
        _server = new SipDomainServer(
            _endpoint,
            new SipDomainServerOptions
            {
                Domain = sip.Domain,
                TrustRegisteredUdpSources = sip.TrustRegisteredUdpSources,
                DigestAlgorithms = ParseAlgorithms(sip.DigestAlgorithms),
            },
            users,
            loggerFactory: loggerFactory);
        if (settings.Conference.Enabled)
        {
            _conference = new ConferenceSipBinding(_endpoint, _server, sip.Domain, focusFactory, IsFederated, loggerFactory);
        }

        _mras = new MrasSipService(
            _server, sip.Domain, relayCredentials, relay, TimeSpan.FromMinutes(Math.Max(1, settings.Turn.CredentialMinutes)), loggerFactory.CreateLogger<MrasSipService>());
        _endpoint.RequestReceived = DispatchAsync;
        _endpoint.Start();
        foreach (var point in _endpoint.ListenPoints)
        {
            if (point.Tls is null) Log.Listening(_logger, sip.Domain, point.Protocol, point.EndPoint);
            else Log.FederationListening(_logger, point.EndPoint, settings.Federation.AllowedPeers.Count);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _conference, null) is { } conference) await conference.DisposeAsync().ConfigureAwait(false);
        var endpoint = Interlocked.Exchange(ref _endpoint, null);
        if (endpoint is not null) await endpoint.DisposeAsync().ConfigureAwait(false);
        Interlocked.Exchange(ref _server, null)?.Dispose();
        Interlocked.Exchange(ref _federation, null)?.Dispose();
    }

    /// <summary>Who answers a request received outside the endpoint's dialogs: the relay credentials service, the
    /// focus (SERVICE and MESSAGE for conferencing URIs), or the domain server (registrar, presence, proxy).</summary>
    private async Task DispatchAsync(SipIncomingRequest incoming)
    {
        var request = incoming.Request;
        if (IsFederated(incoming) && IsFromThisDomain(request))
        {
            // A peer speaks for its own users; this domain's users authenticate to this server themselves.
            await incoming.RespondAsync(403, "Peer Cannot Speak For This Domain").ConfigureAwait(false);
            return;
        }

        if (_mras is { } mras && mras.Accepts(request))
        {
            await mras.HandleAsync(incoming).ConfigureAwait(false);
            return;
        }

        if (_conference is { } conference && conference.IsConferenceRequest(request))
        {
            // INVITE and SUBSCRIBE for conferencing URIs reach the focus through its user agent; SERVICE carries
            // provisioning and MESSAGE the chat MCU's traffic. Nothing else is served at those URIs.
            if (request.Method is "SERVICE" or "MESSAGE") await conference.HandleAsync(incoming).ConfigureAwait(false);
            else await incoming.RespondAsync(405, null, [new("Allow", "INVITE, ACK, BYE, CANCEL, INFO, SUBSCRIBE, SERVICE, MESSAGE")]).ConfigureAwait(false);
            return;
        }

        if (_server is { } server) await server.HandleAsync(incoming).ConfigureAwait(false);
    }

    private bool IsFederated(SipIncomingRequest incoming) => _federation?.IsFederated(incoming) == true;

    private bool IsFromThisDomain(SipRequest request)
    {
        try
        {
            return SipAddressOfRecord.IsInDomain(request.From.Uri, [options.Value.Sip.Domain]);
        }
        catch (SipParseException)
        {
            return false;
        }
    }

    private static DigestAlgorithm[] ParseAlgorithms(string names) =>
        [.. names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => DigestAlgorithms.TryParse(name, out var algorithm)
                ? algorithm
                : throw new InvalidOperationException($"Server:Sip:DigestAlgorithms: unknown digest algorithm '{name}'."))];

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "SIP for {Domain} on {Protocol} {EndPoint}")]
        public static partial void Listening(ILogger logger, string domain, SipTransportProtocol protocol, IPEndPoint endPoint);

        [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "SIP federation (mutual TLS) on {EndPoint}, {Peers} allowed peer names")]
        public static partial void FederationListening(ILogger logger, IPEndPoint endPoint, int peers);
    }
}
