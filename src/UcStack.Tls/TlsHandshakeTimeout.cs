namespace UcStack.Tls;

/// <summary>The cancellation of one handshake: the caller's token linked with a TimeProvider-driven timeout.</summary>
internal sealed class TlsHandshakeTimeout : IDisposable
{
    private readonly CancellationTokenSource? _timeout;
    private readonly CancellationTokenSource _linked;

    private TlsHandshakeTimeout(CancellationTokenSource? timeout, CancellationTokenSource linked)
    {
        _timeout = timeout;
        _linked = linked;
    }

    internal CancellationToken Token => _linked.Token;

    internal bool TimedOut => _timeout?.IsCancellationRequested == true;

    internal static void Validate(TimeSpan timeout)
    {
        if (timeout != Timeout.InfiniteTimeSpan && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"The handshake timeout must be positive or Timeout.InfiniteTimeSpan, not {timeout}.", nameof(timeout));
        }
    }

    /// <summary>Starts the clock now, so the timeout covers the whole handshake.</summary>
    internal static TlsHandshakeTimeout Start(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return new TlsHandshakeTimeout(null, CancellationTokenSource.CreateLinkedTokenSource(cancellationToken));
        }

        var timer = new CancellationTokenSource(timeout, timeProvider);
        return new TlsHandshakeTimeout(timer, CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token));
    }

    public void Dispose()
    {
        _linked.Dispose();
        _timeout?.Dispose();
    }
}
