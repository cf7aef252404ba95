using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using UcStack.Server.Web;

namespace UcStack.Server.Tests.Web;

/// <summary>The hosted HTTPS service end to end: TLS with the configured certificate, authentication on every path.</summary>
[TestFixture]
public sealed class HttpsServerServiceTests
{
    private HttpsTestHost? _host;

    [TearDown]
    public async Task TearDown()
    {
        if (_host is not null) await _host.DisposeAsync();
        _host = null;
    }

    private async Task<HttpsTestHost> Start(IDictionary<string, string?>? settings = null) => _host = await HttpsTestHost.StartAsync(settings);

    [TestCase("/abs/search?q=al")]
    [TestCase("/dlx/sales")]
    [TestCase("/content/K7QW2Z9M/abc")]
    [TestCase("/no/such/path")]
    public async Task Get_NoCredentials_401WithDigestAndBasicChallenges(string path)
    {
        var host = await Start();
        using var response = await host.Client().GetAsync(path, host.Timeout);
        var challenges = response.Headers.WwwAuthenticate.ToList();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(challenges.Select(c => c.Scheme), Is.EqualTo(new[] { "Digest", "Digest", "Basic" }));
            Assert.That(challenges[0].Parameter, Does.Contain("algorithm=SHA-256").And.Contain("realm=\"example.org\"").And.Contain("qop=\"auth\""));
            Assert.That(challenges[1].Parameter, Does.Contain("algorithm=MD5"));
            Assert.That(challenges[2].Parameter, Is.EqualTo("realm=\"example.org\", charset=\"UTF-8\""));
        });
    }

    [Test]
    public async Task Post_C3PWithoutCredentials_401()
    {
        var host = await Start();
        using var content = new StringContent("<request/>");
        using var response = await host.Client().PostAsync("/c3p", content, host.Timeout);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Get_BasicRightPassword_200()
    {
        var host = await Start();
        var body = await host.GetJsonAsync(host.Client("alice", "alicepass"), "/abs/search?q=bob", HttpStatusCode.OK);
        Assert.That(body.GetProperty("users")[0].GetProperty("uri").GetString(), Is.EqualTo("sip:bob@example.org"));
    }

    [TestCase("alice", "wrong")]
    [TestCase("alice", "")]
    [TestCase("mallory", "alicepass")]
    [TestCase("carol", "wrong")]
    public async Task Get_BasicWrongCredentials_401(string user, string password)
    {
        var host = await Start();
        using var response = await host.Client(user, password).GetAsync("/abs/search?q=a", host.Timeout);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Get_BasicForHa1OnlyUser_200()
    {
        var host = await Start();
        await host.GetJsonAsync(host.Client("carol", "carolpass"), "/abs/search?q=a", HttpStatusCode.OK);
    }

    // carol's entry has only an MD5 HA1, so she authenticates only where MD5 is what the client picks.
    [TestCase("alice", "alicepass", "SHA-256, MD5")]
    [TestCase("carol", "carolpass", "MD5")]
    public async Task Get_HttpClientDigest_AnswersChallengeAnd200(string user, string password, string algorithms)
    {
        var host = await Start(new Dictionary<string, string?> { ["Server:Https:AllowBasic"] = "false", ["Server:Sip:DigestAlgorithms"] = algorithms });
        var client = host.Client(credentials: new NetworkCredential(user, password));
        var body = await host.GetJsonAsync(client, "/abs/search?q=al", HttpStatusCode.OK);
        Assert.That(body.GetProperty("users").GetArrayLength(), Is.EqualTo(2));
    }

    [Test]
    public async Task Get_HttpClientDigestWrongPassword_401()
    {
        var host = await Start();
        var client = host.Client(credentials: new NetworkCredential("alice", "nope"));
        using var response = await client.GetAsync("/abs/search?q=al", host.Timeout);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Get_BasicWhenBasicIsOff_401WithDigestOnly()
    {
        var host = await Start(new Dictionary<string, string?> { ["Server:Https:AllowBasic"] = "false" });
        using var response = await host.Client("alice", "alicepass").GetAsync("/abs/search?q=al", host.Timeout);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(response.Headers.WwwAuthenticate.Select(c => c.Scheme), Is.All.EqualTo("Digest"));
        });
    }

    [TestCase("Basic !!!notbase64")]
    [TestCase("Basic ")]
    [TestCase("Digest")]
    [TestCase("Digest username=")]
    [TestCase("Digest realm=\"example.org\", username=\"alice\"")]
    [TestCase("Negotiate abc")]
    public async Task Get_MalformedAuthorization_401NotServerError(string value)
    {
        var host = await Start();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/abs/search?q=al");
        request.Headers.TryAddWithoutValidation("Authorization", value);
        using var response = await host.Client().SendAsync(request, host.Timeout);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Get_UnknownPathAuthenticated_404()
    {
        var host = await Start();
        using var response = await host.Client("alice", "alicepass").GetAsync("/nothing", host.Timeout);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Get_PlainHttp_NotServed()
    {
        var host = await Start();
        using var plain = new HttpClient { Timeout = HttpsTestHost.Bound };
        var address = new UriBuilder(host.BaseAddress) { Scheme = "http" }.Uri;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(address, "/abs/search?q=al"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("alice:alicepass"u8));
        Assert.That(async () => (await plain.SendAsync(request, host.Timeout)).EnsureSuccessStatusCode(), Throws.InstanceOf<HttpRequestException>());
    }

    [Test]
    public async Task Start_PortMinusOne_ListensNowhere()
    {
        var host = await Start(new Dictionary<string, string?> { ["Server:Https:Port"] = "-1" });
        Assert.That(host.Service!.Addresses, Is.Empty);
    }

    [Test]
    public async Task Start_DefaultOptions_Loopback8443()
    {
        var options = new HttpsServiceOptions();
        Assert.Multiple(() =>
        {
            Assert.That(options.Address, Is.EqualTo("127.0.0.1"));
            Assert.That(options.Port, Is.EqualTo(8443));
        });
        var host = await Start();
        Assert.That(host.BaseAddress.Host, Is.EqualTo("127.0.0.1"));
        Assert.That(host.BaseAddress.Scheme, Is.EqualTo("https"));
    }

    [TestCase("Server:Https:Address", "localhost", "Server:Https:Address")]
    [TestCase("Server:Https:Port", "70000", "Server:Https:Port")]
    [TestCase("Server:Https:MaxSearchResults", "0", "Server:Https:MaxSearchResults")]
    [TestCase("Server:Https:Groups:all:0", "group:missing", "'missing' is not defined")]
    [TestCase("Server:Https:Groups:bad name:0", "alice", "'bad name'")]
    [TestCase("Server:Https:Groups:all:0", "two words", "member 'two words'")]
    public void Start_BadConfiguration_FailsNamingTheSetting(string key, string value, string named)
    {
        Assert.That(async () => _host = await HttpsTestHost.StartAsync(new Dictionary<string, string?> { [key] = value }),
            Throws.InstanceOf<InvalidOperationException>().Or.InstanceOf<FormatException>().With.Message.Contain(named));
    }

    [Test]
    public async Task Start_PortInUse_FailsAndReleasesEverything()
    {
        var host = await Start();
        var taken = host.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(async () => await (await HttpsTestHost.StartAsync(new Dictionary<string, string?> { ["Server:Https:Port"] = taken })).DisposeAsync(),
            Throws.InstanceOf<IOException>());
        using var response = await host.Client("alice", "alicepass").GetAsync("/abs/search?q=al", host.Timeout);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the first listener is unaffected");
    }

    [Test]
    public async Task Get_Unauthenticated_CountedOnTheHostsMeterFactory()
    {
        _host = await HttpsTestHost.StartAsync(register: services => services.AddMetrics());
        var factory = _host.Services.GetRequiredService<IMeterFactory>();
        var counted = new List<string?>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Name == "ucstack.server.https.authentication.failures") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            lock (counted) counted.Add(value + ":" + tags.ToArray().Single(t => t.Key == "outcome").Value);
        });
        listener.Start();

        using (await _host.Client().GetAsync("/abs/search?q=al", _host.Timeout))
        using (await _host.Client("alice", "wrong").GetAsync("/abs/search?q=al", _host.Timeout))
        using (await _host.Client("alice", "alicepass").GetAsync("/abs/search?q=al", _host.Timeout))
        {
        }

        lock (counted) Assert.That(counted, Is.EqualTo(new[] { "1:Missing", "1:Rejected" }));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Start_NoHttpsCertificate_UsesTheServerCertificate(bool registered)
    {
        _host = await HttpsTestHost.StartAsync(
            register: registered ? services => services.AddLogging().AddSingleton<ServerCertificate>() : null,
            certificateKey: "Server:Sip:CertificateFile");
        await _host.GetJsonAsync(_host.Client("alice", "alicepass"), "/abs/search?q=al", HttpStatusCode.OK);
        if (registered)
        {
            var shared = _host.Services.GetRequiredService<ServerCertificate>().Certificate;
            await _host.Service!.StopAsync(_host.Timeout);
            Assert.That(shared.HasPrivateKey, Is.True, "stopping HTTPS leaves the host's shared certificate alone");
        }
    }
}
