using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using UcStack.Crypto;
using UcStack.Srtp.Crypto;

namespace UcStack.Srtp.Tests.Crypto;

[TestFixture]
public sealed class HmacSha1Tests
{
    public enum Backend
    {
        LibCrypto,
        Managed,
    }

    private static IEnumerable<Backend> Backends() => [Backend.LibCrypto, Backend.Managed];

    // RFC 2202 §3 test cases 1, 2, 3, 6 and 7 (HMAC-SHA1): key, data, digest.
    private static IEnumerable<TestCaseData> Rfc2202Cases() =>
        from backend in Backends()
        from c in new[]
        {
            (Key: new string('\x0b', 20), Data: "Hi There", Mac: "b617318655057264e28bc0b6fb378c8ef146be00"),
            (Key: "Jefe", Data: "what do ya want for nothing?", Mac: "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"),
            (Key: new string('\xaa', 20), Data: new string('\xdd', 50), Mac: "125d7342b9ac11cd91a39af48aa17b4f63f175d3"),
            (Key: new string('\xaa', 80), Data: "Test Using Larger Than Block-Size Key - Hash Key First", Mac: "aa4ae5e15272d00e95705637ce8a3b55ed402112"),
            (Key: new string('\xaa', 80), Data: "Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data", Mac: "e8e99d0f45237d786d6bbaa7965c7808bbff1a91"),
        }
        select new TestCaseData(backend, c.Key, c.Data, c.Mac);

    [TestCaseSource(nameof(Rfc2202Cases))]
    public void Compute_Rfc2202Vector_GivesPublishedMac(Backend backend, string key, string data, string expected)
    {
        using var hmac = Create(Latin1(key), backend);
        var bytes = Latin1(data);
        var mac = new byte[20];

        hmac.Compute(bytes.AsSpan(0, bytes.Length / 2), bytes.AsSpan(bytes.Length / 2), mac);

        Assert.That(Convert.ToHexStringLower(mac), Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(Backends))]
    public void Compute_RandomKeysInputsAndSplits_MatchesHmacSha1HashData(Backend backend)
    {
        var bytes = ArbMap.Default.GeneratorFor<byte>();
        var gen =
            from keyLength in Gen.Choose(0, 150)
            from key in Gen.ArrayOf(bytes, keyLength)
            from length in Gen.Choose(0, 2000)
            from data in Gen.ArrayOf(bytes, length)
            from split in Gen.OneOf(Gen.Choose(0, length), Gen.Constant(Math.Max(0, length - 4)))
            select (key, data, split);

        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            using var hmac = Create(c.key, backend);
            var mac = new byte[20];
            hmac.Compute(c.data.AsSpan(0, c.split), c.data.AsSpan(c.split), mac);
            var first = mac.AsSpan().SequenceEqual(ReferenceMac(c.key, c.data));

            // The precomputed states must survive use: a second MAC on the same instance agrees too.
            hmac.Compute(c.data, default, mac);
            return first && mac.AsSpan().SequenceEqual(ReferenceMac(c.key, c.data));
        }).QuickCheckThrowOnFailure();
    }

    [TestCaseSource(nameof(Backends))]
    public void Compute_EveryLengthAroundBlockEdges_MatchesHmacSha1HashData(Backend backend)
    {
        var key = Enumerable.Range(0, 20).Select(i => (byte)(i * 11)).ToArray();
        var data = Enumerable.Range(0, 260).Select(i => (byte)(i * 3)).ToArray();
        using var hmac = Create(key, backend);
        var mac = new byte[20];
        for (var length = 0; length <= data.Length; length++)
        {
            for (var part2 = 0; part2 <= Math.Min(length, 70); part2 += 1 + (part2 / 4))
            {
                hmac.Compute(data.AsSpan(0, length - part2), data.AsSpan(length - part2, part2), mac);
                Assert.That(mac, Is.EqualTo(ReferenceMac(key, data[..length])), $"length {length}, part2 {part2}");
            }
        }
    }

    [TestCaseSource(nameof(Backends))]
    public void Compute_SteadyState_AllocatesNothing(Backend backend)
    {
        using var hmac = Create(new byte[20], backend);
        var packet = new byte[1200];
        var roc = new byte[4];
        var mac = new byte[20];
        hmac.Compute(packet, roc, mac);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            hmac.Compute(packet.AsSpan(0, 172 + (i % 70)), roc, mac);
            hmac.Compute(packet.AsSpan(0, 100), packet.AsSpan(0, 200), mac);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [Test]
    public void LibCrypto_OnLinux_IsFoundAndPassesSelfTest()
    {
        Assume.That(OperatingSystem.IsLinux(), "libcrypto is only required on Linux (the CI image has libssl3)");
        Assert.That(LibCryptoSha1.Instance, Is.Not.Null, LibCryptoSha1.Status);
        using var hmac = new HmacSha1(new byte[20]);
        Assert.That(hmac.UsesLibCrypto, Is.True);
    }

    [Test]
    public void Compute_MacBufferTooShort_ThrowsArgumentException()
    {
        using var hmac = new HmacSha1(new byte[20]);
        Assert.That(() => hmac.Compute([], [], new byte[19]), Throws.ArgumentException.With.Message.Contains("got 19"));
    }

    [Test]
    public void Compute_AfterDispose_ThrowsObjectDisposedException()
    {
        var hmac = new HmacSha1(new byte[20]);
        hmac.Dispose();
        hmac.Dispose();
        Assert.That(() => hmac.Compute([], [], new byte[20]), Throws.TypeOf<ObjectDisposedException>());
    }

    private static HmacSha1 Create(byte[] key, Backend backend)
    {
        if (backend == Backend.Managed)
        {
            return new HmacSha1(key, native: null);
        }

        Assume.That(LibCryptoSha1.Instance, Is.Not.Null, LibCryptoSha1.Status);
        return new HmacSha1(key, LibCryptoSha1.Instance);
    }

    private static byte[] Latin1(string text) => System.Text.Encoding.Latin1.GetBytes(text);

    // SRTP (RFC 3711 §4.2.1) mandates HMAC-SHA1, so the weak-algorithm warning does not apply.
#pragma warning disable CA5350
    private static byte[] ReferenceMac(byte[] key, byte[] data) => HMACSHA1.HashData(key, data);
#pragma warning restore CA5350
}
