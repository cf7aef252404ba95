namespace UcStack.Tool.Turn;

/// <summary>The arguments of <c>ucstack turn server</c>, as given.</summary>
internal sealed record TurnServerSettings(
    string Listen,
    string Realm,
    IReadOnlyList<string> Users,
    string? RelayAddress,
    bool AllowLoopbackPeers,
    string? RelayPorts,
    bool Rfc5766Channels,
    int MaxAllocationsPerUser);
