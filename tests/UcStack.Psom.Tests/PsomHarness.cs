using System.Collections.Immutable;
using System.IO.Pipelines;
using Microsoft.Extensions.Time.Testing;

namespace UcStack.Psom.Tests;

/// <summary>A server plus in-memory connections to it; time is fake, hangs are bounded by real 10 s guards.</summary>
internal sealed class PsomHarness : IAsyncDisposable
{
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    private readonly List<Task> _sessions = [];
    private readonly List<PsomClient> _clients = [];

    public PsomHarness(IPsomObjectStore? store = null, Func<PsomServerOptions, PsomServerOptions>? configure = null)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
        Key = new PsomAdmissionKey(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        var options = new PsomServerOptions { AdmissionKey = Key, Store = store, TimeProvider = Time };
        Server = new PsomServer(configure is null ? options : configure(options));
    }

    public const string Conference = "conf-1";

    public FakeTimeProvider Time { get; }

    public PsomAdmissionKey Key { get; }

    public PsomServer Server { get; private set; }

    public List<Task<PsomCloseReason>> ServerSessions { get; } = [];

    public byte[] Token(string user, PsomRole role, string conference = Conference, TimeSpan? lifetime = null) =>
        PsomAdmissionToken.Issue(Key, conference, user, role, lifetime ?? TimeSpan.FromHours(1), Time);

    public PsomClientOptions Options(string user, PsomRole role, byte[]? token = null, string conference = Conference) => new()
    {
        ConferenceId = conference,
        User = user,
        Role = role,
        Token = token ?? Token(user, role, conference),
        TimeProvider = Time,
    };

    /// <summary>A raw duplex pipe pair: the server runs one end; the other is returned.</summary>
    public IDuplexPipe OpenRaw()
    {
        var toServer = new Pipe();
        var toClient = new Pipe();
        var serverEnd = new Duplex(toServer.Reader, toClient.Writer);
        ServerSessions.Add(Server.RunSessionAsync(serverEnd));
        return new Duplex(toClient.Reader, toServer.Writer);
    }

    public async Task<PsomClient> ConnectAsync(string user, PsomRole role, PsomReplica? replica = null, byte[]? token = null, bool subscribe = true)
    {
        var client = await PsomClient.ConnectAsync(OpenRaw(), Options(user, role, token), replica).WaitAsync(Guard);
        _clients.Add(client);
        if (subscribe)
        {
            await client.SubscribeAsync().WaitAsync(Guard);
        }

        return client;
    }

    /// <summary>Simulates a crash: every session is cut, nothing is flushed or closed politely, and a new server starts on the same store.</summary>
    public async Task RestartAsync(IPsomObjectStore store)
    {
        await Server.DisposeAsync();
        await Task.WhenAll(ServerSessions).WaitAsync(Guard);
        Server = new PsomServer(new PsomServerOptions { AdmissionKey = Key, Store = store, TimeProvider = Time });
    }

    public static ImmutableSortedDictionary<string, PsomValue> Props(params (string Key, PsomValue Value)[] pairs) =>
        PsomProperties.Of([.. pairs.Select(p => KeyValuePair.Create(p.Key, p.Value))]);

    /// <summary>Waits until <paramref name="condition"/> holds, yielding to the reader loops (bounded by the guard).</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Guard;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("timed out waiting for " + what);
            }

            await Task.Delay(1);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await Server.DisposeAsync();
        await Task.WhenAll(ServerSessions).WaitAsync(Guard);
        Key.Dispose();
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
