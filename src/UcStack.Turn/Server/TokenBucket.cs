namespace UcStack.Turn.Server;

/// <summary>
/// A byte-rate limiter: the bucket holds at most one second of the rate and refills continuously from
/// <see cref="TimeProvider"/> timestamps. Not thread-safe (the engine's lock guards it).
/// </summary>
internal sealed class TokenBucket
{
    private readonly long _bytesPerSecond;
    private readonly long _frequency;
    private double _tokens;
    private long _lastTimestamp;

    public TokenBucket(long bytesPerSecond, long timestampFrequency, long now)
    {
        _bytesPerSecond = bytesPerSecond;
        _frequency = timestampFrequency;
        _tokens = bytesPerSecond;
        _lastTimestamp = now;
    }

    /// <summary>The most one take can ask for: the bucket holds one second of the rate.</summary>
    public long Capacity => _bytesPerSecond;

    /// <summary>
    /// Takes <paramref name="bytes"/> tokens if there are enough; otherwise takes nothing and reports in
    /// <paramref name="waitTicks"/> (timestamp ticks) how long until there will be, for callers that wait
    /// (TCP back-pressure) instead of dropping.
    /// </summary>
    public bool TryTake(int bytes, long now, out long waitTicks)
    {
        if (TryTake(bytes, now))
        {
            waitTicks = 0;
            return true;
        }

        var missing = Math.Min(bytes, _bytesPerSecond) - _tokens;
        waitTicks = Math.Max(1, (long)Math.Ceiling(missing * _frequency / _bytesPerSecond));
        return false;
    }

    /// <summary>Takes <paramref name="bytes"/> tokens if there are enough; false means drop the packet.</summary>
    public bool TryTake(int bytes, long now)
    {
        if (now > _lastTimestamp)
        {
            _tokens = Math.Min(_bytesPerSecond, _tokens + ((double)(now - _lastTimestamp) * _bytesPerSecond / _frequency));
            _lastTimestamp = now;
        }

        if (_tokens < bytes)
        {
            return false;
        }

        _tokens -= bytes;
        return true;
    }
}
