using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UcStack.Psom;
using UcStack.Tls;

namespace UcStack.Server;

/// <summary>Runs the Psom server (the DI singleton <see cref="PsomServer"/>) on a TLS listener with the server's
/// certificate. Admission tokens come from the focus (<see cref="MeetingMcu"/>).</summary>
internal sealed partial class PsomServerService(
    IOptions<ServerOptions> options, PsomServer server, ServerCertificate certificate, ILogger<PsomServerService> logger) : IHostedService, IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private TcpListener? _listener;
    private Task _serving = Task.CompletedTask;

    /// <summary>The listener's address once started (the port chosen by the OS included); null when off.</summary>
    public IPEndPoint? LocalEndPoint { get; private set; }

    /// <summary>The URL handed to participants: <c>psom://host:port/&lt;conference id&gt;</c> (TLS implied).</summary>
    public string? UrlFor(string conferenceId)
    {
        if (LocalEndPoint is not { } endPoint) return null;
        var host = options.Value.Psom.PublicHostName is { Length: > 0 } name ? name : endPoint.Address.ToString();
        return $"psom://{host}:{endPoint.Port}/{Uri.EscapeDataString(conferenceId)}";
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var psom = options.Value.Psom;
        if (!psom.Enabled) return Task.CompletedTask;
        var listener = new TcpListener(IPAddress.Parse(psom.Address), psom.Port);
        listener.Start();
        _listener = listener;
        LocalEndPoint = (IPEndPoint)listener.LocalEndpoint;
        _serving = server.ServeAsync(listener, new TlsServerOptions { ServerCertificate = certificate.Certificate }, _stop.Token);
        Log.Listening(logger, LocalEndPoint);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _listener, null) is not { } listener) return;
        await _stop.CancelAsync().ConfigureAwait(false);
        listener.Stop();
        await _serving.ConfigureAwait(false);
        _stop.Dispose();
        LocalEndPoint = null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "Psom server (TLS) on {EndPoint}")]
        public static partial void Listening(ILogger logger, IPEndPoint endPoint);
    }
}
