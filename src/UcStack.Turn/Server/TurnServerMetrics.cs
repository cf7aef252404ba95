using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace UcStack.Turn.Server;

/// <summary>
/// Server instruments: <c>ucstack.turn.allocations.active</c> (up-down), <c>ucstack.turn.packets.relayed</c>
/// (tag <c>direction</c> = to-peer | to-client), <c>ucstack.turn.packets.dropped</c> (tag <c>reason</c>) and
/// <c>ucstack.turn.tcp.throttled</c> (RFC 6062 data connections paused by the bandwidth quota).
/// Without an <see cref="IMeterFactory"/> nothing is recorded.
/// </summary>
internal sealed class TurnServerMetrics
{
    public const string MeterName = "UcStack.Turn.Server";

    private readonly UpDownCounter<long>? _active;
    private readonly Counter<long>? _relayed;
    private readonly Counter<long>? _dropped;
    private readonly Counter<long>? _throttled;

    public TurnServerMetrics(IMeterFactory? factory)
    {
        if (factory is null)
        {
            return;
        }

        var meter = factory.Create(MeterName);
        _active = meter.CreateUpDownCounter<long>("ucstack.turn.allocations.active", "{allocation}", "Allocations currently held.");
        _relayed = meter.CreateCounter<long>("ucstack.turn.packets.relayed", "{packet}", "Packets relayed between clients and peers.");
        _dropped = meter.CreateCounter<long>("ucstack.turn.packets.dropped", "{packet}", "Packets and messages discarded.");
        _throttled = meter.CreateCounter<long>("ucstack.turn.tcp.throttled", "{pause}", "Times an RFC 6062 data connection waited for the allocation's bandwidth quota.");
    }

    public void AllocationCreated() => _active?.Add(1);

    public void AllocationDeleted() => _active?.Add(-1);

    public void Relayed(bool toPeer)
    {
        if (_relayed is { Enabled: true })
        {
            _relayed.Add(1, new KeyValuePair<string, object?>("direction", toPeer ? "to-peer" : "to-client"));
        }
    }

    public void Throttled() => _throttled?.Add(1);

    public void Dropped(string reason)
    {
        if (_dropped is { Enabled: true })
        {
            _dropped.Add(1, new KeyValuePair<string, object?>("reason", reason));
        }
    }
}
