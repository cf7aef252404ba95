using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace UcStack.Ice.Tests.Simulation;

/// <summary>Two agents on a simulated network, candidates trickled to each other as they are gathered.</summary>
internal sealed class IcePairHarness : IAsyncDisposable
{
    public static readonly IPEndPoint StunServer = new(IPAddress.Parse("198.51.100.1"), 3478);
    public static readonly IPEndPoint TurnServer = new(IPAddress.Parse("198.51.100.2"), 3478);

    private bool _endOfCandidatesA;
    private bool _endOfCandidatesB;

    public IcePairHarness(NatBehavior? natA, NatBehavior? natB, int seed = 1, Func<IceAgentOptions, IceAgentOptions>? configureA = null, Func<IceAgentOptions, IceAgentOptions>? configureB = null, bool withTurn = true)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Network = new SimulatedNetwork(Time, seed);
        Network.AddStunServer(StunServer);
        Network.AddTurnServer(TurnServer, TurnServer.Address);
        HostA = natA is null
            ? Network.AddHost(IPAddress.Parse("203.0.113.10"))
            : Network.AddHost(IPAddress.Parse("10.0.1.10"), Network.AddNat(IPAddress.Parse("203.0.113.1"), natA));
        HostB = natB is null
            ? Network.AddHost(IPAddress.Parse("203.0.113.20"))
            : Network.AddHost(IPAddress.Parse("10.0.2.10"), Network.AddNat(IPAddress.Parse("203.0.113.2"), natB));
        IceTurnServer[] turn = withTurn ? [new IceTurnServer(TurnServer, "user", "pass")] : [];
        var baseOptions = new IceAgentOptions
        {
            StunServers = [StunServer],
            TurnServers = turn,
            TimeProvider = Time,
            NominationDelay = TimeSpan.FromSeconds(4),
        };
        var optionsA = baseOptions with { Role = IceRole.Controlling, Network = HostA };
        var optionsB = baseOptions with { Role = IceRole.Controlled, Network = HostB };
        A = new IceAgent(configureA?.Invoke(optionsA) ?? optionsA);
        B = new IceAgent(configureB?.Invoke(optionsB) ?? optionsB);
        A.CandidateGathered += (_, e) => B.AddRemoteCandidate(e.Candidate);
        B.CandidateGathered += (_, e) => A.AddRemoteCandidate(e.Candidate);
    }

    public FakeTimeProvider Time { get; }

    public SimulatedNetwork Network { get; }

    public SimulatedHost HostA { get; }

    public SimulatedHost HostB { get; }

    public IceAgent A { get; }

    public IceAgent B { get; }

    public TimeSpan Elapsed { get; private set; }

    public void Start()
    {
        A.SetRemoteCredentials(B.LocalUfrag, B.LocalPassword);
        B.SetRemoteCredentials(A.LocalUfrag, A.LocalPassword);
        A.StartGathering();
        B.StartGathering();
    }

    /// <summary>Advances simulated time in 10 ms steps until <paramref name="done"/> or <paramref name="max"/>.</summary>
    public bool RunUntil(Func<bool> done, TimeSpan max)
    {
        var step = TimeSpan.FromMilliseconds(10);
        var spent = TimeSpan.Zero;
        while (!done())
        {
            if (spent >= max)
            {
                return false;
            }

            Time.Advance(step);
            spent += step;
            Elapsed += step;
            SignalEndOfCandidates();
        }

        return true;
    }

    public bool RunUntilSettled(TimeSpan max) =>
        RunUntil(() => A.State is IceAgentState.Completed or IceAgentState.Failed && B.State is IceAgentState.Completed or IceAgentState.Failed, max);

    public void ResetEndOfCandidates()
    {
        _endOfCandidatesA = false;
        _endOfCandidatesB = false;
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
    }

    private void SignalEndOfCandidates()
    {
        if (!_endOfCandidatesA && A.GatheringCompletion.IsCompleted)
        {
            _endOfCandidatesA = true;
            B.AddRemoteEndOfCandidates();
        }

        if (!_endOfCandidatesB && B.GatheringCompletion.IsCompleted)
        {
            _endOfCandidatesB = true;
            A.AddRemoteEndOfCandidates();
        }
    }
}
