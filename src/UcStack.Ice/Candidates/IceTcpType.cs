namespace UcStack.Ice;

/// <summary>The role of a TCP candidate in setting up connections (RFC 6544 §4.5, the <c>tcptype</c> attribute).</summary>
public enum IceTcpType
{
    /// <summary>Not a TCP candidate.</summary>
    None,

    /// <summary>Opens outgoing connections only (<c>active</c>; MS-ICE2 <c>TCP-ACT</c>).</summary>
    Active,

    /// <summary>Accepts incoming connections only (<c>passive</c>; MS-ICE2 <c>TCP-PASS</c>).</summary>
    Passive,

    /// <summary>Simultaneous open (<c>so</c>).</summary>
    SimultaneousOpen,
}
