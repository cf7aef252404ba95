using System.Net.Sockets;

namespace UcStack.Ice;

/// <summary>
/// The checklist of one data stream (RFC 8445 §6.1.2): pairing, pruning, ordering, the pair states, foundation
/// unfreezing and the triggered-check queue. Pure logic: no clock, no sockets; the agent calls
/// <see cref="NextCheck"/> once per Ta and reports outcomes. Not thread-safe (the agent serializes access).
/// </summary>
internal sealed class IceCheckList
{
    private readonly List<IceCheckPair> _pairs = [];
    private readonly LinkedList<IceCheckPair> _triggered = new();
    private readonly int _maxPairs;
    private readonly bool _msIce2;
    private bool _controlling;
    private bool _lastWasTriggered;

    public IceCheckList(bool controlling, int maxPairs = 100, bool msIce2 = false)
    {
        _controlling = controlling;
        _maxPairs = maxPairs;
        _msIce2 = msIce2;
    }

    /// <summary>Pairs in priority order, highest first.</summary>
    public IReadOnlyList<IceCheckPair> Pairs => _pairs;

    public int TriggeredCount => _triggered.Count;

    public bool IsControlling => _controlling;

    /// <summary>
    /// Pairs a new local candidate with every compatible remote one (RFC 8445 §6.1.2.2), replacing a reflexive
    /// local candidate by its base and dropping redundant pairs (§6.1.2.4).
    /// </summary>
    public void AddLocal(IceLocalCandidate local, IEnumerable<IceCandidate> remotes)
    {
        foreach (var remote in remotes)
        {
            TryAddPair(local, remote);
        }

        UnfreezeFoundations();
    }

    /// <summary>Pairs a new remote candidate with every compatible local one (trickle-friendly: any time).</summary>
    public void AddRemote(IceCandidate remote, IEnumerable<IceLocalCandidate> locals)
    {
        foreach (var local in locals)
        {
            TryAddPair(local, remote);
        }

        UnfreezeFoundations();
    }

    /// <summary>Adds one pair outside formation (peer-reflexive remote, triggered check) in the Waiting state.</summary>
    public IceCheckPair AddTriggeredPair(IceLocalCandidate local, IceCandidate remote)
    {
        var existing = Find(local.Base, remote);
        if (existing is not null)
        {
            return existing;
        }

        var pair = new IceCheckPair(local.Base, remote, _controlling) { State = IceCandidatePairState.Waiting };
        Insert(pair);
        return pair;
    }

    public IceCheckPair? Find(IceLocalCandidate localBase, IceCandidate remote)
    {
        foreach (var pair in _pairs)
        {
            if (ReferenceEquals(pair.Local, localBase) && pair.Remote.EndPoint.Equals(remote.EndPoint) && pair.Remote.Transport == remote.Transport)
            {
                return pair;
            }
        }

        return null;
    }

    public static bool CanPair(IceCandidate local, IceCandidate remote)
    {
        // RFC 8445 §6.1.2.2: same component, same address family; RFC 6544 §6.2: TCP active pairs with passive, so with so.
        if (local.Component != remote.Component
            || local.EndPoint.AddressFamily != remote.EndPoint.AddressFamily
            || local.Transport != remote.Transport)
        {
            return false;
        }

        if (local.Transport == IceTransportProtocol.Udp)
        {
            return true;
        }

        return (local.TcpType, remote.TcpType) is (IceTcpType.Active, IceTcpType.Passive)
            or (IceTcpType.Passive, IceTcpType.Active)
            or (IceTcpType.SimultaneousOpen, IceTcpType.SimultaneousOpen);
    }

    /// <summary>
    /// Chooses the next check (RFC 8445 §6.1.4.2): the head of the triggered-check queue, else the highest-priority
    /// Waiting pair, else unfreezes the highest-priority Frozen pair whose foundation has nothing Waiting or In-Progress.
    /// The chosen pair is moved to In-Progress. Returns null when there is nothing to check.
    /// </summary>
    public IceCheckPair? NextCheck()
    {
        // Triggered checks go first (RFC 8445 §6.1.4.2), but not twice in a row while ordinary checks wait: NATs with
        // address-and-port-dependent mapping can feed the queue forever with new peer-reflexive ports, and the
        // ordinary checks (relayed pairs among them) must still get every other Ta slot.
        if (_lastWasTriggered && NextOrdinary() is { } ordinary)
        {
            _lastWasTriggered = false;
            return ordinary;
        }

        while (_triggered.First is { } node)
        {
            _triggered.RemoveFirst();
            var pair = node.Value;
            if (pair.State == IceCandidatePairState.Waiting)
            {
                pair.State = IceCandidatePairState.InProgress;
                _lastWasTriggered = true;
                return pair;
            }
        }

        _lastWasTriggered = false;
        return NextOrdinary();
    }

