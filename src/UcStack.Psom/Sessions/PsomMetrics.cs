using System.Diagnostics.Metrics;

namespace UcStack.Psom;

/// <summary>Psom instruments; the Meter comes from the host's IMeterFactory when given, else a private one.</summary>
internal sealed class PsomMetrics : IDisposable
{
    public const string MeterName = "UcStack.Psom";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;

    public PsomMetrics(IMeterFactory? meterFactory)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        ActiveSessions = _meter.CreateUpDownCounter<long>("ucstack.psom.sessions.active", description: "Admitted Psom sessions currently open");
        Changes = _meter.CreateCounter<long>("ucstack.psom.changes.committed", description: "Object changes the server committed");
        DroppedSessions = _meter.CreateCounter<long>("ucstack.psom.sessions.dropped", description: "Sessions closed by the server for cause");
    }

    public UpDownCounter<long> ActiveSessions { get; }

    public Counter<long> Changes { get; }

    public Counter<long> DroppedSessions { get; }

    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }
}
