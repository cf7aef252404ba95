using System.Net;
using BenchmarkDotNet.Attributes;
using UcStack.Sip;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;
using UcStack.Sip.UserAgent;

namespace UcStack.Benchmarks.Sip;

/// <summary>
/// The transaction layer end to end without sockets: OPTIONS from one <see cref="SipEndpoint"/> to another over
/// <see cref="SipInMemoryNetwork"/> (TCP, so timers J and K are zero and finished transactions leave the table at
/// once, RFC 3261 §17.1.2.2, §17.2.2), answered 200 by the server's application handler. Each operation is one
/// complete client and server non-INVITE transaction pair; transactions/s = 1 / mean time per operation.
/// </summary>
[MemoryDiagnoser]
#pragma warning disable CA1001 // BenchmarkDotNet owns the lifetime: [GlobalCleanup] disposes the fields.
public class SipTransactionBenchmarks
#pragma warning restore CA1001
{
    private const int Batch = 64;

    private static readonly IPAddress ClientAddress = IPAddress.Parse("10.0.0.1");
    private static readonly IPAddress ServerAddress = IPAddress.Parse("10.0.0.2");

    private SipInMemoryNetwork _network = null!;
    private SipEndpoint _client = null!;
    private SipEndpoint _server = null!;
    private SipUserAgent _agent = null!;
    private SipTransportTarget _target = null!;
    private readonly Task<SipResponse>[] _inFlight = new Task<SipResponse>[Batch];
    private const string Uri = "sip:10.0.0.2:5060;transport=tcp";

    [GlobalSetup]
    public void Setup()
    {
        _network = new SipInMemoryNetwork(seed: 1);
        _client = new SipEndpoint(_network.AddNode(ClientAddress, SipTransportProtocol.Tcp), new SipEndpointOptions { LocalUri = "sip:bench@10.0.0.1" });
        _server = new SipEndpoint(_network.AddNode(ServerAddress, SipTransportProtocol.Tcp), new SipEndpointOptions { LocalUri = "sip:server@10.0.0.2" })
        {
            RequestReceived = request => request.RespondAsync(200),
        };
        _agent = new SipUserAgent(_client);
        _target = new SipTransportTarget(SipTransportProtocol.Tcp, new IPEndPoint(ServerAddress, 5060));
        _server.Start();
        _client.Start();

        // One round trip opens the connection so the measured ones reuse it.
        using var first = _agent.SendOptionsAsync(Uri, _target).GetAwaiter().GetResult();
        if (first.StatusCode != 200) throw new InvalidOperationException($"set-up OPTIONS got {first.StatusCode}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _network.Dispose();
    }

    /// <summary>One transaction at a time: latency through both endpoints' loops.</summary>
    [Benchmark(Baseline = true)]
    public async Task<int> OneAtATime()
    {
        using var response = await _agent.SendOptionsAsync(Uri, _target);
        return response.StatusCode;
    }

    /// <summary>64 transactions in flight: throughput when the loops can batch.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public async Task<int> SixtyFourInFlight()
    {
        for (var i = 0; i < Batch; i++) _inFlight[i] = _agent.SendOptionsAsync(Uri, _target);
        var sum = 0;
        foreach (var pending in _inFlight)
        {
            using var response = await pending;
            sum += response.StatusCode;
        }

        return sum;
    }
}
