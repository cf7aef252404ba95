using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UcStack.Turn.Mras;
using UcStack.Turn.Server;

namespace UcStack.Server;

/// <summary>Runs the TURN relay (UcStack.Turn <see cref="TurnServer"/>: RFC 8656 and MS-TURN on one UDP and TCP
/// port), accepting the short-lived credentials the MRAS-style SERVICE hands out (<see cref="MrasCredentialIssuer"/>).</summary>
internal sealed partial class TurnRelayService(
    IOptions<ServerOptions> options, MrasCredentialIssuer credentials, ILoggerFactory loggerFactory, IMeterFactory? meterFactory = null) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<TurnRelayService>();
    private TurnServer? _server;

    /// <summary>The relay's address once started (the port chosen by the OS included); null when off.</summary>
    public IPEndPoint? LocalEndPoint => _server?.LocalEndPoint;

    /// <summary>The realm clients authenticate in.</summary>
    public string Realm => options.Value.Turn.Realm is { Length: > 0 } realm ? realm : options.Value.Sip.Domain;

    /// <summary>The relays named in credentials responses: this one, on UDP and TCP; empty when off.</summary>
    public IReadOnlyList<MrasMediaRelay> Relays
    {
        get
        {
            if (_server is not { } server) return [];
            var host = options.Value.Turn.PublicHostName is { Length: > 0 } name ? name : server.LocalEndPoint.Address.ToString();
            return [new MrasMediaRelay(host, server.LocalEndPoint.Port, server.LocalEndPoint.Port)];
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var turn = options.Value.Turn;
        if (!turn.Enabled) return;
        _server = await TurnServer.StartAsync(
            new TurnServerOptions
            {
                ListenEndPoint = new IPEndPoint(IPAddress.Parse(turn.Address), turn.Port),
                Realm = Realm,
                CredentialStore = credentials,
                RelayPortMin = turn.RelayPortMin,
                RelayPortMax = turn.RelayPortMax,
                AllowLoopbackPeers = turn.AllowLoopbackPeers,
            },
            loggerFactory,
            meterFactory,
            cancellationToken).ConfigureAwait(false);
        Log.Listening(_logger, _server.LocalEndPoint, Realm);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _server, null) is { } server) await server.DisposeAsync().ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "TURN relay (RFC 8656 and MS-TURN) on UDP and TCP {EndPoint}, realm {Realm}")]
        public static partial void Listening(ILogger logger, IPEndPoint endPoint, string realm);
    }
}
