using System.Net;
using BenchmarkDotNet.Attributes;
using UcStack.Ice;

namespace UcStack.Benchmarks.Ice;

/// <summary>
/// The per-packet and per-candidate costs of UcStack.Ice: reading and writing an <c>a=candidate</c> value, and the
/// media path (demultiplex a received RTP datagram by first byte, queue it, hand it to the application; send on the
/// selected pair through a no-op socket). Target: the media path allocation-free.
/// The NAT-matrix numbers (checks and simulated time to select a pair) come from
/// <c>tests/UcStack.Ice.Tests/Simulation/NatMatrixReportTests.cs</c>, since they are counts, not timings.
/// </summary>
[MemoryDiagnoser]
public class IceBenchmarks
{
    private const string Srflx = "candidate:842163049 1 UDP 1686052607 203.0.113.7 46154 typ srflx raddr 10.0.0.7 rport 46154 generation 0";
    private static readonly IPEndPoint Remote = new(IPAddress.Parse("198.51.100.9"), 40000);

    private readonly byte[] _rtp = new byte[172];
    private readonly byte[] _buffer = new byte[1500];
    private IceCandidate _candidate = null!;
    private IceDatagramPath _path = null!;

    [GlobalSetup]
    public void Setup()
    {
        _candidate = IceCandidate.Parse(Srflx);
        _rtp[0] = 0x80;
        _path = new IceDatagramPath(1, 64);
        _path.SetAllowedSources([Remote]);
        var local = new IceLocalCandidate(IceCandidate.Parse("candidate:1 1 UDP 2130706431 10.0.0.7 5000 typ host"), new NullSocket());
        _path.SetPair(new IceCheckPair(local, IceCandidate.Parse("candidate:2 1 UDP 2130706431 198.51.100.9 40000 typ host"), controlling: true));
    }

    [Benchmark]
    public bool ParseCandidate() => IceCandidate.TryParse(Srflx, out _, out _);

    [Benchmark]
    public string FormatCandidate() => _candidate.ToAttributeValue();

    [Benchmark]
    public int ReceiveRtp()
    {
        _path.Deliver(_rtp, Remote);
        _path.TryReceive(_buffer, out var datagram);
        return datagram.Length;
    }

    [Benchmark]
    public bool SendRtp() => _path.TrySend(_rtp);

    private sealed class NullSocket : IIceSocket
    {
        public IPEndPoint LocalEndPoint { get; } = new(IPAddress.Loopback, 5000);

        public void Send(ReadOnlySpan<byte> datagram, IPEndPoint remoteEndPoint)
        {
        }

        public void Start(IceDatagramHandler handler)
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
