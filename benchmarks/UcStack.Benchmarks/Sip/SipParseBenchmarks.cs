using BenchmarkDotNet.Attributes;
using UcStack.Sip;

namespace UcStack.Benchmarks.Sip;

/// <summary>
/// Datagram parsing of the two bench messages (Data/invite.sip, Data/response-200-3via.sip), reading what a
/// transaction layer matches on, against a plain scan for the end of the headers as the floor.
/// </summary>
[MemoryDiagnoser]
public class SipParseBenchmarks
{
    private byte[] _invite = [];
    private byte[] _response = [];

    [GlobalSetup]
    public void Setup()
    {
        var data = Path.Combine(AppContext.BaseDirectory, "Data");
        _invite = File.ReadAllBytes(Path.Combine(data, "invite.sip"));
        _response = File.ReadAllBytes(Path.Combine(data, "response-200-3via.sip"));
        if (!SipMessage.TryParse(_invite, out var a, out var e1)) throw new InvalidOperationException(e1.ToString());
        if (!SipMessage.TryParse(_response, out var b, out var e2)) throw new InvalidOperationException(e2.ToString());
        a.Dispose();
        b.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int ScanHeaders() => _invite.AsSpan().IndexOf("\r\n\r\n"u8);

    [Benchmark]
    public int ParseInvite() => ParseAndRead(_invite);

    [Benchmark]
    public int ParseResponse() => ParseAndRead(_response);

    private static int ParseAndRead(byte[] datagram)
    {
        if (!SipMessage.TryParse(datagram, out var message, out var error)) throw new InvalidOperationException(error.ToString());
        using (message)
        {
            return message.TopViaBranchBytes.Length
                   + message.TopViaHostBytes.Length
                   + (message.TopViaPort ?? 0)
                   + message.FromTagBytes.Length
                   + message.ToTagBytes.Length
                   + message.CallIdBytes.Length
                   + (int)message.CSeqNumber
                   + message.CSeqMethodBytes.Length
                   + (message.ContentLength ?? 0);
        }
    }
}
