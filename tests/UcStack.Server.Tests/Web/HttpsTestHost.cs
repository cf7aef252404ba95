using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using UcStack.Server.Web;
using UcStack.Tls;

namespace UcStack.Server.Tests.Web;

/// <summary>
/// The HTTPS services composed the way the server's host composes them (configuration → AddUcHttpsServices →
/// hosted service), on real Kestrel at 127.0.0.1 port 0 with a throw-away certificate, plus HTTP clients that trust
/// exactly that certificate. Every wait is bounded by <see cref="Bound"/>.
/// </summary>
internal sealed class HttpsTestHost : IAsyncDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    // carol's entry holds only an MD5 HA1 (of carolpass in realm example.org), so Basic and Digest must use MD5 for her.
    public static readonly string Users =
        "alice:alicepass\nbob:bobpass\nalbert:albertpass\n" +
        "carol:ha1:db407b962a7334dea9476574db0509c4\n"; // MD5("carol:example.org:carolpass")

    private readonly List<string> _files = [];
    private readonly List<HttpClient> _clients = [];
    private X509Certificate2? _certificate;
    private ServiceProvider? _provider;

    private HttpsTestHost()
    {
    }

    public HttpsServerService? Service { get; private set; }

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _provider!;

    private readonly CancellationTokenSource _timeout = new(Bound);

    public CancellationToken Timeout => _timeout.Token;

    /// <summary>Starts the services.</summary>
    /// <param name="settings">Extra configuration keys (e.g. <c>Server:Https:Groups:sales:0</c>).</param>
    /// <param name="register">Extra services, as other parts of the server would register them.</param>
    /// <param name="certificateKey">Where the test certificate is configured: <c>Server:Https:CertificateFile</c>, or
    /// <c>Server:Sip:CertificateFile</c> to test the shared server certificate.</param>
    public static async Task<HttpsTestHost> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? register = null,
        string certificateKey = "Server:Https:CertificateFile")
    {
        var host = new HttpsTestHost();
        try
        {
            host._certificate = TlsCertificates.CreateDevelopmentCertificate(["example.org", "localhost"]);
            var certificateFile = host.TempFile(".pfx", host._certificate.Export(X509ContentType.Pkcs12));
            var usersFile = host.TempFile(".txt", Encoding.UTF8.GetBytes(Users));
            var values = new Dictionary<string, string?>
            {
                ["Server:Sip:UsersFile"] = usersFile,
                ["Server:Https:Port"] = "0",
                [certificateKey] = certificateFile,
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();

            var services = new ServiceCollection();
            services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
            services.Configure<ServerOptions>(configuration.GetSection(ServerOptions.SectionName));
            services.AddUcHttpsServices(configuration);
            register?.Invoke(services);
            host._provider = services.BuildServiceProvider();
            var service = host.Service = host._provider.GetRequiredService<HttpsServerService>();
            await service.StartAsync(host.Timeout);
            host.BaseAddress = service.Addresses.Count > 0 ? service.Addresses[0] : new Uri("https://127.0.0.1:1/");
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    public string TempFile(string extension, byte[] content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ucstack-https-test-{Guid.NewGuid():N}{extension}");
        File.WriteAllBytes(path, content);
        _files.Add(path);
        return path;
    }

    /// <summary>A client with no credentials, or one that sends Basic credentials, or one that answers challenges
    /// with <paramref name="credentials"/> the way HttpClient does (Digest preferred over Basic).</summary>
    public HttpClient Client(string? basicUser = null, string? basicPassword = null, NetworkCredential? credentials = null)
    {
        var trusted = _certificate!.RawData;
        var handler = new SocketsHttpHandler
        {
            Credentials = credentials,
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(trusted) },
        };
        var client = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = Bound };
        if (basicUser is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{basicUser}:{basicPassword}")));
        }

        _clients.Add(client);
        return client;
    }

    public async Task<JsonElement> GetJsonAsync(HttpClient client, string path, HttpStatusCode expected)
    {
        using var response = await client.GetAsync(path, Timeout);
        var body = await response.Content.ReadAsStringAsync(Timeout);
        Assert.That(response.StatusCode, Is.EqualTo(expected), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"), body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients) client.Dispose();
        if (Service is not null) await Service.DisposeAsync();
        if (_provider is not null) await _provider.DisposeAsync();
        _timeout.Dispose();

        _certificate?.Dispose();
        foreach (var file in _files) File.Delete(file);
    }
}
