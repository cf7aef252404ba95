using System.Diagnostics.Metrics;

namespace UcStack.C3P;

/// <summary>The focus factory's instruments on the <c>UcStack.C3P</c> meter.</summary>
internal sealed class ConferenceFocusMetrics : IDisposable
{
    public const string MeterName = "UcStack.C3P";
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _commands;
    private readonly UpDownCounter<long> _conferences;

    public ConferenceFocusMetrics(IMeterFactory? meterFactory)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _commands = _meter.CreateCounter<long>("ucstack.c3p.commands", "{command}", "C3P requests answered, by command and outcome");
        _conferences = _meter.CreateUpDownCounter<long>("ucstack.c3p.conferences.active", "{conference}", "Conferences whose focus is running");
    }

    public void Answered(C3PResponse response)
    {
        if (!_commands.Enabled) return;
        var outcome = response.Code == C3PResponseCode.Success ? "success" : response.Command.Reason ?? "failure";
        _commands.Add(1, new KeyValuePair<string, object?>("command", response.Command.Name), new KeyValuePair<string, object?>("outcome", outcome));
    }

    public void ConferenceStarted() => _conferences.Add(1);

    public void ConferenceEnded() => _conferences.Add(-1);

    public void Dispose()
    {
        if (_ownsMeter) _meter.Dispose();
    }
}
