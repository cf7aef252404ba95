using System.Diagnostics.Metrics;

namespace UcStack.Ice;

/// <summary>The <c>UcStack.Ice</c> meter: checks, selections, role conflicts, consent losses.</summary>
internal sealed class IceMetrics : IDisposable
{
    public const string MeterName = "UcStack.Ice";

    private readonly Meter? _ownedMeter;
    private readonly Counter<long> _checksSent;
    private readonly Counter<long> _checksReceived;
    private readonly Counter<long> _retransmissions;
    private readonly Counter<long> _candidates;
    private readonly Counter<long> _selected;
    private readonly Counter<long> _roleConflicts;
    private readonly Counter<long> _consentLost;

    public IceMetrics(IMeterFactory? factory)
    {
        var meter = factory?.Create(MeterName) ?? (_ownedMeter = new Meter(MeterName));
        _checksSent = meter.CreateCounter<long>("ucstack.ice.checks.sent", description: "Connectivity checks sent (first transmissions).");
        _checksReceived = meter.CreateCounter<long>("ucstack.ice.checks.received", description: "Authenticated connectivity checks answered.");
        _retransmissions = meter.CreateCounter<long>("ucstack.ice.retransmissions", description: "STUN requests retransmitted by ICE agents.");
        _candidates = meter.CreateCounter<long>("ucstack.ice.candidates.gathered", description: "Local candidates gathered (tag ice.candidate.type).");
        _selected = meter.CreateCounter<long>("ucstack.ice.pairs.selected", description: "Pairs selected (tag ice.candidate.type of the local candidate).");
        _roleConflicts = meter.CreateCounter<long>("ucstack.ice.role_conflicts", description: "Role switches after a conflict.");
        _consentLost = meter.CreateCounter<long>("ucstack.ice.consent.lost", description: "Selected pairs whose consent expired.");
    }

    public void CheckSent() => _checksSent.Add(1);

    public void CheckReceived() => _checksReceived.Add(1);

    public void Retransmitted() => _retransmissions.Add(1);

    public void RoleConflict() => _roleConflicts.Add(1);

    public void ConsentLost() => _consentLost.Add(1);

    public void CandidateGathered(IceCandidateType type)
    {
        if (_candidates.Enabled)
        {
            _candidates.Add(1, new KeyValuePair<string, object?>("ice.candidate.type", IceCandidate.TypeToken(type)));
        }
    }

    public void PairSelected(IceCandidateType type)
    {
        if (_selected.Enabled)
        {
            _selected.Add(1, new KeyValuePair<string, object?>("ice.candidate.type", IceCandidate.TypeToken(type)));
        }
    }

    public void Dispose() => _ownedMeter?.Dispose();
}