    private IceCheckPair? NextOrdinary()
    {
        var waiting = FirstInState(IceCandidatePairState.Waiting, skipTriggered: true);
        if (waiting is null)
        {
            foreach (var pair in _pairs)
            {
                if (pair.State == IceCandidatePairState.Frozen && !FoundationActive(pair.Foundation))
                {
                    waiting = pair;
                    break;
                }
            }
        }

        if (waiting is not null)
        {
            waiting.State = IceCandidatePairState.InProgress;
        }

        return waiting;
    }

    /// <summary>
    /// Queues a triggered check (RFC 8445 §7.3.1.4): Waiting, Frozen and Failed pairs go to Waiting and join the
    /// queue; Succeeded pairs are left alone; for an In-Progress pair the result is <see langword="true"/>: the
    /// agent SHOULD retransmit that check at once.
    /// </summary>
    /// <returns>Whether the pair's check in progress should be retransmitted now.</returns>
    public bool EnqueueTriggered(IceCheckPair pair)
    {
        switch (pair.State)
        {
            case IceCandidatePairState.Succeeded:
                return false;
            case IceCandidatePairState.InProgress:
                return true;
            default:
                pair.State = IceCandidatePairState.Waiting;
                if (!_triggered.Contains(pair))
                {
                    _triggered.AddLast(pair);
                }

                return false;
        }
    }

    /// <summary>RFC 8445 §7.2.5.3.3: success unfreezes every Frozen pair with the same foundation.</summary>
    public void MarkSucceeded(IceCheckPair pair)
    {
        pair.State = IceCandidatePairState.Succeeded;
        foreach (var other in _pairs)
        {
            if (other.State == IceCandidatePairState.Frozen && other.Foundation == pair.Foundation)
            {
                other.State = IceCandidatePairState.Waiting;
            }
        }
    }

    /// <summary>
    /// RFC 5245 §8.1.2: after a nomination, the component's Waiting and Frozen pairs leave the schedule (they are
    /// marked Failed, and leave the triggered queue); a later triggered check may still revive one.
    /// </summary>
    public void StopPending(int component)
    {
        foreach (var pair in _pairs)
        {
            if (pair.Component == component && pair.State is IceCandidatePairState.Waiting or IceCandidatePairState.Frozen)
            {
                pair.State = IceCandidatePairState.Failed;
                _triggered.Remove(pair);
            }
        }
    }

    public void MarkFailed(IceCheckPair pair)
    {
        pair.State = IceCandidatePairState.Failed;
        UnfreezeFoundations();
    }

    /// <summary>A role switch recomputes every pair priority (RFC 8445 §7.3.1.1) and reorders the list.</summary>
    public void SetRole(bool controlling)
    {
        _controlling = controlling;
        foreach (var pair in _pairs)
        {
            pair.UpdatePriority(controlling);
        }

        _pairs.Sort(static (a, b) => b.Priority.CompareTo(a.Priority));
    }

    /// <summary>Whether any pair of <paramref name="component"/> may still succeed (not Succeeded or Failed yet).</summary>
    public bool HasPending(int component, ulong abovePriority = 0)
    {
        foreach (var pair in _pairs)
        {
            if (pair.Component == component && pair.Priority > abovePriority
                && pair.State is IceCandidatePairState.Frozen or IceCandidatePairState.Waiting or IceCandidatePairState.InProgress)
            {
                return true;
            }
        }

        return false;
    }

