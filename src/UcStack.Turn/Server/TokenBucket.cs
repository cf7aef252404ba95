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
