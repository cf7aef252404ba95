namespace UcStack.Ice;

/// <summary>Which ICE-TCP host candidates (RFC 6544 §4.5 tcptype) an agent gathers on each local address.</summary>
[Flags]
public enum IceTcpCandidates
{
    /// <summary>No TCP candidates (the default: UDP only).</summary>
    None = 0,

    /// <summary>Active candidates: the agent opens connections to the peer's passive candidates.</summary>
    Active = 1,

    /// <summary>Passive candidates: a listening socket that the peer's active candidates connect to.</summary>
    Passive = 2,

    /// <summary>Simultaneous-open candidates: both sides connect at once (needs <see cref="IIceTcpNetwork.SupportsSimultaneousOpen"/>).</summary>
    SimultaneousOpen = 4,

    /// <summary>Active and passive.</summary>
    ActiveAndPassive = Active | Passive,

    /// <summary>Active, passive and simultaneous-open.</summary>
    All = Active | Passive | SimultaneousOpen,
}
