using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using UcStack.Faults.Tests.Simulation;
using UcStack.Stun;
using UcStack.Turn.Client;
using UcStack.Turn.Server;

namespace UcStack.Faults.Tests.Turn;

/// <summary>
/// A <see cref="TurnClient"/> and a <see cref="TurnServerEngine"/> across the shared datagram network.
/// The client only talks through a real socket, so a loopback UDP "bridge" stands for the server: the harness
/// drains it synchronously (a loopback send is in the receiver's queue when it returns) and puts each datagram on
/// the simulated network as sent by <see cref="SimClient"/>; what reaches <see cref="SimClient"/> is written back
/// to the client's socket, and the harness waits (bounded by 10 s of real time) until the client's receive loop
/// handled it before fake time moves on. The engine, its relays and a peer live wholly on the simulated network.
/// Client and server count their timers on separate <see cref="LeakCheckingTimeProvider"/>s over one fake clock.
/// </summary>
internal sealed class TurnFaultHarness : IAsyncDisposable
{
    public const string Realm = "faults.example";
    public static readonly IPEndPoint SimClient = new(IPAddress.Parse("198.18.0.1"), 40000);
    public static readonly IPEndPoint SimServer = new(IPAddress.Parse("203.0.113.1"), 3478);
    public static readonly IPEndPoint SimPeer = new(IPAddress.Parse("192.0.2.77"), 7000);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly Socket _bridge = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly byte[] _buffer = new byte[70000];
    private readonly FaultSocket _clientSide;
    private readonly SemaphoreSlim _handledSignal = new(0);
    private readonly StaticTurnCredentialStore _users = new();
    private FaultSocket _serverSide = null!;
    private EndPoint? _clientReal;
    private long _forwarded;
    private long _handled;

    private TurnFaultHarness(int seed, DatagramLink link)
    {
        var clock = new LeakCheckingTimeProvider();
        ClientClock = clock;
        ServerClock = new LeakCheckingTimeProvider(clock.Fake);
        Network = new FaultDatagramNetwork(clock.Fake, seed);
        Network.SetLink(SimClient.Address, SimServer.Address, link);
        _users.AddUser("alice", "alicepass");
        _bridge.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _clientSide = Network.Bind(SimClient, (bytes, _) => ToClient(bytes));
        Peer = Network.Bind(SimPeer, (bytes, from) => { lock (PeerReceived) PeerReceived.Add((from, bytes)); });
        StartServer();
    }

    public LeakCheckingTimeProvider ClientClock { get; }

    public LeakCheckingTimeProvider ServerClock { get; }

    public FaultDatagramNetwork Network { get; }

    public TurnServerEngine Engine { get; private set; } = null!;

    public TurnClient Client { get; private set; } = null!;

    /// <summary>A peer on the far side of the relay.</summary>
    public FaultSocket Peer { get; }

    public List<(IPEndPoint From, byte[] Data)> PeerReceived { get; } = [];

    public List<TurnRefreshFailedEventArgs> RefreshFailures { get; } = [];

    /// <summary>Requests the client put on the wire (retransmissions included), by STUN method.</summary>
    public Dictionary<StunMethod, int> ClientRequests { get; } = [];

    public FiveTuple Tuple => new(TurnTransportKind.Udp, StunEndPoint.FromIPEndPoint(SimClient), StunEndPoint.FromIPEndPoint(SimServer));

    public static async Task<TurnFaultHarness> CreateAsync(int seed, DatagramLink link, Func<TurnClientOptions, TurnClientOptions>? configure = null)
    {
        var harness = new TurnFaultHarness(seed, link);
        var options = new TurnClientOptions
        {
            Server = (IPEndPoint)harness._bridge.LocalEndPoint!,
            Username = "alice",
            Password = "alicepass",
            TimeProvider = harness.ClientClock,
        };
        harness.Client = await TurnClient.ConnectAsync(configure?.Invoke(options) ?? options).WaitAsync(Bound);
        harness.Client.MessageHandled += harness.OnHandled;
        harness.Client.RefreshFailed += (_, e) => { lock (harness.RefreshFailures) harness.RefreshFailures.Add(e); };
        return harness;
    }

    /// <summary>The server process crashes and starts again empty on the same address: allocations, nonces and
    /// relays are gone; datagrams in flight to it are lost.</summary>
    public void RestartServer()
    {
        Network.Restart(SimServer.Address);
        Engine.Dispose();
        StartServer();
    }

    public void Cut() => Network.Cut(SimClient.Address, SimServer.Address);

    public void Heal() => Network.Heal(SimClient.Address, SimServer.Address);

    /// <summary>Runs <paramref name="operation"/> while moving fake time until it completes or <paramref name="limit"/>.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> operation, TimeSpan limit)
    {
        var task = operation();
        Assert.That(await RunUntilAsync(() => task.IsCompleted, limit), Is.True, "did not complete in time");
        return await task;
    }

    /// <summary>Moves fake time in steps until <paramref name="done"/> or <paramref name="limit"/>; between steps the
    /// bridge is drained both ways and the client has handled everything it was sent.</summary>
    public async Task<bool> RunUntilAsync(Func<bool> done, TimeSpan limit, int stepMs = 10)
    {
        var step = TimeSpan.FromMilliseconds(stepMs);
        for (var spent = TimeSpan.Zero; ; spent += step)
        {
            await SyncAsync();
            if (done()) return true;
            if (spent >= limit) return false;
            ClientClock.Fake.Advance(step);
        }
    }