    public int Count(IceCandidatePairState state)
    {
        var count = 0;
        foreach (var pair in _pairs)
        {
            if (pair.State == state)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Whether every pair with <paramref name="remote"/> has failed (or there is none).</summary>
    public bool AllFailed(IceCandidate remote) =>
        _pairs.TrueForAll(p => !ReferenceEquals(p.Remote, remote) || p.State == IceCandidatePairState.Failed);

    /// <summary>Forgets the pairs of a remote candidate that is being dropped.</summary>
    public void RemoveRemote(IceCandidate remote)
    {
        foreach (var pair in _pairs.Where(p => ReferenceEquals(p.Remote, remote)).ToList())
        {
            _triggered.Remove(pair);
            _pairs.Remove(pair);
        }
    }

    public void Clear()
    {
        _pairs.Clear();
        _triggered.Clear();
    }

    private void TryAddPair(IceLocalCandidate local, IceCandidate remote)
    {
        if (!(CanPair(local.Candidate, remote) || IsMsIce2ListeningActive(local.Candidate, remote)) || remote.EndPoint.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            return;
        }

        // RFC 6544 §6.2: pairs whose local candidate is passive are pruned; the agent never connects from it. The pair
        // over a connection the peer opens is added as a triggered pair with a peer-reflexive remote instead.
        if (local.Candidate.TcpType == IceTcpType.Passive)
        {
            return;
        }

        // RFC 8445 §6.1.2.4: a reflexive local candidate is replaced by its base, and of two redundant pairs the
        // higher-priority one stays. The base (host) pair outranks the reflexive one, so it is the one kept.
        if (Find(local.Base, remote) is not null)
        {
            return;
        }

        Insert(new IceCheckPair(local.Base, remote, _controlling));
    }

    /// <summary>
    /// MS-ICE2 (pre-RFC 6544 TCP): a TCP-ACT candidate "in practice may act as active and passive", so in MS-ICE2 mode
    /// a remote TCP-ACT candidate with a real port (not the RFC 6544 placeholder 9) is also tried as a passive one.
    /// </summary>
    private bool IsMsIce2ListeningActive(IceCandidate local, IceCandidate remote) =>
        _msIce2
        && local.TcpType == IceTcpType.Active && remote.TcpType == IceTcpType.Active
        && remote.EndPoint.Port != IceTcpSocket.ActivePort
        && local.Component == remote.Component
        && local.EndPoint.AddressFamily == remote.EndPoint.AddressFamily;

    private void Insert(IceCheckPair pair)
    {
        var index = _pairs.FindIndex(p => p.Priority < pair.Priority);
        _pairs.Insert(index < 0 ? _pairs.Count : index, pair);

        // RFC 8445 §6.1.2.5: limit the checklist, dropping the lowest-priority failed pairs first, then frozen ones.
        while (_pairs.Count > _maxPairs)
        {
            var victim = _pairs.FindLastIndex(p => p.State == IceCandidatePairState.Failed);
            if (victim < 0)
            {
                victim = _pairs.FindLastIndex(p => p.State == IceCandidatePairState.Frozen);
            }

            if (victim < 0)
            {
                break;
            }

            _triggered.Remove(_pairs[victim]);
            _pairs.RemoveAt(victim);
        }
    }

    /// <summary>
    /// RFC 8445 §6.1.2.6 (initial states) and RFC 8838 §10 (pairs added later): for each foundation with no pair
    /// Waiting, In-Progress or Succeeded, the Frozen pair with the lowest component id and, among those, the highest
    /// priority becomes Waiting.
    /// </summary>
    private void UnfreezeFoundations()
    {
        Dictionary<string, IceCheckPair?>? best = null;
        foreach (var pair in _pairs)
        {
            best ??= [];
            if (pair.State is IceCandidatePairState.Waiting or IceCandidatePairState.InProgress or IceCandidatePairState.Succeeded)
            {
                best[pair.Foundation] = null;
                continue;
            }

            if (pair.State != IceCandidatePairState.Frozen)
            {
                continue;
            }

            if (!best.TryGetValue(pair.Foundation, out var current))
            {
                best[pair.Foundation] = pair;
            }
            else if (current is not null && pair.Component < current.Component)
            {
                best[pair.Foundation] = pair;
            }
        }

        if (best is null)
        {
            return;
        }

        foreach (var pair in best.Values)
        {
            if (pair is not null)
            {
                pair.State = IceCandidatePairState.Waiting;
            }
        }
    }

    private IceCheckPair? FirstInState(IceCandidatePairState state, bool skipTriggered = false)
    {
        foreach (var pair in _pairs)
        {
            if (pair.State == state && !(skipTriggered && _triggered.Contains(pair)))
            {
                return pair;
            }
        }

        return null;
    }

    private bool FoundationActive(string foundation)
    {
        foreach (var pair in _pairs)
        {
            if (pair.Foundation == foundation && pair.State is IceCandidatePairState.Waiting or IceCandidatePairState.InProgress)
            {
                return true;
            }
        }

        return false;
    }
}
