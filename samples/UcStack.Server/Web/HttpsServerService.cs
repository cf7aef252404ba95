using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UcStack.Sip;
using UcStack.Sip.Registrar;

namespace UcStack.Server.Web;

/// <summary>
/// Runs the HTTPS services in their own Kestrel <see cref="WebApplication"/> inside the server's generic host:
/// address book search, distribution-group expansion, meeting content download and the C3P binding, every request
/// authenticated (Digest or Basic) against the SIP user file. See docs/https.md.
/// </summary>
/// <remarks>
/// The Psom store and content service and the C3P focus factory are looked up in <paramref name="services"/> per
/// request, not at start, so the services that register them may start in any order.
/// </remarks>
internal sealed partial class HttpsServerService(
    IOptions<ServerOptions> serverOptions, IOptions<HttpsServiceOptions> options, IServiceProvider services, ILoggerFactory loggerFactory,
    TimeProvider timeProvider) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<HttpsServerService>();
    private WebApplication? _app;
    private HttpsCertificate? _certificate;
    private HttpUserAuthenticator? _authenticator;
    private HttpsMetrics? _metrics;

    /// <summary>The listening URLs once started (the port the OS chose included); empty when off.</summary>
    public IReadOnlyList<Uri> Addresses { get; private set; } = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var https = options.Value;
        https.Validate();
        if (https.Port < 0)
        {
            Log.Disabled(_logger);
            return;
        }

        var sip = serverOptions.Value.Sip;
        var users = string.IsNullOrWhiteSpace(sip.UsersFile) ? SipUserDirectory.Parse(SipServerService.DemoUsers) : SipUserDirectory.Load(sip.UsersFile);
        var groups = DistributionGroups.Load(https.Groups, https.GroupsFile);
        _certificate = new HttpsCertificate(https, services, loggerFactory);
        _authenticator = new HttpUserAuthenticator(users, sip.Domain, ParseAlgorithms(sip.DigestAlgorithms), https.AllowBasic, timeProvider);
        _metrics = new HttpsMetrics(services.GetService<IMeterFactory>());

        // Kept before starting, so a failed start (port in use) is still disposed with this service.
        var app = _app = Build(https, sip.Domain, new DirectoryServices(users, groups, sip.Domain, https.MaxSearchResults));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        Addresses = [.. app.Urls.Select(url => new Uri(url))];
        foreach (var address in Addresses) Log.Listening(_logger, address);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var app = _app;
        if (app is not null) await app.StopAsync(cancellationToken).ConfigureAwait(false);
        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        var app = Interlocked.Exchange(ref _app, null);
        if (app is not null) await app.DisposeAsync().ConfigureAwait(false);
        Interlocked.Exchange(ref _authenticator, null)?.Dispose();
        Interlocked.Exchange(ref _metrics, null)?.Dispose();
        Interlocked.Exchange(ref _certificate, null)?.Dispose();
        Addresses = [];
    }

    private WebApplication Build(HttpsServiceOptions https, string domain, DirectoryServices directory)
    {
        // The empty builder reads no configuration or environment of its own: everything comes from Server:Https.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(HttpsServerService).Assembly.GetName().Name });
        builder.Services.AddLogging();
        builder.Services.AddSingleton(loggerFactory);
        if (services.GetService<IMeterFactory>() is { } meterFactory) builder.Services.AddSingleton(meterFactory);
        // The outer host owns Ctrl+C and SIGTERM; the inner application stops when the outer one stops this service.
        builder.Services.AddSingleton<IHostLifetime, OuterHostLifetime>();
        builder.Services.AddRoutingCore();
        var address = IPAddress.Parse(https.Address);
        builder.WebHost.UseKestrelCore().UseKestrelHttpsConfiguration().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = https.MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.MaxRequestHeaderCount = 64;
            kestrel.Limits.MaxConcurrentConnections = 1000;
            kestrel.Listen(address, https.Port, listen => listen.UseHttps(_certificate!.Certificate));
        });

        var app = builder.Build();
        app.Use((context, next) => AuthenticateAsync(context, next, domain));
        var content = new MeetingContentEndpoint(services);
        var c3p = new C3PEndpoint(services, https.MaxRequestBodyBytes);
        app.MapGet("/abs/search", new RequestDelegate(directory.SearchAsync));
        app.MapGet("/dlx/{group}", new RequestDelegate(directory.ExpandAsync));
        app.MapGet("/content/{conferenceId}/{name}", new RequestDelegate(content.HandleAsync));
        app.MapGet("/content/{name}", new RequestDelegate(content.HandleByIdAsync));
        // No fallback endpoint: it would turn a GET /c3p into 404 instead of routing's 405.
        app.MapPost("/c3p", new RequestDelegate(c3p.HandleAsync));
        return app;
    }

    /// <summary>Every request authenticates first; nothing, not even a 404, is answered to an unknown client.</summary>
    private async Task AuthenticateAsync(HttpContext context, RequestDelegate next, string domain)
    {
        var authenticator = _authenticator ?? throw new ObjectDisposedException(nameof(HttpsServerService));
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path + context.Request.QueryString;
        var result = await authenticator.AuthenticateAsync(context.Request.Method, target, context.Request.Headers.Authorization, context.RequestAborted)
            .ConfigureAwait(false);
        if (result.Outcome == HttpAuthenticationOutcome.Authenticated)
        {
            context.Features.Set(new AuthenticatedUser(result.User!, $"sip:{result.User}@{domain}"));
            await next(context).ConfigureAwait(false);
            return;
        }

        _metrics?.AuthenticationFailed(result.Outcome);
        if (result.Reason is not null) Log.AuthenticationFailed(_logger, context.Connection.RemoteIpAddress, result.Reason);
        if (result.Outcome == HttpAuthenticationOutcome.WrongUri)
        {
            await HttpResponses.ErrorAsync(context, StatusCodes.Status400BadRequest, "The digest uri must be the request-target (RFC 7616 §3.4.6).")
                .ConfigureAwait(false);
            return;
        }

        context.Response.Headers.WWWAuthenticate = authenticator.CreateChallenges(stale: result.Outcome == HttpAuthenticationOutcome.Stale);
        await HttpResponses.ErrorAsync(context, StatusCodes.Status401Unauthorized,
            "Authenticate with Digest (or Basic) as a user of the server's user file.").ConfigureAwait(false);
    }

    private static DigestAlgorithm[] ParseAlgorithms(string names) =>
        [.. names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => DigestAlgorithms.TryParse(name, out var algorithm)
                ? algorithm
                : throw new InvalidOperationException($"Server:Sip:DigestAlgorithms: unknown digest algorithm '{name}'."))];

    /// <summary>A lifetime that waits for nothing and listens to no signals: the outer host has those.</summary>
    private sealed class OuterHostLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    // Event ids 100-199 belong to the HTTPS services (highest used: 103; 102 retired); the rest of the server uses 1-99.
    private static partial class Log
    {
        [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "HTTPS services on {Address}")]
        public static partial void Listening(ILogger logger, Uri address);

        [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "HTTPS services are off (Server:Https:Port is -1)")]
        public static partial void Disabled(ILogger logger);

        [LoggerMessage(EventId = 103, Level = LogLevel.Debug, Message = "HTTPS authentication failed from {Remote}: {Reason}")]
        public static partial void AuthenticationFailed(ILogger logger, IPAddress? remote, string reason);
    }
}
