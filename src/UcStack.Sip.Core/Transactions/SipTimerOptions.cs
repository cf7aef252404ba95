namespace UcStack.Sip.Transactions;

/// <summary>
/// The RFC 3261 §17 timer base values. Every transaction timer (A–M) is derived from these as Table 4 of
/// RFC 3261 §A and RFC 6026 §8.3 prescribe.
/// </summary>
public sealed record SipTimerOptions
{
    /// <summary>The defaults: T1 500 ms, T2 4 s, T4 5 s, Timer D 32 s.</summary>
    public static SipTimerOptions Default { get; } = new();

    /// <summary>RTT estimate (RFC 3261 §17.1.1.1); default 500 ms.</summary>
    public TimeSpan T1 { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Maximum retransmission interval for non-INVITE requests and INVITE responses; default 4 s.</summary>
    public TimeSpan T2 { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Maximum time a message stays in the network; default 5 s.</summary>
    public TimeSpan T4 { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Timer D on unreliable transports (RFC 3261 §17.1.1.2: at least 32 s); default 32 s.</summary>
    public TimeSpan TimerDUnreliable { get; init; } = TimeSpan.FromSeconds(32);

    /// <summary>64·T1: timers B, F, H, J (unreliable), L and M.</summary>
    public TimeSpan SixtyFourT1 => T1 * 64;

    /// <summary>Checks every value is positive and T2 is not below T1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is zero, negative, or T2 &lt; T1.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(T1, TimeSpan.Zero, nameof(T1));
        ArgumentOutOfRangeException.ThrowIfLessThan(T2, T1, nameof(T2));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(T4, TimeSpan.Zero, nameof(T4));
        ArgumentOutOfRangeException.ThrowIfLessThan(TimerDUnreliable, TimeSpan.Zero, nameof(TimerDUnreliable));
    }
}
