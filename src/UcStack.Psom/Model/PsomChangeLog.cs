namespace UcStack.Psom;

/// <summary>
/// The last N commits in tree-version order, for replaying to reconnecting subscribers. Bounded: the oldest
/// entry goes when a new one arrives at capacity; a subscriber asking for more history gets a snapshot.
/// Not thread-safe: the conference's serial section owns it.
/// </summary>
internal sealed class PsomChangeLog
{
    private readonly PsomCommit[] _ring;
    private int _start;
    private int _count;

    public PsomChangeLog(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new PsomCommit[capacity];
    }

    public int Count => _count;

    public void Add(PsomCommit commit)
    {
        if (_count == _ring.Length)
        {
            _ring[_start] = commit;
            _start = (_start + 1) % _ring.Length;
        }
        else
        {
            _ring[(_start + _count) % _ring.Length] = commit;
            _count++;
        }
    }

    /// <summary>
    /// The commits after <paramref name="sinceVersion"/>, or <see langword="false"/> when the log no longer
    /// reaches back that far (or <paramref name="sinceVersion"/> is ahead of <paramref name="treeVersion"/>).
    /// Tree versions are contiguous, so the log covers everything after its first entry's version minus one.
    /// </summary>
    public bool TryGetSince(long sinceVersion, long treeVersion, List<PsomCommit> into)
    {
        if (sinceVersion > treeVersion)
        {
            return false;
        }

        if (sinceVersion == treeVersion)
        {
            return true;
        }

        if (_count == 0 || _ring[_start].Change.TreeVersion > sinceVersion + 1)
        {
            return false;
        }

        for (var i = 0; i < _count; i++)
        {
            var commit = _ring[(_start + i) % _ring.Length];
            if (commit.Change.TreeVersion > sinceVersion)
            {
                into.Add(commit);
            }
        }

        return true;
    }
}
