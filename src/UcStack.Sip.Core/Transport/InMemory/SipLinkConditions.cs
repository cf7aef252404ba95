namespace UcStack.Sip.Transport;

/// <summary>How a link of a <see cref="SipInMemoryNetwork"/> behaves. Datagrams (UDP) suffer all of it; stream
/// connections (TCP, TLS) only the latency, because those protocols deliver reliably and in order.</summary>
public sealed record SipLinkConditions
{
    /// <summary>A link that delivers everything at once.</summary>
    public static SipLinkConditions Perfect { get; } = new();

    /// <summary>One-way delay of every message.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>UDP: an extra delay drawn uniformly from [0, Jitter) per datagram, which reorders datagrams sent
    /// closer together than the jitter.</summary>
    public TimeSpan Jitter { get; init; }

    /// <summary>UDP: the probability (0–1) that a datagram is lost.</summary>
    public double LossRate { get; init; }

    /// <summary>UDP: the probability (0–1) that a datagram is delivered twice (each copy with its own jitter).</summary>
    public double DuplicateRate { get; init; }

    internal void Validate()
    {
        if (Latency < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Latency), Latency, "Latency cannot be negative.");
        if (Jitter < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Jitter), Jitter, "Jitter cannot be negative.");
        if (LossRate is < 0 or > 1 || double.IsNaN(LossRate)) throw new ArgumentOutOfRangeException(nameof(LossRate), LossRate, "A probability is 0–1.");
        if (DuplicateRate is < 0 or > 1 || double.IsNaN(DuplicateRate)) throw new ArgumentOutOfRangeException(nameof(DuplicateRate), DuplicateRate, "A probability is 0–1.");
    }
}
