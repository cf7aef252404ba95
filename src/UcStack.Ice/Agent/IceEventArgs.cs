namespace UcStack.Ice;

/// <summary>A local candidate was gathered (trickle it to the peer).</summary>
/// <param name="candidate">The candidate.</param>
public sealed class IceCandidateEventArgs(IceCandidate candidate) : EventArgs
{
    /// <summary>The candidate.</summary>
    public IceCandidate Candidate { get; } = candidate;
}

/// <summary>Something happened to the pair of a component: selected, or consent lost.</summary>
/// <param name="component">The component id.</param>
/// <param name="pair">The pair.</param>
public sealed class IcePairEventArgs(int component, IceCandidatePair pair) : EventArgs
{
    /// <summary>The component id.</summary>
    public int Component { get; } = component;

    /// <summary>The pair.</summary>
    public IceCandidatePair Pair { get; } = pair;
}

/// <summary>The agent changed state.</summary>
/// <param name="state">The new state.</param>
public sealed class IceStateChangedEventArgs(IceAgentState state) : EventArgs
{
    /// <summary>The new state.</summary>
    public IceAgentState State { get; } = state;
}
