using System.Net;
using UcStack.Turn.Server;
using UcStack.Testing.Interop;

namespace UcStack.Ice.Tests.Interop;

/// <summary>Two agents on real sockets on 127.0.0.1: directly, through our TURN server and through coturn (relay-only).</summary>
[TestFixture]
public sealed class LoopbackIceTests
{
    // A bound against hangs, not a timing assertion: CI runs the test assemblies in parallel on two cores, and one
    // relay-only run through coturn once needed more than 10 s there.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Connect_HostCandidatesOnLoopback_ExchangesDatagrams()
    {
        await RunPairAsync(new IceAgentOptions { Network = new IceUdpNetwork(addresses: [IPAddress.Loopback]) }, IceCandidateType.Host);
    }

    [Test]
    public async Task Connect_IceTcpOnLoopback_ActiveConnectsToPassiveAndFramesMedia()
    {
        var options = new IceAgentOptions
        {
            Network = new IceUdpNetwork(addresses: [IPAddress.Loopback]),
            GatheringPolicy = IceGatheringPolicy.TcpOnly,
            TcpCandidates = IceTcpCandidates.ActiveAndPassive,
        };

        await RunPairAsync(options, IceCandidateType.Host, transport: IceTransportProtocol.Tcp);
    }

    [Test]
    public async Task Connect_RelayOnlyThroughOurTurnServer_ExchangesDatagrams()
    {
        var store = new StaticTurnCredentialStore();
        store.AddUser("alice", "alicepass");
        await using var server = await TurnServer.StartAsync(new TurnServerOptions
        {
            ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Realm = "example.org",
            CredentialStore = store,
            AllowLoopbackPeers = true,
        });

        await RunPairAsync(RelayOnly(server.LocalEndPoint, "alice", "alicepass"), IceCandidateType.Relayed);
    }

    [Test]
    public async Task Connect_RelayOnlyThroughCoturn_ExchangesDatagrams()
    {
        using var coturn = await CoturnServer.StartAsync();

        await RunPairAsync(RelayOnly(coturn.EndPoint, CoturnServer.Username, CoturnServer.Password), IceCandidateType.Relayed, () => coturn.Output);
    }

    private static IceAgentOptions RelayOnly(IPEndPoint server, string user, string password) => new()
    {
        Network = new IceUdpNetwork(addresses: [IPAddress.Loopback]),
        GatheringPolicy = IceGatheringPolicy.RelayOnly,
        TurnServers = [new IceTurnServer(server, user, password)],
    };

    private static async Task RunPairAsync(IceAgentOptions options, IceCandidateType expectedType, Func<string>? diagnostics = null, IceTransportProtocol transport = IceTransportProtocol.Udp)
    {
        using var cts = new CancellationTokenSource(Timeout);
        var a = new IceAgent(options with { Role = IceRole.Controlling, NominationDelay = TimeSpan.FromMilliseconds(500) });
        var b = new IceAgent(options with { Role = IceRole.Controlled });
        try
        {
            a.CandidateGathered += (_, e) => b.AddRemoteCandidate(e.Candidate);
            b.CandidateGathered += (_, e) => a.AddRemoteCandidate(e.Candidate);
            a.SetRemoteCredentials(b.LocalUfrag, b.LocalPassword);
            b.SetRemoteCredentials(a.LocalUfrag, a.LocalPassword);
            a.StartGathering();
            b.StartGathering();

            var settledA = await a.WhenSettledAsync(cts.Token);
            var settledB = await b.WhenSettledAsync(cts.Token);

            Assert.That(settledA, Is.EqualTo(IceAgentState.Completed), diagnostics?.Invoke());
            Assert.That(settledB, Is.EqualTo(IceAgentState.Completed), diagnostics?.Invoke());
            var pair = a.GetSelectedPair(1)!;
            Assert.That(pair.Local.Type, Is.EqualTo(expectedType));
            Assert.That(pair.Remote.Type, Is.EqualTo(expectedType));
            Assert.That(pair.Local.Transport, Is.EqualTo(transport));
            Assert.That(b.GetSelectedPair(1)!.Local.Transport, Is.EqualTo(transport));

            var pathA = a.GetDatagramPath(1);
            var pathB = b.GetDatagramPath(1);
            var buffer = new byte[1500];
            for (var i = 0; i < 20; i++)
            {
                byte[] rtp = [0x80, 0x00, 0x00, (byte)i];
                Assert.That(pathA.TrySend(rtp), Is.True);
                var received = await pathB.ReceiveAsync(buffer, cts.Token);
                Assert.That(buffer.AsSpan(0, received.Length).ToArray(), Is.EqualTo(rtp));
                Assert.That(pathB.TrySend(rtp), Is.True);
                received = await pathA.ReceiveAsync(buffer, cts.Token);
                Assert.That(received.Kind, Is.EqualTo(IceDatagramKind.Rtp));
            }
        }
        finally
        {
            await a.DisposeAsync();
            await b.DisposeAsync();
        }
    }
}
