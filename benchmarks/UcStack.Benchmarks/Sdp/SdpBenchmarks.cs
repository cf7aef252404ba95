using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using UcStack.Sdp;

namespace UcStack.Benchmarks.Sdp;

/// <summary>
/// SDP costs on a typical audio+video offer with 8 ICE candidates (1.5 KB, the test fixture
/// audio-video-8-candidates.sdp). Issue 7 target: parse under 2 µs.
/// </summary>
[MemoryDiagnoser]
public class SdpBenchmarks
{
    private const string Offer =
        "v=0\r\n" +
        "o=- 4611731400430051336 2 IN IP4 192.0.2.10\r\n" +
        "s=-\r\n" +
        "c=IN IP4 203.0.113.77\r\n" +
        "t=0 0\r\n" +
        "a=ice-options:trickle\r\n" +
        "m=audio 50170 RTP/SAVPF 111 0 8 101\r\n" +
        "b=AS:128\r\n" +
        "a=rtpmap:111 opus/48000/2\r\n" +
        "a=fmtp:111 minptime=10;useinbandfec=1\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\n" +
        "a=fmtp:101 0-16\r\n" +
        "a=ptime:20\r\n" +
        "a=maxptime:60\r\n" +
        "a=sendrecv\r\n" +
        "a=rtcp:50171\r\n" +
        "a=ice-ufrag:Xq7b\r\n" +
        "a=ice-pwd:wZ2m9kQvJd3LpA8rTnYc4e\r\n" +
        "a=candidate:1 1 UDP 2130706431 192.0.2.10 50170 typ host\r\n" +
        "a=candidate:1 2 UDP 2130706430 192.0.2.10 50171 typ host\r\n" +
        "a=candidate:2 1 UDP 1694498815 203.0.113.77 50170 typ srflx raddr 192.0.2.10 rport 50170\r\n" +
        "a=candidate:3 1 TCP 1518280447 192.0.2.10 9 typ host tcptype active\r\n" +
        "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^31\r\n" +
        "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj|2^20|1:4\r\n" +
        "a=ssrc:3735928559 cname:alice@example.com\r\n" +
        "m=video 50172 RTP/SAVPF 96 97\r\n" +
        "b=AS:2000\r\n" +
        "a=rtpmap:96 H264/90000\r\n" +
        "a=fmtp:96 profile-level-id=42e01f;packetization-mode=1\r\n" +
        "a=rtpmap:97 VP8/90000\r\n" +
        "a=rtcp-fb:96 nack pli\r\n" +
        "a=sendrecv\r\n" +
        "a=ice-ufrag:Xq7b\r\n" +
        "a=ice-pwd:wZ2m9kQvJd3LpA8rTnYc4e\r\n" +
        "a=candidate:1 1 UDP 2130706431 192.0.2.10 50172 typ host\r\n" +
        "a=candidate:1 2 UDP 2130706430 192.0.2.10 50173 typ host\r\n" +
        "a=candidate:2 1 UDP 1694498815 203.0.113.77 50172 typ srflx raddr 192.0.2.10 rport 50172\r\n" +
        "a=candidate:4 1 UDP 16777215 198.51.100.5 61000 typ relay raddr 203.0.113.77 rport 50172 generation 0\r\n" +
        "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj|2^31\r\n" +
        "a=end-of-candidates\r\n";

    private readonly byte[] _offer = Encoding.UTF8.GetBytes(Offer);
    private readonly byte[] _output = new byte[4096];
    private readonly byte[] _hmacInput = new byte[176];
    private readonly byte[] _mac = new byte[20];
    private SdpSession _parsed = null!;
    private IncrementalHash _hmac = null!;

    [GlobalSetup]
    public void Setup()
    {
        _parsed = SdpSession.Parse(_offer);
        _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, "VOkJxbRl1RmTxUk/WvJxBt"u8);
    }

    [GlobalCleanup]
    public void Cleanup() => _hmac.Dispose();

    /// <summary>
    /// Scale reference, not an SDP operation: the BCL's reused HMAC-SHA1 over 176 bytes, which
    /// /work/shared/perf-notes.md measured at about 567 ns on a quiet machine, so numbers from a loaded
    /// machine can be compared by ratio.
    /// </summary>
    [Benchmark]
    public int ReferenceIncrementalHashHmacSha1()
    {
        _hmac.AppendData(_hmacInput);
        return _hmac.GetHashAndReset(_mac);
    }

    /// <summary>Parse to the session model; attribute values stay undecoded.</summary>
    [Benchmark]
    public SdpSession? Parse() => SdpSession.TryParse(_offer, out var session, out _) ? session : null;

    /// <summary>Parse, then read every candidate, rtpmap and crypto line through the typed accessors.</summary>
    [Benchmark]
    public int ParseAndReadTyped()
    {
        var session = SdpSession.Parse(_offer);
        var count = 0;
        foreach (var media in session.Media)
        {
            count += media.GetCandidates().Count + media.GetRtpMaps().Count + media.GetCryptos().Count;
        }

        return count;
    }

    /// <summary>Write a parsed session into a caller buffer.</summary>
    [Benchmark]
    public int Write() => _parsed.TryEncode(_output, out var written) ? written : -1;
}
