using System.Diagnostics.Metrics;

namespace UcStack.C3P.Tests.Focus;

public sealed class ConferenceFocusMetricsTests
{
    private sealed class ScopedMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options.Name, options.Version, options.Tags, scope: this);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in _meters) meter.Dispose();
        }
    }

    [Test]
    public async Task Commands_AreCountedByCommandAndOutcome_ConferencesByUpDown()
    {
        using var meters = new ScopedMeterFactory();
        var measured = new List<(string Instrument, long Value, string? Command, string? Outcome)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meters)) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? command = null, outcome = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "command") command = (string?)tag.Value;
                if (tag.Key == "outcome") outcome = (string?)tag.Value;
            }

            lock (measured) measured.Add((instrument.Name, value, command, outcome));
        });
        listener.Start();

        using var factory = new ConferenceFocusFactory(new ConferenceFocusFactoryOptions(), null, null, meters);
        var factoryUri = C3PAddress.FocusFactory(FocusKit.Ann);
        await factory.HandleAsync(new C3PRequest { RequestId = 1, From = FocusKit.Ann, To = factoryUri, Command = FocusKit.NewConference(mcuTypes: ["chat"]) }, new C3PCaller(FocusKit.Ann));
        await factory.HandleAsync(new C3PRequest { RequestId = 2, From = FocusKit.Ann, To = factoryUri, Command = FocusKit.NewConference(mcuTypes: ["chat"]) }, new C3PCaller(FocusKit.Ann));

        Assert.That(measured, Is.EqualTo(new[]
        {
            ("ucstack.c3p.conferences.active", 1L, (string?)null, (string?)null),
            ("ucstack.c3p.commands", 1L, "addConference", "success"),
            ("ucstack.c3p.commands", 1L, "addConference", "conferenceExists"),
        }));
    }
}
