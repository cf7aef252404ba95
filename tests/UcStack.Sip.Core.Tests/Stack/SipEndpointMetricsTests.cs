using System.Diagnostics.Metrics;
using UcStack.Sip.Stack;

namespace UcStack.Sip.Tests.Stack;

[TestFixture]
public sealed class SipEndpointMetricsTests
{
    private sealed class TestMeterFactory : IMeterFactory
    {
        public List<Meter> Meters { get; } = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            Meters.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in Meters) meter.Dispose();
        }
    }

    [Test]
    public async Task Counters_TransactionsRetransmissionsTimeoutsAndDialogs()
    {
        using var factory = new TestMeterFactory();
        var totals = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (factory.Meters.Contains(instrument.Meter)) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            lock (totals) totals[instrument.Name] = totals.GetValueOrDefault(instrument.Name) + value;
        });

        await using var net = new FakeSipNetwork();
        var layer = net.AddRawPeer(); // a silent peer: nothing ever answers
        var endpoint = new SipEndpoint(
            new FakeTransportLayer(net, new UcStack.Sip.Transport.SipListenPoint(UcStack.Sip.Transport.SipTransportProtocol.Udp, new System.Net.IPEndPoint(System.Net.IPAddress.Parse("192.0.2.200"), 5060))),
            new SipEndpointOptions(), net.Clock, null, factory);
        listener.Start();
        endpoint.Start();
        try
        {
            var pending = endpoint.SendRequestAsync(endpoint.CreateRequest("OPTIONS", layer.Uri("x")).Build(), layer.Target);
            for (var i = 0; i < 330; i++)
            {
                net.Clock.Fake.Advance(TimeSpan.FromMilliseconds(100));
                await endpoint.FlushAsync();
            }

            Assert.That(async () => await pending, Throws.TypeOf<SipRequestTimeoutException>());
            lock (totals)
            {
                Assert.That(totals["ucstack.sip.transactions.started"], Is.EqualTo(1));
                Assert.That(totals["ucstack.sip.transactions.timed_out"], Is.EqualTo(1));
                Assert.That(totals["ucstack.sip.retransmissions"], Is.EqualTo(10));
            }
        }
        finally
        {
            await endpoint.DisposeAsync();
        }
    }

    [Test]
    public async Task Counter_ChallengesAnswered()
    {
        using var factory = new TestMeterFactory();
        var answered = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (factory.Meters.Contains(instrument.Meter) && instrument.Name == "ucstack.sip.auth.challenges_answered") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref answered, value));

        await using var net = new FakeSipNetwork();
        using var authenticator = new DigestAuthenticator(
            new DigestAuthenticatorOptions { Realm = "example.test" },
            (_, _, _) => ValueTask.FromResult<DigestSecret?>(DigestSecret.FromPassword("secret")),
            timeProvider: net.Clock);
        var bob = net.AddEndpoint("bob");
        bob.RequestReceived = async request =>
        {
            if ((await request.AuthenticateAsync(authenticator)).IsAuthenticated) await request.RespondAsync(200);
        };
        listener.Start();
        var alice = net.AddEndpoint("alice", configure: o => o with { DigestClient = new DigestClient("alice", "secret") }, meterFactory: factory);
        var request = alice.CreateRequest("OPTIONS", FakeSipNetwork.UriOf(bob, "bob")).Build();
        using var response = await alice.SendRequestAsync(request, FakeSipNetwork.TargetOf(bob)).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(Interlocked.Read(ref answered), Is.EqualTo(1));
    }

    [Test]
    public async Task Counter_RequestsRefusedWhenTheTableIsFull()
    {
        using var factory = new TestMeterFactory();
        var refused = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (factory.Meters.Contains(instrument.Meter) && instrument.Name == "ucstack.sip.requests.refused") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref refused, value));

        await using var net = new FakeSipNetwork();
        listener.Start();
        var bob = net.AddEndpoint("bob", configure: o => o with { MaxTransactions = 1 }, meterFactory: factory);
        var alice = net.AddEndpoint("alice");
        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var pending = alice.SendRequestAsync(alice.CreateRequest("OPTIONS", FakeSipNetwork.UriOf(bob, "bob")).Build(), FakeSipNetwork.TargetOf(bob));
            await net.SettleAsync();
            using var response = await pending.WaitAsync(TimeSpan.FromSeconds(10));
            statuses.Add(response.StatusCode);
        }

        Assert.That(statuses, Is.EqualTo(new[] { 200, 503, 503 }));
        Assert.That(Interlocked.Read(ref refused), Is.EqualTo(2));
    }
}
