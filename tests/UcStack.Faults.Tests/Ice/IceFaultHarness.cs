using System.Net;
using UcStack.Faults.Tests.Simulation;
using UcStack.Ice;

namespace UcStack.Faults.Tests.Ice;

/// <summary>A host of the shared datagram network, as an ICE agent's <see cref="IIceNetwork"/> (host candidates only).</summary>
internal sealed class FaultIceHost(FaultDatagramNetwork network, IPAddress address) : IIceNetwork
{
    public IPAddress Address { get; } = address;

    public IReadOnlyList<IPAddress> GetLocalAddresses() => [Address];

    public IIceSocket BindUdp(IPAddress address) => new FaultIceSocket(network.Bind(new IPEndPoint(address, 0)));

    public Task<IIceRelay> AllocateRelayAsync(IceTurnServer server, CancellationToken cancellationToken = default) =>
        Task.FromException<IIceRelay>(new IceRelayException("The fault network has no TURN server for ICE."));

    private sealed class FaultIceSocket(FaultSocket socket) : IIceSocket
    {
        public IPEndPoint LocalEndPoint => socket.LocalEndPoint;

        public void Send(ReadOnlySpan<byte> datagram, IPEndPoint remoteEndPoint) => socket.Send(datagram, remoteEndPoint);

        public void Start(IceDatagramHandler handler) => socket.Receive = (bytes, from) => handler(bytes, from);

        public ValueTask DisposeAsync()
        {
            socket.Close();
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>Two full agents on the shared datagram network, trickling candidates to each other as gathered.</summary>
internal sealed class IceFaultHarness : IAsyncDisposable
{
    private bool _endA;
    private bool _endB;

    public IceFaultHarness(int seed, DatagramLink link)
    {
        Clock = new LeakCheckingTimeProvider();
        Network = new FaultDatagramNetwork(Clock.Fake, seed) { DefaultLink = link };
        HostA = new FaultIceHost(Network, IPAddress.Parse("192.0.2.1"));
        HostB = new FaultIceHost(Network, IPAddress.Parse("192.0.2.2"));
        var options = new IceAgentOptions { TimeProvider = Clock };
        A = new IceAgent(options with { Role = IceRole.Controlling, Network = HostA });
        B = new IceAgent(options with { Role = IceRole.Controlled, Network = HostB });
        A.CandidateGathered += (_, e) => B.AddRemoteCandidate(e.Candidate);
        B.CandidateGathered += (_, e) => A.AddRemoteCandidate(e.Candidate);
        A.StateChanged += (_, e) => { lock (StatesA) StatesA.Add(e.State); };
        B.StateChanged += (_, e) => { lock (StatesB) StatesB.Add(e.State); };
    }

    public LeakCheckingTimeProvider Clock { get; }

    public FaultDatagramNetwork Network { get; }

    public FaultIceHost HostA { get; }

    public FaultIceHost HostB { get; }

    public IceAgent A { get; }

    public IceAgent B { get; }

    /// <summary>Every state each agent reported to the application, in order.</summary>
    public List<IceAgentState> StatesA { get; } = [];

    public List<IceAgentState> StatesB { get; } = [];

    public void Start()
    {
        A.SetRemoteCredentials(B.LocalUfrag, B.LocalPassword);
        B.SetRemoteCredentials(A.LocalUfrag, A.LocalPassword);
        A.StartGathering();
        B.StartGathering();
    }

    public void Cut() => Network.Cut(HostA.Address, HostB.Address);

    public void Heal() => Network.Heal(HostA.Address, HostB.Address);

    /// <summary>Advances in 10 ms steps until <paramref name="done"/> or <paramref name="limit"/>.</summary>
    public bool RunUntil(Func<bool> done, TimeSpan limit)
    {
        var step = TimeSpan.FromMilliseconds(10);
        for (var spent = TimeSpan.Zero; !done(); spent += step)
        {
            if (spent >= limit) return false;
            Clock.Fake.Advance(step);
            SignalEndOfCandidates();
        }

        return true;
    }

    public void Run(TimeSpan span) => RunUntil(() => false, span);

    /// <summary>Disposes both agents and asserts every timer they made is gone.</summary>
    public async Task ShutDownAndAssertNoLeaksAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        Assert.That(Clock.Created, Is.Positive, "the agents used no timer: the leak check would prove nothing");
        Assert.That(await Clock.ArmedAfterCleanupAsync(), Is.Zero, () => "timers still armed: " + Clock.DescribeArmed());
        Assert.That(Clock.Undisposed, Is.Zero, "timers never disposed");
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        Network.Dispose();
    }

    private void SignalEndOfCandidates()
    {
        if (!_endA && A.GatheringCompletion.IsCompleted)
        {
            _endA = true;
            B.AddRemoteEndOfCandidates();
        }

        if (!_endB && B.GatheringCompletion.IsCompleted)
        {
            _endB = true;
            A.AddRemoteEndOfCandidates();
        }
    }
}
