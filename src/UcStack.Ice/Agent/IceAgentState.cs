namespace UcStack.Ice;

/// <summary>Where an agent is in its life (RFC 8445 §6.1.3 checklist states, plus the phases around them).</summary>
public enum IceAgentState
{
    /// <summary>Created; <see cref="IceAgent.StartGathering"/> not called yet.</summary>
    New,

    /// <summary>Gathering and/or checking; no pair selected for every component yet.</summary>
    Checking,

    /// <summary>A nominated pair is selected for every component (RFC 8445 §8.1.2 Completed).</summary>
    Completed,

    /// <summary>Some component has no usable pair and nothing left to check (RFC 8445 §8.1.2 Failed), or consent was lost.</summary>
    Failed,

    /// <summary>Disposed.</summary>
    Closed,
}
