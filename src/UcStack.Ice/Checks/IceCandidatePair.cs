namespace UcStack.Ice;

/// <summary>A snapshot of a candidate pair (RFC 8445 §6.1.2): what the agent checked or selected.</summary>
/// <param name="Local">The local candidate (for a reflexive one, packets leave from its base).</param>
/// <param name="Remote">The remote candidate.</param>
/// <param name="Priority">The RFC 8445 §6.1.2.3 pair priority under the agent's role when the snapshot was taken.</param>
/// <param name="State">The pair state.</param>
/// <param name="IsNominated">Whether the pair was nominated (RFC 8445 §8.1.1).</param>
public sealed record IceCandidatePair(IceCandidate Local, IceCandidate Remote, ulong Priority, IceCandidatePairState State, bool IsNominated)
{
    /// <summary>Describes the pair as <c>&lt;local type&gt; &lt;addr&gt; -&gt; &lt;remote type&gt; &lt;addr&gt;</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        $"{IceCandidate.TypeToken(Local.Type)} {Local.EndPoint} -> {IceCandidate.TypeToken(Remote.Type)} {Remote.EndPoint}";
}
