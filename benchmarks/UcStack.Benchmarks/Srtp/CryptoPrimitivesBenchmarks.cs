using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using UcStack.Srtp.Crypto;

namespace UcStack.Benchmarks.Srtp;

/// <summary>
/// The SRTP crypto primitives on one packet: a 12-byte RTP header plus a payload of <see cref="Payload"/>
/// bytes. "Protect" rows are the crypto of a whole AES_CM_128_HMAC_SHA1_80 or AEAD_AES_128_GCM protect
/// (keystream over the payload, MAC or tag over header + payload), without header parsing.
/// </summary>
[MemoryDiagnoser]
#pragma warning disable CA1001 // BenchmarkDotNet owns the lifetime: [GlobalCleanup] disposes the fields.
public class CryptoPrimitivesBenchmarks
#pragma warning restore CA1001
{
    private readonly byte[] _packet = new byte[12 + 1200 + 16];
    private readonly byte[] _iv = new byte[16];
    private readonly byte[] _nonce = new byte[12];
    private readonly byte[] _roc = new byte[4];
    private readonly byte[] _mac = new byte[20];
    private readonly byte[] _tag = new byte[16];

    private AesCtr _ctr = null!;
    private AesCtr _ctrPortable = null!;
    private HmacSha1 _hmacLibCrypto = null!;
    private HmacSha1 _hmacManaged = null!;
    private IncrementalHash _bclHmac = null!;
    private AesGcmCipher _gcm = null!;
    private AesGcm _bclGcm = null!;

    [Params(160, 1200)]
    public int Payload { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var key = RandomNumberGenerator.GetBytes(16);
        var authKey = RandomNumberGenerator.GetBytes(20);
        RandomNumberGenerator.Fill(_packet);
        RandomNumberGenerator.Fill(_iv.AsSpan(0, 14));
        RandomNumberGenerator.Fill(_nonce);
        _ctr = new AesCtr(key);
        _ctrPortable = new AesCtr(key, useAesNi: false);
        _hmacLibCrypto = HmacSha1.CreateOnLibCrypto(authKey);
        _hmacManaged = new HmacSha1(authKey, native: null);
        _bclHmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, authKey);
        _gcm = new AesGcmCipher(key);
        _bclGcm = new AesGcm(key, 16);
        Console.WriteLine("// " + CryptoFeatures.Describe());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ctr.Dispose();
        _ctrPortable.Dispose();
        _hmacLibCrypto.Dispose();
        _hmacManaged.Dispose();
        _bclHmac.Dispose();
        _gcm.Dispose();
        _bclGcm.Dispose();
    }

    private Span<byte> PayloadSpan => _packet.AsSpan(12, Payload);

    private ReadOnlySpan<byte> Authenticated => _packet.AsSpan(0, 12 + Payload);

    [Benchmark(Description = "AES-CM keystream+XOR (AES-NI)")]
    public void AesCtrAesNi() => _ctr.Transform(_iv, PayloadSpan);

    [Benchmark(Description = "AES-CM keystream+XOR (platform AES)")]
    public void AesCtrPortable() => _ctrPortable.Transform(_iv, PayloadSpan);

    [Benchmark(Description = "HMAC-SHA1 (libcrypto SHA1_Update)")]
    public void HmacLibCrypto() => _hmacLibCrypto.Compute(Authenticated, _roc, _mac);

    [Benchmark(Description = "HMAC-SHA1 (managed SHA-1)")]
    public void HmacManaged() => _hmacManaged.Compute(Authenticated, _roc, _mac);

    [Benchmark(Description = "HMAC-SHA1 (BCL IncrementalHash)")]
    public void HmacBcl()
    {
        _bclHmac.AppendData(Authenticated);
        _bclHmac.AppendData(_roc);
        _bclHmac.GetHashAndReset(_mac);
    }

    [Benchmark(Description = "AES-GCM encrypt (AES-NI+PCLMUL)")]
    public void GcmEncrypt() => _gcm.Encrypt(_nonce, _packet.AsSpan(0, 12), PayloadSpan, _tag);

    [Benchmark(Description = "AES-GCM encrypt+decrypt (AES-NI+PCLMUL)")]
    public bool GcmRoundTrip()
    {
        _gcm.Encrypt(_nonce, _packet.AsSpan(0, 12), PayloadSpan, _tag);
        return _gcm.Decrypt(_nonce, _packet.AsSpan(0, 12), PayloadSpan, _tag);
    }

    [Benchmark(Description = "AES-GCM encrypt (BCL AesGcm)")]
    public void GcmEncryptBcl() => _bclGcm.Encrypt(_nonce, PayloadSpan, PayloadSpan, _tag, _packet.AsSpan(0, 12));

    [Benchmark(Description = "Protect crypto AES-CM + HMAC-SHA1 (fast)")]
    public void ProtectAesCmHmac()
    {
        _ctr.Transform(_iv, PayloadSpan);
        _hmacLibCrypto.Compute(Authenticated, _roc, _mac);
    }
}
