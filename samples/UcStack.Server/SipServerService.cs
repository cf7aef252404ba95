using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UcStack.Sip;
using UcStack.Sip.Proxy;
using UcStack.Sip.Registrar;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;
using UcStack.Tls;

namespace UcStack.Server;

/// <summary>Runs the SIP part: a socket transport (UDP, TCP, TLS), one endpoint, and the domain's registrar,
/// proxy and presence server on it.</summary>
internal sealed partial class SipServerService(
    IOptions<ServerOptions> options, ServerCertificate certificate, ILoggerFactory loggerFactory, TimeProvider timeProvider) : IHostedService, IAsyncDisposable
{
    /// <summary>The users when no user file is configured.</summary>
    internal const string DemoUsers = "alice:alicepass\nbob:bobpass\n";

    private readonly ILogger _logger = loggerFactory.CreateLogger<SipServerService>();
    private SipEndpoint? _endpoint;
    private SipDomainServer? _server;

    /// <summary>The listen points once started (ports chosen by the OS included).</summary>
    public IReadOnlyList<SipListenPoint> ListenPoints => _endpoint?.ListenPoints ?? [];

    /// <summary>The running domain server, once started.</summary>
    public SipDomainServer? Server => _server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var sip = options.Value.Sip;
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

        var transport = SipSocketTransportLayer.Start(
            new SipSocketTransportOptions { ListenPoints = points, TlsServer = tls, SentByHostNames = [sip.Domain] }, loggerFactory, timeProvider);
        _endpoint = new SipEndpoint(transport, new SipEndpointOptions { LocalUri = "sip:" + sip.Domain, UserAgent = "UcStack.Server" }, timeProvider, loggerFactory);
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
        _endpoint.Start();
        foreach (var point in _endpoint.ListenPoints) Log.Listening(_logger, sip.Domain, point.Protocol, point.EndPoint);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        var endpoint = Interlocked.Exchange(ref _endpoint, null);
        if (endpoint is not null) await endpoint.DisposeAsync().ConfigureAwait(false);
        Interlocked.Exchange(ref _server, null)?.Dispose();
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
    }
}
