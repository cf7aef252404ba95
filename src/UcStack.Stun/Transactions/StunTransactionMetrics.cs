using System.Diagnostics.Metrics;

namespace UcStack.Stun;

/// <summary>The meter name every UcStack.Stun instrument lives in.</summary>
internal static class StunMetrics
{
    public const string MeterName = "UcStack.Stun";
}

/// <summary>Client transaction counters (ucstack.stun.transactions.*).</summary>
internal sealed class StunTransactionMetrics
{
    private readonly Counter<long> _started;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _retransmissions;

    public StunTransactionMetrics(Meter meter)
    {
        _started = meter.CreateCounter<long>("ucstack.stun.transactions.started", "{transaction}", "STUN client transactions started.");
        _failed = meter.CreateCounter<long>("ucstack.stun.transactions.failed", "{transaction}", "STUN client transactions that ended without a response (timeout, transport error, cancel).");
        _retransmissions = meter.CreateCounter<long>("ucstack.stun.transactions.retransmissions", "{request}", "STUN requests sent again over an unreliable transport.");
    }

    public void TransactionStarted(StunMethod method)
    {
        if (_started.Enabled)
        {
            _started.Add(1, new KeyValuePair<string, object?>("stun.method", method.ToString()));
        }
    }

    public void TransactionFailed(StunMethod method, string reason)
    {
        if (_failed.Enabled)
        {
            _failed.Add(1, new KeyValuePair<string, object?>("stun.method", method.ToString()), new KeyValuePair<string, object?>("error.type", reason));
        }
    }

    public void Retransmitted(StunMethod method)
    {
        if (_retransmissions.Enabled)
        {
            _retransmissions.Add(1, new KeyValuePair<string, object?>("stun.method", method.ToString()));
        }
    }
}
