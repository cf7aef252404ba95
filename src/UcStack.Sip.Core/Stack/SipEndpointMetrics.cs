using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace UcStack.Sip.Stack;

/// <summary>The endpoint's instruments (meter and activity source <c>UcStack.Sip.Stack</c>).</summary>
internal sealed class SipEndpointMetrics : IDisposable
{
    public const string Name = "UcStack.Sip.Stack";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _started;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _timedOut;
    private readonly Counter<long> _retransmissions;
    private readonly UpDownCounter<long> _activeDialogs;
    private readonly Counter<long> _challengesAnswered;
    private readonly Counter<long> _refused;

    public SipEndpointMetrics(IMeterFactory? meterFactory)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(Name) ?? new Meter(Name);
        _started = _meter.CreateCounter<long>("ucstack.sip.transactions.started", "{transaction}", "Transactions started");
        _failed = _meter.CreateCounter<long>("ucstack.sip.transactions.failed", "{transaction}", "Transactions ended by a transport error or overload");
        _timedOut = _meter.CreateCounter<long>("ucstack.sip.transactions.timed_out", "{transaction}", "Transactions ended by timer B, F or H");
        _retransmissions = _meter.CreateCounter<long>("ucstack.sip.retransmissions", "{message}", "Requests and responses sent again");
        _activeDialogs = _meter.CreateUpDownCounter<long>("ucstack.sip.dialogs.active", "{dialog}", "Early and confirmed dialogs");
        _challengesAnswered = _meter.CreateCounter<long>("ucstack.sip.auth.challenges_answered", "{challenge}", "401/407 challenges answered with a retry carrying credentials");
        _refused = _meter.CreateCounter<long>("ucstack.sip.requests.refused", "{request}", "Requests answered 503 without a transaction because the transaction table was full");
        ActivitySource = new ActivitySource(Name);
    }

    public ActivitySource ActivitySource { get; }

    public void TransactionStarted(bool client, string method) => Count(_started, client, method);

    public void TransactionFailed(bool client, string method) => Count(_failed, client, method);

    public void TimedOut(bool client, string method) => Count(_timedOut, client, method);

    public void Retransmission(string method)
    {
        if (_retransmissions.Enabled) _retransmissions.Add(1, new KeyValuePair<string, object?>("sip.method", method));
    }

    public void ChallengeAnswered(string method)
    {
        if (_challengesAnswered.Enabled) _challengesAnswered.Add(1, new KeyValuePair<string, object?>("sip.method", method));
    }

    public void Refused(string method)
    {
        if (_refused.Enabled) _refused.Add(1, new KeyValuePair<string, object?>("sip.method", method));
    }

    public void DialogCreated() => _activeDialogs.Add(1);

    public void DialogEnded() => _activeDialogs.Add(-1);

    private static void Count(Counter<long> counter, bool client, string method)
    {
        if (!counter.Enabled) return;
        counter.Add(1, new KeyValuePair<string, object?>("sip.direction", client ? "client" : "server"), new KeyValuePair<string, object?>("sip.method", method));
    }

    public void Dispose()
    {
        ActivitySource.Dispose();
        if (_ownsMeter) _meter.Dispose();
    }
}
