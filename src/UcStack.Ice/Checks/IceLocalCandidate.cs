namespace UcStack.Ice;

/// <summary>A local candidate with what the agent needs to send from it: its base and the socket of that base.</summary>
internal sealed class IceLocalCandidate
{
    public IceLocalCandidate(IceCandidate candidate, IIceSocket socket, IceLocalCandidate? baseCandidate = null)
    {
        Candidate = candidate;
        Socket = socket;
        Base = baseCandidate ?? this;
    }

    public IceCandidate Candidate { get; }

    /// <summary>RFC 8445 §5.1.1: the address the agent sends from for this candidate (itself for host and relayed).</summary>
    public IceLocalCandidate Base { get; }

    public IIceSocket Socket { get; }

    public int Component => Candidate.Component;

    public bool IsBase => ReferenceEquals(Base, this);
}
