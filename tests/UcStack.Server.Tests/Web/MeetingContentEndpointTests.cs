using System.IO.Pipelines;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using UcStack.C3P;
using UcStack.Psom;

namespace UcStack.Server.Tests.Web;

/// <summary><c>GET /content/{conference}/{name}</c> with an in-memory Psom store and content service in the host's DI.</summary>
[TestFixture]
public sealed class MeetingContentEndpointTests
{
    private static readonly byte[] Slide = Encoding.UTF8.GetBytes("slide 1: quarterly numbers");
    private readonly List<IAsyncDisposable> _cleanup = [];
    private HttpsTestHost? _host;

    [TearDown]
    public async Task TearDown()
    {
        if (_host is not null) await _host.DisposeAsync();
        _host = null;
        for (var i = _cleanup.Count - 1; i >= 0; i--) await _cleanup[i].DisposeAsync();
        _cleanup.Clear();
    }

    /// <summary>A Psom server over an in-memory store with a content service, as the server's Psom part registers them.</summary>
    private PsomAdmissionKey _key = null!;

    private (PsomMemoryObjectStore Store, PsomContentService Contents, PsomServer Server) Psom()
    {
        var key = _key = PsomAdmissionKey.CreateRandom();
        var store = new PsomMemoryObjectStore();
        var server = new PsomServer(new PsomServerOptions { AdmissionKey = key, Store = store });
        _cleanup.Add(server);
        _cleanup.Add(new Disposer(() =>
        {
            key.Dispose();
            return ValueTask.CompletedTask;
        }));
        return (store, new PsomContentService(server, new Uri("https://127.0.0.1:8443/psom-content/")), server);
    }

    private async Task<HttpsTestHost> Start(Action<IServiceCollection>? register) => _host = await HttpsTestHost.StartAsync(register: register);

    private static async Task<(string Name, byte[] Key)> Publish(PsomContentService contents, string conference, byte[] data)
    {
        var item = await contents.PublishAsync(conference, PsomObjectIds.Root, data, "text/plain");
        var url = item["contentUrl"].AsText();
        return (url[(url.LastIndexOf('/') + 1)..], item["contentKey"].AsBytes().ToArray());
    }

    [Test]
    public async Task Get_NoPsomRegistered_503()
    {
        var host = await Start(null);
        var body = await host.GetJsonAsync(host.Client("alice", "alicepass"), $"/content/{ConferenceKit.ConferenceId}/abc", HttpStatusCode.ServiceUnavailable);
        Assert.That(body.GetProperty("error").GetString(), Does.Contain("Psom"));
    }

    [Test]
    public async Task Get_StoreWithoutContentService_503()
    {
        var host = await Start(services => services.AddSingleton<IPsomObjectStore>(new PsomMemoryObjectStore()));
        var body = await host.GetJsonAsync(host.Client("alice", "alicepass"), $"/content/{ConferenceKit.ConferenceId}/abc", HttpStatusCode.ServiceUnavailable);
        Assert.That(body.GetProperty("error").GetString(), Does.Contain("content service"));
    }

