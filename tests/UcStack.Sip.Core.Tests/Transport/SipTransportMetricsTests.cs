using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using UcStack.Sip.Transport;
using static UcStack.Sip.Tests.Transport.SocketTestKit;
using static UcStack.Sip.Tests.Transport.TransportTestMessages;

namespace UcStack.Sip.Tests.Transport;

[TestFixture]
public sealed class SipTransportMetricsTests
{
    /// <summary>Hands out meters and remembers them, so the listener only sees this test's instruments.</summary>
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
            foreach (var m in Meters) m.Dispose();
        }
    }

    [Test]
    public async Task SocketLayer_RecordsMessagesParseFailuresAndConnections()
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

        var bob = SipSocketTransportLayer.Start(
            new SipSocketTransportOptions { ListenPoints = [new(SipTransportProtocol.Tcp, new IPEndPoint(IPAddress.Loopback, 0))] }, meterFactory: factory);
        listener.Start();
        try
        {
            var tcp = Point(bob, SipTransportProtocol.Tcp).EndPoint;
            using (var good = await ConnectRawAsync(tcp))
            {
                await SendAllAsync(good, RawMessage(new SipListenPoint(SipTransportProtocol.Tcp, (IPEndPoint)good.LocalEndPoint!), "m1"));
                (await ReceiveAsync(bob)).Message.Dispose();
            }

            using (var bad = await ConnectRawAsync(tcp))
            {
                await SendAllAsync(bad, Encoding.ASCII.GetBytes("NOT SIP AT ALL\r\n\r\n"));
                await ReadAsync(bad);
            }

            await WaitUntilAsync(() => bob.OpenConnections.Count == 0, "both connections are closed");
            await WaitUntilAsync(() => { lock (totals) return totals.GetValueOrDefault("ucstack.sip.transport.connections.closed") == 2; }, "both closes are recorded");
        }
        finally
        {
            await bob.DisposeAsync();
        }

        lock (totals)
        {
            Assert.That(totals.GetValueOrDefault("ucstack.sip.transport.messages.received"), Is.EqualTo(1));
            Assert.That(totals.GetValueOrDefault("ucstack.sip.transport.parse_failures"), Is.EqualTo(1));
            Assert.That(totals.GetValueOrDefault("ucstack.sip.transport.connections.opened"), Is.EqualTo(2));
            Assert.That(totals.GetValueOrDefault("ucstack.sip.transport.connections.active"), Is.Zero);
        }
    }
}
