namespace UcStack.Ice;

/// <summary>The agent's mutable view of one candidate pair.</summary>
internal sealed class IceCheckPair
{
    public IceCheckPair(IceLocalCandidate local, IceCandidate remote, bool controlling)
    {
        Local = local;
        Remote = remote;
        Foundation = local.Candidate.Foundation + ":" + remote.Foundation;
        UpdatePriority(controlling);
    }

    public IceLocalCandidate Local { get; }

    public IceCandidate Remote { get; }

    /// <summary>RFC 8445 §6.1.2.6: the pair foundation is the local and remote foundations together.</summary>
    public string Foundation { get; }

    public int Component => Local.Component;

    public ulong Priority { get; private set; }

    public IceCandidatePairState State { get; set; }

    /// <summary>In the valid list (RFC 8445 §7.2.5.3.2).</summary>
    public bool IsValid { get; set; }

    public bool IsNominated { get; set; }

    /// <summary>RFC 8445 §7.3.1.5: a USE-CANDIDATE arrived before this pair's own check succeeded.</summary>
    public bool NominateOnSuccess { get; set; }

    /// <summary>The valid pair this pair's successful check produced (RFC 8445 §7.2.5.3.2), if any.</summary>
    public IceCheckPair? ValidPair { get; set; }

    public void UpdatePriority(bool controlling)
    {
        // RFC 8445 §6.1.2.3: G is the controlling agent's candidate priority, D the controlled agent's.
        var local = Local.Candidate.Priority;
        var remote = Remote.Priority;
        Priority = controlling ? IcePriority.ForPair(local, remote) : IcePriority.ForPair(remote, local);
    }

    public IceCandidatePair ToSnapshot() => new(Local.Candidate, Remote, Priority, State, IsNominated);

    public override string ToString() => ToSnapshot().ToString();
}