    [Test]
    public async Task Get_StoredContent_200CiphertextThatDecrypts()
    {
        var (store, contents, _) = Psom();
        var (name, key) = await Publish(contents, ConferenceKit.ConferenceId, Slide);
        var host = await Start(services => services.AddSingleton<IPsomObjectStore>(store).AddSingleton(contents));

        using var response = await host.Client("bob", "bobpass").GetAsync($"/content/{ConferenceKit.ConferenceId}/{name}", host.Timeout);
        var blob = await response.Content.ReadAsByteArrayAsync(host.Timeout);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/octet-stream"));
            Assert.That(blob, Is.Not.EqualTo(Slide), "served encrypted");
            Assert.That(PsomContentCipher.Decrypt(key, blob), Is.EqualTo(Slide));
        });
    }

    [Test]
    public async Task Get_UnknownName_404()
    {
        var (store, contents, _) = Psom();
        await Publish(contents, ConferenceKit.ConferenceId, Slide);
        var host = await Start(services => services.AddSingleton<IPsomObjectStore>(store).AddSingleton(contents));
        await host.GetJsonAsync(host.Client("alice", "alicepass"), $"/content/{ConferenceKit.ConferenceId}/0123456789abcdef", HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Get_OtherConferencesContent_404()
    {
        var (store, contents, _) = Psom();
        var (name, _) = await Publish(contents, "OTHERCONF1", Slide);
        await Publish(contents, ConferenceKit.ConferenceId, Slide);
        var host = await Start(services => services.AddSingleton<IPsomObjectStore>(store).AddSingleton(contents));
        var body = await host.GetJsonAsync(host.Client("alice", "alicepass"), $"/content/{ConferenceKit.ConferenceId}/{name}", HttpStatusCode.NotFound);
        Assert.That(body.GetProperty("error").GetString(), Does.Contain(name));
    }

    [Test]
    public async Task Get_ObjectStoredButBytesGone_404SaysSo()
    {
        var (store, contents, server) = Psom();
        var (name, _) = await Publish(contents, ConferenceKit.ConferenceId, Slide);
        // A fresh content service (as after a restart) over the same store: the object persists, its bytes do not.
        var restarted = new PsomContentService(server, new Uri("https://127.0.0.1:8443/psom-content/"));
        var host = await Start(services => services.AddSingleton<IPsomObjectStore>(store).AddSingleton(restarted));
        var body = await host.GetJsonAsync(host.Client("alice", "alicepass"), $"/content/{ConferenceKit.ConferenceId}/{name}", HttpStatusCode.NotFound);
        Assert.That(body.GetProperty("error").GetString(), Does.Contain("no longer stored"));
    }

    [TestCase("/content/K7QW2Z9M/a%2Fb")]
    [TestCase("/content/K7QW%20Z9M/abc")]
    public async Task Get_BadSegments_400(string path)
    {
        var (store, contents, _) = Psom();
        var host = await Start(services => services.AddSingleton<IPsomObjectStore>(store).AddSingleton(contents));
        await host.GetJsonAsync(host.Client("alice", "alicepass"), path, HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Get_SegmentOverLimit_400()
    {
        var (store, contents, _) = Psom();
        var host = await Start(services => services.AddSingleton<IPsomObjectStore>(store).AddSingleton(contents));
        await host.GetJsonAsync(host.Client("alice", "alicepass"), $"/content/{ConferenceKit.ConferenceId}/{new string('a', 129)}", HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Get_WithFocusFactory_OnlyOrganizerAndParticipants()
    {
        var (store, contents, _) = Psom();
        var (name, _) = await Publish(contents, ConferenceKit.ConferenceId, Slide);
        using var factory = new ConferenceFocusFactory();
        await ConferenceKit.CreateAsync(factory);
        var host = await Start(services => services.AddSingleton<IPsomObjectStore>(store).AddSingleton(contents).AddSingleton(factory));
        var path = $"/content/{ConferenceKit.ConferenceId}/{name}";

        using (var organizer = await host.Client("alice", "alicepass").GetAsync(path, host.Timeout))
        {
            Assert.That(organizer.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the organizer");
        }

        var refused = await host.GetJsonAsync(host.Client("bob", "bobpass"), path, HttpStatusCode.Forbidden);
        Assert.That(refused.GetProperty("error").GetString(), Does.Contain("sip:bob@example.org"));

        var joined = await factory.HandleAsync(ConferenceKit.Join(ConferenceKit.Bob), new C3PCaller(ConferenceKit.Bob));
        Assert.That(joined.Code, Is.EqualTo(C3PResponseCode.Success), joined.FailureReason.ToString());
        using var participant = await host.Client("bob", "bobpass").GetAsync(path, host.Timeout);
        Assert.That(participant.StatusCode, Is.EqualTo(HttpStatusCode.OK), "bob after joining");
    }

    [Test]
    public async Task Get_WithFocusFactoryUnknownConference_404()
    {
        var (store, contents, _) = Psom();
        var (name, _) = await Publish(contents, ConferenceKit.ConferenceId, Slide);
        using var factory = new ConferenceFocusFactory();
        var host = await Start(services => services.AddSingleton<IPsomObjectStore>(store).AddSingleton(contents).AddSingleton(factory));
        var body = await host.GetJsonAsync(host.Client("alice", "alicepass"), $"/content/{ConferenceKit.ConferenceId}/{name}", HttpStatusCode.NotFound);
        Assert.That(body.GetProperty("error").GetString(), Does.Contain("no conference"));
    }

    /// <summary>Opens a Psom session for <paramref name="user"/> over in-memory pipes, with a token as the focus issues it.</summary>
    private async Task JoinPsom(PsomServer server, string user, string conference)
    {
        var toServer = new Pipe();
        var toClient = new Pipe();
        var session = server.RunSessionAsync(new Duplex(toServer.Reader, toClient.Writer));
        var client = await PsomClient.ConnectAsync(new Duplex(toClient.Reader, toServer.Writer), new PsomClientOptions
        {
            ConferenceId = conference,
            User = user,
            Role = PsomRole.Attendee,
            Token = PsomAdmissionToken.Issue(_key, conference, user, PsomRole.Attendee, TimeSpan.FromMinutes(5)),
        }).WaitAsync(HttpsTestHost.Bound);
        _cleanup.Add(new Disposer(async () => await session.WaitAsync(HttpsTestHost.Bound)));
        _cleanup.Add(client);
    }

    [Test]
    public async Task GetById_NoPsomServerRegistered_503()
    {
        var (store, contents, _) = Psom();
        var host = await Start(services => services.AddSingleton<IPsomObjectStore>(store).AddSingleton(contents));
        var body = await host.GetJsonAsync(host.Client("bob", "bobpass"), "/content/abc", HttpStatusCode.ServiceUnavailable);
        Assert.That(body.GetProperty("error").GetString(), Does.Contain("Psom server"));
    }

    [Test]
    public async Task GetById_ContentUrlAsHandedOut_200OnlyWithAPsomSessionInThatConference()
    {
        var (store, contents, server) = Psom();
        var (name, key) = await Publish(contents, ConferenceKit.ConferenceId, Slide);
        await Publish(contents, "OTHERCONF1", Slide);
        var host = await Start(services => services.AddSingleton<IPsomObjectStore>(store).AddSingleton(contents).AddSingleton(server));
        var path = "/content/" + name;

        var before = await host.GetJsonAsync(host.Client("bob", "bobpass"), path, HttpStatusCode.NotFound);
        Assert.That(before.GetProperty("error").GetString(), Does.Contain("open Psom session"));

        await JoinPsom(server, ConferenceKit.Bob, "OTHERCONF1");
        await host.GetJsonAsync(host.Client("bob", "bobpass"), path, HttpStatusCode.NotFound);

        await JoinPsom(server, ConferenceKit.Bob, ConferenceKit.ConferenceId);
        using var response = await host.Client("bob", "bobpass").GetAsync(path, host.Timeout);
        var blob = await response.Content.ReadAsByteArrayAsync(host.Timeout);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(PsomContentCipher.Decrypt(key, blob), Is.EqualTo(Slide));
        });
        await host.GetJsonAsync(host.Client("alice", "alicepass"), path, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task GetById_BadName_400()
    {
        var (store, contents, server) = Psom();
        var host = await Start(services => services.AddSingleton<IPsomObjectStore>(store).AddSingleton(contents).AddSingleton(server));
        await host.GetJsonAsync(host.Client("bob", "bobpass"), "/content/a%20b", HttpStatusCode.BadRequest);
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    private sealed class Disposer(Func<ValueTask> dispose) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => dispose();
    }
}
