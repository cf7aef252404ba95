namespace UcStack.Ice;

/// <summary>Which candidates an agent gathers and offers.</summary>
public enum IceGatheringPolicy
{
    /// <summary>Host, server-reflexive and relayed candidates.</summary>
    All,

    /// <summary>Relayed candidates only (hides local addresses; every path goes through TURN).</summary>
    RelayOnly,

    /// <summary>
    /// TCP host candidates only (for networks that block UDP); needs <see cref="IceAgentOptions.TcpCandidates"/>.
    /// No UDP, server-reflexive or relayed candidates.
    /// </summary>
    TcpOnly,
}
