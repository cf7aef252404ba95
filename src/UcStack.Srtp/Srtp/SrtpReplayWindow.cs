namespace UcStack.Srtp;

/// <summary>
/// Sliding replay window over packet indices (RFC 3711 §3.3.2): remembers which of the last <c>size</c> indices
/// up to the highest one were received. A bitmap addressed by index modulo its capacity, so sliding costs only the
/// words that leave. Check before authenticating, <see cref="Commit"/> after (so forgeries cannot move it).
/// </summary>
internal sealed class SrtpReplayWindow
{
    private readonly ulong[] _bits;
    private readonly int _size;
    private readonly ulong _capacityMask;
    private ulong _highest;
    private bool _started;

    internal SrtpReplayWindow(int size)
    {
        _size = size;
        var capacity = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(size, 64));
        _bits = new ulong[capacity / 64];
        _capacityMask = (ulong)capacity - 1;
    }

    /// <summary>The highest index committed so far (valid once something was committed).</summary>
    internal ulong Highest => _highest;

    internal bool IsStarted => _started;

    /// <summary>Classifies <paramref name="index"/> without changing the window.</summary>
    internal SrtpStatus Check(ulong index)
    {
        if (!_started || index > _highest)
        {
            return SrtpStatus.Ok;
        }

        // RFC 3711 §3.3.2: an index to the left of the window is dropped ("too old").
        if (_highest - index >= (ulong)_size)
        {
            return SrtpStatus.TooOld;
        }

        var bit = index & _capacityMask;
        return (_bits[bit >> 6] & (1UL << (int)(bit & 63))) != 0 ? SrtpStatus.Replayed : SrtpStatus.Ok;
    }

    /// <summary>Marks <paramref name="index"/> as received, sliding the window when it is the new highest.</summary>
    internal void Commit(ulong index)
    {
        if (!_started)
        {
            Array.Clear(_bits);
            _started = true;
            _highest = index;
        }
        else if (index > _highest)
        {
            var advance = index - _highest;
            if (advance > _capacityMask)
            {
                Array.Clear(_bits);
            }
            else
            {
                // Clear the slots of the indices skipped over: they are now inside the window but unseen.
                for (var i = _highest + 1; i < index; i++)
                {
                    var skipped = i & _capacityMask;
                    if ((skipped & 63) == 0 && index - i >= 64)
                    {
                        _bits[skipped >> 6] = 0;
                        i += 63;
                        continue;
                    }

                    _bits[skipped >> 6] &= ~(1UL << (int)(skipped & 63));
                }
            }

            _highest = index;
        }

        var bit = index & _capacityMask;
        _bits[bit >> 6] |= 1UL << (int)(bit & 63);
    }

    /// <summary>Forgets everything (used by benchmarks to replay a fixed set of packets).</summary>
    internal void Reset()
    {
        Array.Clear(_bits);
        _started = false;
        _highest = 0;
    }
}
