using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using UcStack.Srtp.Crypto;

namespace UcStack.Srtp.Tests.Crypto;

[TestFixture]
public sealed class HmacSha1Tests
{
    // RFC 2202 §3 test case 2: key "Jefe", data "what do ya want for nothing?".
    [Test]
    public void Compute_Rfc2202Case2_GivesPublishedMac()
    {
        using var hmac = new HmacSha1("Jefe"u8);
        var mac = new byte[20];

        hmac.Compute("what do ya want "u8, "for nothing?"u8, mac);

        Assert.That(Convert.ToHexStringLower(mac), Is.EqualTo("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"));
    }

    [Test]
    public void Compute_RandomInputsAndSplits_MatchesHmacSha1HashData()
    {
        var gen =
            from keyLength in Gen.Choose(0, 100)
            from key in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), keyLength)
            from length in Gen.Choose(0, 2000)
            from data in Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), length)
            from split in Gen.Choose(0, length)
            select (key, data, split);

        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            using var hmac = new HmacSha1(c.key);
            var mac = new byte[20];
            hmac.Compute(c.data.AsSpan(0, c.split), c.data.AsSpan(c.split), mac);
            return mac.AsSpan().SequenceEqual(ReferenceMac(c.key, c.data));
        }).QuickCheckThrowOnFailure();
    }

    // SRTP (RFC 3711 §4.2.1) mandates HMAC-SHA1, so the weak-algorithm warning does not apply.
#pragma warning disable CA5350
    private static byte[] ReferenceMac(byte[] key, byte[] data) => HMACSHA1.HashData(key, data);
#pragma warning restore CA5350
}
