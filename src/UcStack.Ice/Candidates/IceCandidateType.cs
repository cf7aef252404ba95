namespace UcStack.Ice;

/// <summary>The kinds of candidate (RFC 8445 §5.1.1; the <c>typ</c> tokens of RFC 8839 §5.1).</summary>
public enum IceCandidateType
{
    /// <summary>An address on a local interface (<c>host</c>).</summary>
    Host,

    /// <summary>An address a NAT mapped for us, learned from a STUN server (<c>srflx</c>).</summary>
    ServerReflexive,

    /// <summary>An address learned from a connectivity check (<c>prflx</c>).</summary>
    PeerReflexive,

    /// <summary>An address on a TURN relay (<c>relay</c>).</summary>
    Relayed,
}
