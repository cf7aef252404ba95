using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using UcStack.Turn.Client;
using UcStack.Turn.Server;

namespace UcStack.Reliability.Tests.Turn;

/// <summary>
/// TURN allocation exhaustion on real loopback sockets: a user with valid credentials allocates up to the per-user
/// quota and no further, another user still allocates, and a flood of unauthenticated Allocate requests creates no
/// allocation (the challenge nonces are stateless, <c>TurnNonces</c>) while a legitimate Allocate completes.
/// </summary>
[TestFixture]
public sealed class TurnAllocationExhaustionTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly List<IAsyncDisposable> _cleanup = [];
    private StaticTurnCredentialStore? _store;

    [TearDown]
    public async Task TearDown()
    {
        for (var i = _cleanup.Count - 1; i >= 0; i--) await _cleanup[i].DisposeAsync();
        _cleanup.Clear();
        _store?.Dispose();
        _store = null;
    }

    private async Task<TurnServer> StartServerAsync(int maxAllocationsPerUser)
    {
        _store = new StaticTurnCredentialStore();
        _store.AddUser("mallory", "mallorypass");
        _store.AddUser("alice", "alicepass");
        var server = await TurnServer.StartAsync(new TurnServerOptions
        {
            ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Realm = "example.org",
            CredentialStore = _store,
            MaxAllocationsPerUser = maxAllocationsPerUser,
        });
        _cleanup.Add(server);
        return server;
    }

    private async Task<TurnClient> ClientAsync(TurnServer server, string user)
    {
        using var cts = new CancellationTokenSource(Bound);
        var client = await TurnClient.ConnectAsync(new TurnClientOptions
        {
            Server = server.LocalEndPoint,
            Username = user,
            Password = user + "pass",
            Transport = TurnTransport.Udp,
        }, cts.Token);
        _cleanup.Add(client);
        return client;
    }

    private static async Task<UcStack.Stun.StunEndPoint> AllocateAsync(TurnClient client)
    {
        using var cts = new CancellationTokenSource(Bound);
        return await client.AllocateAsync(cts.Token);
    }

    /// <summary>An Allocate request with REQUESTED-TRANSPORT UDP and no credentials (RFC 8656 §7.1).</summary>
    private static byte[] UnauthenticatedAllocate()
    {
        var message = new byte[20 + 8];
        BinaryPrimitives.WriteUInt16BigEndian(message, 0x0003);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), 8);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(4), 0x2112A442);
        RandomNumberGenerator.Fill(message.AsSpan(8, 12));
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(20), 0x0019);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(22), 4);
        message[24] = 17;
        return message;
    }

    /// <summary>Sends unauthenticated Allocates from one source and counts the 401 answers.</summary>
    private static async Task<(int Sent, int Challenged)> FloodAsync(IPEndPoint server, int count, CancellationToken stop)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var challenged = 0;
        var receiving = Task.Run(async () =>
        {
            var buffer = new byte[2048];
            try
            {
                while (true)
                {
                    var n = await socket.ReceiveAsync(buffer, SocketFlags.None, stop);
                    if (n >= 20 && BinaryPrimitives.ReadUInt16BigEndian(buffer) == 0x0113) challenged++;
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Stopped.
            }
        }, CancellationToken.None);
        var sent = 0;
        for (; sent < count && !stop.IsCancellationRequested; sent++)
        {
            await socket.SendToAsync(UnauthenticatedAllocate(), SocketFlags.None, server, stop);
        }

        try
        {
            await receiving.WaitAsync(stop);
        }
        catch (OperationCanceledException)
        {
            // The test ended the flood.
        }

        return (sent, challenged);
    }

    [Test]
    public async Task UserAtTheQuota_IsRefused486_AnotherUserStillAllocates()
    {
        const int Quota = 10;
        var server = await StartServerAsync(Quota);
        for (var i = 0; i < Quota; i++) await AllocateAsync(await ClientAsync(server, "mallory"));
        Assert.That(server.ActiveAllocations, Is.EqualTo(Quota));

        var refused = Assert.ThrowsAsync<TurnException>(async () => await AllocateAsync(await ClientAsync(server, "mallory")));
        Assert.That(refused!.ErrorCode, Is.EqualTo(486), "RFC 8656 §7.2: Allocation Quota Reached");

        var relayed = await AllocateAsync(await ClientAsync(server, "alice"));
        Assert.That(relayed.Port, Is.Positive);
        Assert.That(server.ActiveAllocations, Is.EqualTo(Quota + 1));
    }

    [Test]
    public async Task UnauthenticatedAllocateFlood_CreatesNoState_AndALegitimateAllocateCompletes()
    {
        var server = await StartServerAsync(10);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        const int Sources = 4, PerSource = 2000;
        var floods = Enumerable.Range(0, Sources).Select(_ => Task.Run(() => FloodAsync(server.LocalEndPoint, PerSource, stop.Token), CancellationToken.None)).ToArray();

        var watch = Stopwatch.StartNew();
        await AllocateAsync(await ClientAsync(server, "alice"));
        var allocated = watch.Elapsed;

        await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
        await stop.CancelAsync();
        var results = await Task.WhenAll(floods).WaitAsync(TimeSpan.FromSeconds(30));
        TestContext.Out.WriteLine($"flood: {results.Sum(r => r.Sent)} unauthenticated Allocates, {results.Sum(r => r.Challenged)} 401s seen; legitimate Allocate in {allocated.TotalMilliseconds:F0} ms");
        Assert.That(results.Sum(r => r.Challenged), Is.Positive, "the server answered the flood");
        Assert.That(server.ActiveAllocations, Is.EqualTo(1), "only the authenticated Allocate made an allocation");
    }
}
