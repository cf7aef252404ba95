namespace UcStack.Sip.Transport;

/// <summary>
/// The bytes of incomplete messages held by all stream connections of one layer, against
/// <see cref="SipSocketTransportOptions.MaxBufferedBytes"/>. Each connection is bounded on its own by the parser
/// limits; this bounds the sum, so many slow peers cannot together hold an unbounded amount of memory.
/// </summary>
internal sealed class SipBufferBudget(long limit)
{
    private long _used;

    /// <summary>The bytes charged now.</summary>
    public long Used => Interlocked.Read(ref _used);

    /// <summary>The cap.</summary>
    public long Limit => limit;

    /// <summary>Whether the total is above the cap now.</summary>
    public bool IsOver => Used > limit;

    /// <summary>Charges (positive) or releases (negative) bytes.</summary>
    /// <returns><see langword="true"/> when the total is above the cap after the change.</returns>
    public bool Add(long delta) => delta == 0 ? IsOver : Interlocked.Add(ref _used, delta) > limit;
}
