namespace UcStack.Stun;

/// <summary>
/// Client transaction timing (RFC 8489 §6.2). The defaults are the RFC's: over UDP requests go out at
/// 0, 500, 1500, 3500, 7500, 15500 and 31500 ms and the transaction fails at 39500 ms; over TCP nothing is
/// retransmitted and the transaction fails after Ti = 39.5 s.
/// </summary>
public sealed record StunTransactionOptions
{
    /// <summary>RTO, the first retransmission interval; it doubles after every retransmission (RFC 8489 §6.2.1, default 500 ms).</summary>
    public TimeSpan InitialRto { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Rc, the total number of requests sent over an unreliable transport (RFC 8489 §6.2.1, default 7).</summary>
    public int MaxRequestCount { get; init; } = 7;

    /// <summary>Rm: after the last request the client waits Rm × RTO for a response (RFC 8489 §6.2.1, default 16).</summary>
    public int FinalWaitMultiplier { get; init; } = 16;

    /// <summary>Ti, the transaction timeout over a reliable transport (RFC 8489 §6.2.2, default 39.5 s).</summary>
    public TimeSpan ReliableTimeout { get; init; } = TimeSpan.FromMilliseconds(39500);

    /// <summary>Transactions one manager keeps open at once; more are refused (a bound on memory).</summary>
    public int MaxPendingTransactions { get; init; } = 1024;

    /// <summary>Requests larger than this are refused; responses larger than this are not accepted.</summary>
    public int MaxMessageLength { get; init; } = StunStreamFramer.MaxStunFrameLength;

    /// <summary>
    /// How requests and responses are parsed. <see cref="StunParseOptions.AllowMsTurnFormat"/> lets the manager
    /// run MS-TURN transactions (cookie-less header, 16-byte transaction id); default RFC 8489 only.
    /// </summary>
    public StunParseOptions ParseOptions { get; init; } = StunParseOptions.Default;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(ParseOptions, nameof(ParseOptions));
        if (InitialRto <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(InitialRto), InitialRto, "RTO must be positive.");
        }

        if (ReliableTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ReliableTimeout), ReliableTimeout, "Ti must be positive.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRequestCount, 1, nameof(MaxRequestCount));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxRequestCount, 30, nameof(MaxRequestCount));
        ArgumentOutOfRangeException.ThrowIfLessThan(FinalWaitMultiplier, 1, nameof(FinalWaitMultiplier));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPendingTransactions, 1, nameof(MaxPendingTransactions));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMessageLength, StunConstants.HeaderLength, nameof(MaxMessageLength));
    }
}
