using System.Diagnostics.Metrics;
using UcStack.Turn.Server;

namespace UcStack.Turn.Tests.Server;

[TestFixture]
public sealed class TurnServerMetricsTests
{
    private sealed class TestMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose() => _meters.ForEach(m => m.Dispose());
    }

    [Test]
    public void Instruments_RecordAllocationsRelayedAndDropped()
    {
        using var factory = new TestMeterFactory();
        var metrics = new TurnServerMetrics(factory);
        var totals = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == TurnServerMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = instrument.Name + (tags.Length > 0 ? "/" + tags[0].Value : string.Empty);
            totals[key] = totals.GetValueOrDefault(key) + value;
        });
        listener.Start();

        metrics.AllocationCreated();
        metrics.AllocationCreated();
        metrics.AllocationDeleted();
        metrics.Relayed(toPeer: true);
        metrics.Relayed(toPeer: false);
        metrics.Relayed(toPeer: false);
        metrics.Dropped("bandwidth");

        Assert.That(totals["ucstack.turn.allocations.active"], Is.EqualTo(1));
        Assert.That(totals["ucstack.turn.packets.relayed/to-peer"], Is.EqualTo(1));
        Assert.That(totals["ucstack.turn.packets.relayed/to-client"], Is.EqualTo(2));
        Assert.That(totals["ucstack.turn.packets.dropped/bandwidth"], Is.EqualTo(1));
    }

    [Test]
    public void WithoutFactory_RecordsNothingAndDoesNotThrow()
    {
        var metrics = new TurnServerMetrics(null);
        Assert.DoesNotThrow(() =>
        {
            metrics.AllocationCreated();
            metrics.Relayed(toPeer: true);
            metrics.Dropped("x");
        });
    }
}
