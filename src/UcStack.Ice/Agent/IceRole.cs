namespace UcStack.Ice;

/// <summary>The agent's role (RFC 8445 §6.1.1): the controlling agent nominates, the controlled agent follows.</summary>
public enum IceRole
{
    /// <summary>Nominates the pairs (usually the offerer).</summary>
    Controlling,

    /// <summary>Accepts the peer's nominations.</summary>
    Controlled,
}
