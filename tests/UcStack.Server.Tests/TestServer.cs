using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UcStack.Tls;

namespace UcStack.Server.Tests;

/// <summary>The server composed as the host composes it (<see cref="ServerServices.AddUcServer"/>), with every
/// listener on 127.0.0.1 and an OS-assigned port, and a throw-away certificate for example.org.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly ServiceProvider _provider;
    private readonly List<IHostedService> _started = [];
    private readonly string _certificateFile;

    private TestServer(ServiceProvider provider, string certificateFile)
    {
        _provider = provider;
        _certificateFile = certificateFile;
    }

    public IServiceProvider Services => _provider;

    public SipServerService Sip => _provider.GetRequiredService<SipServerService>();

    /// <summary>Options with every port 0 (TLS off unless asked for).</summary>
    public static ServerOptions Loopback(bool tls = false) => new()
    {
        Sip = new SipServerOptions { Address = "127.0.0.1", UdpPort = 0, TcpPort = 0, TlsPort = tls ? 0 : -1 },
        Turn = new TurnRelayOptions { Port = 0 },
        Psom = new PsomOptions { Port = 0 },
        Federation = new FederationOptions { Port = 0 },
    };

    public static async Task<TestServer> StartAsync(ServerOptions? options = null, Action<IServiceCollection>? configure = null)
    {
        options ??= Loopback();
        var certificateFile = Path.Combine(Path.GetTempPath(), $"ucstack-server-test-{Guid.NewGuid():N}.pfx");
        using (var created = TlsCertificates.CreateDevelopmentCertificate(["example.org", "localhost"]))
        {
            await File.WriteAllBytesAsync(certificateFile, created.Export(X509ContentType.Pkcs12));
        }

        options.Sip.CertificateFile ??= certificateFile;
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddUcServer(new ConfigurationBuilder().Build());
        services.AddSingleton(Options.Create(options));
        configure?.Invoke(services);
        var server = new TestServer(services.BuildServiceProvider(), certificateFile);
        try
        {
            using var cts = new CancellationTokenSource(Bound);
            foreach (var hosted in server._provider.GetServices<IHostedService>())
            {
                await hosted.StartAsync(cts.Token);
                server._started.Add(hosted);
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(Bound);
        for (var i = _started.Count - 1; i >= 0; i--) await _started[i].StopAsync(cts.Token);
        await _provider.DisposeAsync();
        File.Delete(_certificateFile);
    }
}
