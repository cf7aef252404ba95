using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;
using static UcStack.Stun.Tests.Transactions.TestMessages;

namespace UcStack.Stun.Tests.Transactions;

[TestFixture]
public sealed class StunTransactionMetricsTests
{
    private sealed class TestMeterFactory : IMeterFactory
    {
        public List<Meter> Meters { get; } = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
            Meters.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in Meters)
            {
                meter.Dispose();
            }
        }
    }

    [Test]
    public void TimedOutTransaction_CountsStartRetransmissionsAndFailure()
    {
        using var factory = new TestMeterFactory();
        var time = new FakeTimeProvider();
        var transport = new RecordingTransport(time, isReliable: false);
        using var manager = new StunTransactionManager(transport, timeProvider: time, meterFactory: factory);
        var measurements = new List<(string Name, long Value, string? Error)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (factory.Meters.Contains(instrument.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? error = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "error.type")
                {
                    error = (string?)tag.Value;
                }
            }

            measurements.Add((instrument.Name, value, error));
        });
        listener.Start();

        _ = manager.SendRequestAsync(BindingRequest(NewTransactionId()), Server).AsTask();
        for (var i = 0; i < 39500 && manager.PendingCount > 0; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.That(factory.Meters.Select(m => m.Name), Is.EqualTo(new[] { "UcStack.Stun" }));
        Assert.That(measurements.Count(m => m.Name == "ucstack.stun.transactions.started"), Is.EqualTo(1));
        Assert.That(measurements.Count(m => m.Name == "ucstack.stun.transactions.retransmissions"), Is.EqualTo(6));
        Assert.That(measurements.Where(m => m.Name == "ucstack.stun.transactions.failed").Select(m => m.Error), Is.EqualTo(new[] { "Timeout" }));
    }
}
