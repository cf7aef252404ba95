using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using UcStack.Turn.Server;

namespace UcStack.Turn.Tests.Server;

/// <summary>The per-allocation bandwidth quota on RFC 6062 data connections: back-pressure, never dropped bytes.</summary>
public sealed partial class TurnServerTests
{
    private sealed class OwnedMeterFactory : IMeterFactory
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
    public async Task Rfc6062_BandwidthQuota_BackPressuresPeerBytesOnTheServersClock()
    {
        const int Rate = 1000;
        const int Total = 2500;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var meters = new OwnedMeterFactory();
        long throttled = 0;
        using var pauses = new SemaphoreSlim(0);
        using var meterListener = new MeterListener();
        meterListener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == TurnServerMetrics.MeterName && instrument.Name == "ucstack.turn.tcp.throttled")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        meterListener.SetMeasurementEventCallback<long>((_, value, _, _) =>
        {
            Interlocked.Add(ref throttled, value);
            pauses.Release();
        });
        meterListener.Start();

        var store = new StaticTurnCredentialStore();
        store.AddUser("alice", "alicepass");
        var server = await TurnServer.StartAsync(
            new TurnServerOptions
            {
                ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
                Realm = "example.org",
                CredentialStore = store,
                AllowLoopbackPeers = true,
                BandwidthBytesPerSecond = Rate,
                TimeProvider = time,
            },
            meterFactory: meters);
        using var listener = LoopbackListener();
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await using var client = await TcpRelayClientAsync(server, cts.Token);
            await client.AllocateAsync(cts.Token);
            await client.CreatePermissionAsync(IPAddress.Loopback, cts.Token);
            var accept = listener.AcceptTcpClientAsync(cts.Token).AsTask();
            await using var connection = await client.ConnectPeerAsync((IPEndPoint)listener.LocalEndpoint, cts.Token);
            using var peer = await accept;

            var data = Enumerable.Range(0, Total).Select(i => (byte)(i * 7)).ToArray();
            await peer.GetStream().WriteAsync(data, cts.Token);
            var received = new byte[Total];
            var read = connection.Stream.ReadExactlyAsync(received, cts.Token).AsTask();

            // One second of the rate passes at once (the bucket starts full); then the relay stops reading and
            // waits on the server's clock. Each pause is counted once its timer is armed: move the clock then.
            var started = time.GetTimestamp();
            while (true)
            {
                var pause = pauses.WaitAsync(cts.Token);
                if (await Task.WhenAny(read, pause).WaitAsync(cts.Token) == read)
                {
                    break;
                }

                time.Advance(TimeSpan.FromSeconds(1));
            }

            await read;
            var elapsed = time.GetElapsedTime(started);

            Assert.Multiple(() =>
            {
                Assert.That(received, Is.EqualTo(data), "every byte arrives, in order: TCP data is paced, not dropped");
                Assert.That(elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1.5)), "1500 bytes beyond the burst need 1.5 s at 1000 B/s");
                Assert.That(Interlocked.Read(ref throttled), Is.GreaterThanOrEqualTo(2));
            });
        }
        finally
        {
            await server.DisposeAsync();
            store.Dispose();
        }
    }
}
