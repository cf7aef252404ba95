using System.Buffers.Binary;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using UcStack.Srtp;
using UcStack.Srtp.Crypto;

namespace UcStack.Benchmarks.Srtp;

/// <summary>
/// Whole-packet SRTP/SRTCP through <see cref="SrtpContext"/>: a 12-byte RTP header (8-byte RTCP header) plus
/// <see cref="PayloadLength"/> payload octets.
/// <para>Every protect copies the plain template into the work buffer first (protect is in place) and takes the
/// next sequence number / SRTCP index, so no index is reused. Every unprotect copies the next packet of a ring of
/// <see cref="RingSize"/> packets protected in <see cref="Setup"/> (sequence numbers 0 to RingSize - 1); when the
/// ring wraps, the receiver's replay state is reset (internal, allocation-free) so the same packets are fresh
/// again. The reset is amortised over 4096 packets. The copies (up to 1.2 KB memcpy) are part of every row.</para>
/// </summary>
[MemoryDiagnoser]
#pragma warning disable CA1001 // BenchmarkDotNet owns the lifetime: [GlobalCleanup] disposes the fields.
public class SrtpBenchmarks
#pragma warning restore CA1001
{
    private const int RingSize = 4096;
    private const uint Ssrc = 0x1234_5678;

    private byte[] _rtpTemplate = [];
    private byte[] _rtcpTemplate = [];
    private byte[] _work = [];
    private byte[][] _aesCmRing = [];
    private byte[][] _gcmRing = [];
    private readonly byte[] _iv = new byte[16];
    private readonly byte[] _roc = new byte[4];
    private readonly byte[] _mac = new byte[20];

    private SrtpContext _aesCmSender = null!;
    private SrtpContext _aesCmReceiver = null!;
    private SrtpContext _gcmSender = null!;
    private SrtpContext _gcmReceiver = null!;
    private SrtpContext _rtcpSender = null!;
    private AesCtr _ctr = null!;
    private HmacSha1 _hmac = null!;
    private int _aesCmNext;
    private int _gcmNext;
    private uint _seq;

    [Params(160, 1200)]
    public int PayloadLength { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _rtpTemplate = new byte[12 + PayloadLength];
        RandomNumberGenerator.Fill(_rtpTemplate);
        _rtpTemplate[0] = 0x80;
        _rtpTemplate[1] = 0x60;
        BinaryPrimitives.WriteUInt32BigEndian(_rtpTemplate.AsSpan(8), Ssrc);
        _rtcpTemplate = new byte[8 + PayloadLength];
        RandomNumberGenerator.Fill(_rtcpTemplate);
        _rtcpTemplate[0] = 0x80;
        _rtcpTemplate[1] = 201;
        BinaryPrimitives.WriteUInt32BigEndian(_rtcpTemplate.AsSpan(4), Ssrc);
        _work = new byte[_rtpTemplate.Length + 64];

        _aesCmSender = Context(SrtpSuite.AesCm128HmacSha1Tag80);
        _aesCmReceiver = Context(SrtpSuite.AesCm128HmacSha1Tag80);
        _gcmSender = Context(SrtpSuite.AeadAes128Gcm);
        _gcmReceiver = Context(SrtpSuite.AeadAes128Gcm);
        _rtcpSender = Context(SrtpSuite.AesCm128HmacSha1Tag80);
        _aesCmRing = Ring(Context(SrtpSuite.AesCm128HmacSha1Tag80));
        _gcmRing = Ring(Context(SrtpSuite.AeadAes128Gcm));

        _ctr = new AesCtr(RandomNumberGenerator.GetBytes(16));
        _hmac = new HmacSha1(RandomNumberGenerator.GetBytes(20));
        Console.WriteLine("// " + CryptoFeatures.Describe());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _aesCmSender.Dispose();
        _aesCmReceiver.Dispose();
        _gcmSender.Dispose();
        _gcmReceiver.Dispose();
        _rtcpSender.Dispose();
        _ctr.Dispose();
        _hmac.Dispose();
    }

    /// <summary>The crypto alone: AES-128-CTR over the payload and HMAC-SHA1 over header + payload || ROC.</summary>
    [Benchmark(Baseline = true)]
    public void Primitives()
    {
        _ctr.Transform(_iv, _work.AsSpan(12, PayloadLength));
        _hmac.Compute(_work.AsSpan(0, 12 + PayloadLength), _roc, _mac);
    }

    [Benchmark]
    public int ProtectAesCm128Sha1_80() => Protect(_aesCmSender);

    [Benchmark]
    public int UnprotectAesCm128Sha1_80() => Unprotect(_aesCmReceiver, _aesCmRing, ref _aesCmNext);

    [Benchmark]
    public int ProtectAeadAes128Gcm() => Protect(_gcmSender);

    [Benchmark]
    public int UnprotectAeadAes128Gcm() => Unprotect(_gcmReceiver, _gcmRing, ref _gcmNext);

    [Benchmark]
    public int ProtectSrtcpAesCm128Sha1_80()
    {
        _rtcpTemplate.CopyTo(_work, 0);
        return Check(_rtcpSender.ProtectRtcp(_work, _rtcpTemplate.Length, out var length), length);
    }

    private int Protect(SrtpContext sender)
    {
        _rtpTemplate.CopyTo(_work, 0);
        var seq = _seq++;
        _work[2] = (byte)(seq >> 8);
        _work[3] = (byte)seq;
        return Check(sender.ProtectRtp(_work, _rtpTemplate.Length, out var length), length);
    }

    private int Unprotect(SrtpContext receiver, byte[][] ring, ref int next)
    {
        if (next == RingSize)
        {
            next = 0;
            receiver.ResetStreamState();
        }

        var packet = ring[next++];
        packet.CopyTo(_work, 0);
        return Check(receiver.UnprotectRtp(_work.AsSpan(0, packet.Length), out var length), length);
    }

    private static int Check(SrtpStatus status, int length) =>
        status == SrtpStatus.Ok ? length : throw new InvalidOperationException($"SRTP failed with {status}: the benchmark would measure an error path.");

    private static SrtpContext Context(SrtpSuite suite)
    {
        var material = new byte[suite.KeyMaterialLength];
        for (var i = 0; i < material.Length; i++)
        {
            material[i] = (byte)((i * 13) + 5);
        }

        using var policy = new SrtpPolicy(suite, new SrtpMasterKey(material.AsSpan(0, suite.MasterKeyLength), material.AsSpan(suite.MasterKeyLength)));
        return new SrtpContext(policy);
    }

    private byte[][] Ring(SrtpContext sender)
    {
        using (sender)
        {
            var ring = new byte[RingSize][];
            for (var i = 0; i < RingSize; i++)
            {
                var buffer = new byte[_rtpTemplate.Length + 64];
                _rtpTemplate.CopyTo(buffer, 0);
                buffer[2] = (byte)(i >> 8);
                buffer[3] = (byte)i;
                var status = sender.ProtectRtp(buffer, _rtpTemplate.Length, out var length);
                ring[i] = status == SrtpStatus.Ok ? buffer[..length] : throw new InvalidOperationException(status.ToString());
            }

            return ring;
        }
    }
}
