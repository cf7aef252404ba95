using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using UcStack.Crypto;
using UcStack.Stun.Crypto;

namespace UcStack.Stun.Tests.Crypto;

#pragma warning disable CA5350 // HMAC-SHA1 is what STUN specifies; the BCL is the independent reference here.

[TestFixture]
public sealed class HmacSha1KeyTests
{
    private static IEnumerable<bool> Backends() => [false, true];

    [Test]
    public void LibCrypto_IsUsedOnLinux()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("libcrypto is only required on Linux, where CI runs.");
        }

        using var key = new HmacSha1Key([1, 2, 3]);
        Assert.That(key.UsesLibCrypto, Is.True, LibCryptoSha1.Status);
    }

    [TestCaseSource(nameof(Backends))]
    public void Compute_Rfc2202Case2_MatchesPublishedMac(bool native)
    {
        // RFC 2202 §3 test case 2: key "Jefe", data "what do ya want for nothing?".
        using var key = Create("Jefe"u8, native);
        var data = "what do ya want for nothing?"u8;
        var mac = new byte[20];
        key.Compute(data[..5], data[5..], 0, mac);
        Assert.That(Convert.ToHexStringLower(mac), Is.EqualTo("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"));
    }

    [TestCaseSource(nameof(Backends))]
    public void Compute_EveryLengthAroundTheBlockEdges_MatchesBcl(bool native)
    {
        var keyBytes = RandomNumberGenerator.GetBytes(16);
        using var key = Create(keyBytes, native);
        var data = RandomNumberGenerator.GetBytes(1000);
        var mac = new byte[20];
        foreach (var length in new[] { 0, 1, 20, 55, 56, 63, 64, 65, 108, 119, 120, 128, 300, 449, 450, 511, 512, 513, 576, 1000 })
        {
            foreach (var padding in new[] { 0, 1, 44, 63 })
            {
                var split = Math.Min(20, length);
                key.Compute(data.AsSpan(0, split), data.AsSpan(split, length - split), padding, mac);
                var expected = HMACSHA1.HashData(keyBytes, (byte[])[.. data.AsSpan(0, length), .. new byte[padding]]);
                Assert.That(mac, Is.EqualTo(expected), $"length {length}, padding {padding}");
            }
        }
    }

    [Test]
    public void Compute_AnyKeyAnyPartsAnyPadding_MatchesBclOnBothBackends()
    {
        var gen = from keyBytes in Gen.Choose(1, 130).SelectMany(n => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), n))
                  from part1 in ArbMap.Default.GeneratorFor<byte[]>()
                  from part2Length in Gen.Choose(0, 700)
                  from part2 in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), part2Length)
                  from padding in Gen.Choose(0, 63)
                  select (keyBytes, part1, part2, padding);
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var expected = HMACSHA1.HashData(t.keyBytes, (byte[])[.. t.part1, .. t.part2, .. new byte[t.padding]]);
            foreach (var native in Backends())
            {
                using var key = Create(t.keyBytes, native);
                var mac = new byte[20];
                key.Compute(t.part1, t.part2, t.padding, mac);
                Assert.That(mac, Is.EqualTo(expected), native ? "libcrypto" : "managed");
            }
        }));
    }

    [Test]
    public void Compute_ManyThreadsOnOneKey_AllAgree()
    {
        var keyBytes = RandomNumberGenerator.GetBytes(20);
        using var key = new HmacSha1Key(keyBytes);
        var data = RandomNumberGenerator.GetBytes(200);
        var expected = HMACSHA1.HashData(keyBytes, data);
        var failures = 0;
        Parallel.For(0, 4_000, i =>
        {
            var mac = new byte[20];
            key.Compute(data.AsSpan(0, 20), data.AsSpan(20), 0, mac);
            if (!mac.AsSpan().SequenceEqual(expected))
            {
                Interlocked.Increment(ref failures);
            }
        });
        Assert.That(failures, Is.Zero);
    }

    [Test]
    public void Dispose_ThenCompute_Throws()
    {
        var key = new HmacSha1Key([1, 2, 3]);
        key.Dispose();
        Assert.That(() => key.Compute([], [], 0, new byte[20]), Throws.TypeOf<ObjectDisposedException>());
    }

    [Test]
    public void Compute_PaddingOf64_IsRejected()
    {
        using var key = new HmacSha1Key([1, 2, 3]);
        Assert.That(() => key.Compute([], [], 64, new byte[20]), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    private static HmacSha1Key Create(ReadOnlySpan<byte> key, bool native)
    {
        if (native && LibCryptoSha1.Instance is null)
        {
            Assert.Ignore("libcrypto is not available here: " + LibCryptoSha1.Status);
        }

        return new HmacSha1Key(key, native ? LibCryptoSha1.Instance : null);
    }
}
