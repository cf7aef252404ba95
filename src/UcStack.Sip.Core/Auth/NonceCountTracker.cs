namespace UcStack.Sip;

/// <summary>
/// Remembers which nonce counts each nonce has been used with (RFC 7616 §3.4: the server can detect replays by
/// watching nc), in a 64-wide sliding window per nonce and for at most a fixed number of nonces.
/// </summary>
/// <remarks>
/// Fail-safe eviction: when the table is full the entry tracked longest is dropped and its issue time raises a
/// watermark; a nonce issued at or before the watermark that is not tracked may have been evicted, so it is
/// reported as evicted (the caller answers it as stale) instead of being accepted with a fresh window.
/// </remarks>
internal sealed class NonceCountTracker(int capacity)
{
    /// <summary>How far below the highest count seen an out-of-order count is still accepted once.</summary>
    internal const int WindowSize = 64;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly Queue<(string Nonce, long IssuedAt)> _order = new();
    private long _watermark = long.MinValue;

    internal enum Outcome
    {
        Fresh,
        Replayed,
        Evicted,
    }

    /// <summary>Checks without recording (RFC 3711-style: check before authenticating, commit after).</summary>
    internal Outcome Check(string nonce, long issuedAt, uint nc)
    {
        lock (_lock) return CheckLocked(nonce, issuedAt, nc);
    }

    /// <summary>Records <paramref name="nc"/> as used, unless a concurrent request used it first.</summary>
    internal Outcome Commit(string nonce, long issuedAt, uint nc, long expiredBefore)
    {
        lock (_lock)
        {
            var outcome = CheckLocked(nonce, issuedAt, nc);
            if (outcome != Outcome.Fresh) return outcome;
            if (!_windows.TryGetValue(nonce, out var window))
            {
                DropExpired(expiredBefore);
                while (_windows.Count >= capacity && _order.TryDequeue(out var oldest))
                {
                    _windows.Remove(oldest.Nonce);
                    _watermark = Math.Max(_watermark, oldest.IssuedAt);
                }

                window = new Window();
                _windows.Add(nonce, window);
                _order.Enqueue((nonce, issuedAt));
            }

            window.Add(nc);
            return Outcome.Fresh;
        }
    }

    internal int Count
    {
        get
        {
            lock (_lock) return _windows.Count;
        }
    }

    private Outcome CheckLocked(string nonce, long issuedAt, uint nc)
    {
        if (_windows.TryGetValue(nonce, out var window)) return window.Seen(nc) ? Outcome.Replayed : Outcome.Fresh;
        return issuedAt <= _watermark ? Outcome.Evicted : Outcome.Fresh;
    }

    /// <summary>Expired nonces fail the age check anyway, so forgetting them needs no watermark.</summary>
    private void DropExpired(long expiredBefore)
    {
        while (_order.TryPeek(out var head) && head.IssuedAt < expiredBefore)
        {
            _order.Dequeue();
            _windows.Remove(head.Nonce);
        }
    }

    private sealed class Window
    {
        private uint _highest;
        private ulong _seen; // bit i: count (_highest - i) was used

        public bool Seen(uint nc)
        {
            if (_highest == 0 || nc > _highest) return false;
            var behind = _highest - nc;
            // Too far behind to know: refuse rather than accept a possible replay.
            return behind >= WindowSize || (_seen & (1UL << (int)behind)) != 0;
        }

        public void Add(uint nc)
        {
            if (nc > _highest)
            {
                var shift = nc - _highest;
                _seen = shift >= WindowSize ? 0 : _seen << (int)shift;
                _highest = nc;
                _seen |= 1;
            }
            else
            {
                _seen |= 1UL << (int)(_highest - nc);
            }
        }
    }
}
