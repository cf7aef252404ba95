using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;

namespace UcStack.Stun.Tests.Crypto;

#pragma warning disable CA5350 // SHA-1 is what STUN specifies; the BCL is the independent reference here.

[TestFixture]
public sealed class StunIntegrityKeyTests
{
    [Test]
    public void ComputeHmacSha1_MatchesBcl_ForAnyKeyAndMessage()
    {
        var gen = from key in ArbMap.Default.GeneratorFor<byte[]>().Where(k => k.Length > 0)
                  from longKey in Gen.Elements(false, true)
                  from body in Gen.Choose(0, 200)
                  from seed in Gen.Choose(0, int.MaxValue)
                  select (longKey ? [.. key, .. new byte[70]] : key, body, seed);
        Prop.ForAll(gen.ToArbitrary(), sample =>
        {
            var (keyBytes, bodyLength, seed) = sample;
            var message = new byte[20 + bodyLength];
            new Random(seed).NextBytes(message);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), (ushort)bodyLength);
            using var key = new StunIntegrityKey(keyBytes);
            var mac = new byte[20];
            key.ComputeHmacSha1(message, message.Length - 20, padTo64: false, mac);
            return mac.AsSpan().SequenceEqual(HMACSHA1.HashData(keyBytes, message));
        }).QuickCheckThrowOnFailure();
    }

    [Test]
    public void Dispose_ThenUse_ThrowsObjectDisposed()
    {
        var key = new StunIntegrityKey("k"u8);
        key.Dispose();
        key.Dispose();
        Assert.That(() => key.ComputeHmacSha1(new byte[20], 0, false, new byte[20]), Throws.TypeOf<ObjectDisposedException>());
    }

    [Test]
    public void EmptyKey_Rejected()
    {
        Assert.That(() => new StunIntegrityKey(ReadOnlySpan<byte>.Empty), Throws.ArgumentException);
    }
}