    public Task RunForAsync(TimeSpan span, int stepMs = 10) => RunUntilAsync(() => false, span, stepMs);

    private async Task SyncAsync()
    {
        for (var round = 0; round < 3; round++)
        {
            DrainBridge();
            while (Interlocked.Read(ref _handled) < Interlocked.Read(ref _forwarded))
            {
                if (!await _handledSignal.WaitAsync(Bound)) throw new TimeoutException("The client did not handle what it was sent within 10 s.");
            }

            // Continuations of a completed request (the retry after a 401, the next refresh) send from the pool.
            await Task.Yield();
        }

        DrainBridge();
    }

    private void DrainBridge()
    {
        while (_bridge.Available > 0)
        {
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            var length = _bridge.ReceiveFrom(_buffer, ref from);
            _clientReal = from;
            if (StunMessageReader.TryParse(_buffer.AsSpan(0, length), out var reader, out _) && reader.Class == StunMessageClass.Request)
            {
                ClientRequests[reader.Method] = ClientRequests.GetValueOrDefault(reader.Method) + 1;
            }

            _clientSide.Send(_buffer.AsSpan(0, length), SimServer);
        }
    }

    private void ToClient(byte[] bytes)
    {
        if (_clientReal is null) return;
        Interlocked.Increment(ref _forwarded);
        _bridge.SendTo(bytes, _clientReal);
    }

    private void OnHandled()
    {
        Interlocked.Increment(ref _handled);
        _handledSignal.Release();
    }

    private void StartServer()
    {
        var options = new TurnServerOptions
        {
            ListenEndPoint = SimServer,
            Realm = Realm,
            CredentialStore = _users,
            TimeProvider = ServerClock,
            RelayAddress = SimServer.Address,
            RelayPortMin = 50000,
            RelayPortMax = 50099,

            // RFC 8656 §7.2 raises a shorter request to the default; a 2-minute default keeps the scenarios short.
            DefaultAllocationLifetime = TimeSpan.FromSeconds(120),
        };
        var engine = new TurnServerEngine(options, new FaultRelayFactory(Network), NullLogger.Instance, new TurnServerMetrics(null));
        var link = new FaultClientLink(this);
        _serverSide = Network.Bind(SimServer, (bytes, from) =>
        {
            if (from.Equals(SimClient)) engine.HandleClientMessage(link, bytes);
        });
        Engine = engine;
    }

    /// <summary>Disposes the client (which deallocates), lets the engine finish, and asserts nothing is left:
    /// no allocation, no armed or undisposed timer on either side.</summary>
    public async Task ShutDownAndAssertNoLeaksAsync()
    {
        var dispose = Client.DisposeAsync().AsTask();
        await RunUntilAsync(() => dispose.IsCompleted, TimeSpan.FromSeconds(10));
        await dispose;
        Assert.That(Engine.AllocationCount, Is.Zero, "allocations left on the server");
        Assert.That(ClientClock.Created, Is.Positive);
        Assert.That(await ClientClock.ArmedAfterCleanupAsync(), Is.Zero, () => "client timers still armed: " + ClientClock.DescribeArmed());
        Assert.That(ClientClock.Undisposed, Is.Zero, "client timers never disposed");
        Assert.That(await ServerClock.ArmedAfterCleanupAsync(), Is.Zero, () => "server timers still armed: " + ServerClock.DescribeArmed());
        Engine.Dispose();
        Assert.That(ServerClock.Undisposed, Is.Zero, "server timers never disposed");
    }

    public async ValueTask DisposeAsync()
    {
        var dispose = Client.DisposeAsync().AsTask();
        for (var i = 0; i < 600 && !dispose.IsCompleted; i++)
        {
            DrainBridge();
            ClientClock.Fake.Advance(TimeSpan.FromMilliseconds(10));
            await Task.Yield();
        }

        await dispose.WaitAsync(Bound);
        Engine.Dispose();
        Network.Dispose();
        _bridge.Dispose();
        _handledSignal.Dispose();
        _users.Dispose();
    }

    private sealed class FaultClientLink(TurnFaultHarness harness) : ITurnClientLink
    {
        public FiveTuple Tuple => harness.Tuple;

        public bool CarriesUnframedData => true;

        public bool Send(ReadOnlySpan<byte> frame)
        {
            if (!harness._serverSide.IsOpen) return false;
            harness._serverSide.Send(frame, SimClient);
            return true;
        }

        public bool SendUnframed(ReadOnlySpan<byte> data) => Send(data);

        public ITurnClientLink Retain() => this;

        public bool TryStartDataRelay(TcpPeerConnection connection) => false;
    }

    private sealed class FaultRelayFactory(FaultDatagramNetwork network) : IRelaySocketFactory
    {
        public IRelaySocket? TryBind(IPAddress address, int port, IRelayReceiver receiver)
        {
            try
            {
                var socket = network.Bind(new IPEndPoint(address, port), (bytes, from) => receiver.OnPeerDatagram(StunEndPoint.FromIPEndPoint(from), bytes));
                return new FaultRelay(socket);
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }
    }

    private sealed class FaultRelay(FaultSocket socket) : IRelaySocket
    {
        public StunEndPoint LocalEndPoint => StunEndPoint.FromIPEndPoint(socket.LocalEndPoint);

        public bool SendTo(ReadOnlySpan<byte> datagram, StunEndPoint peer)
        {
            if (!socket.IsOpen) return false;
            socket.Send(datagram, peer.ToIPEndPoint());
            return true;
        }

        public void Dispose() => socket.Close();
    }
}
