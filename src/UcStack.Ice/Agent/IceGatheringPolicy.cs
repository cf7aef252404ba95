namespace UcStack.Ice;

/// <summary>Which candidates an agent gathers and offers.</summary>
public enum IceGatheringPolicy
{
    /// <summary>Host, server-reflexive and relayed candidates.</summary>
    All,

    /// <summary>Relayed candidates only (hides local addresses; every path goes through TURN).</summary>
    RelayOnly,
}
