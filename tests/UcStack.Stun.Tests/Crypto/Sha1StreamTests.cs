using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using UcStack.Stun.Crypto;

namespace UcStack.Stun.Tests.Crypto;

#pragma warning disable CA5350 // SHA-1 is what STUN specifies; the BCL is the independent reference here.

[TestFixture]
public sealed class Sha1StreamTests
{
    [TestCase("", "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709")]
    [TestCase("abc", "A9993E364706816ABA3E25717850C26C9CD0D89D")]
    [TestCase("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983E441C3BD26EBAAE4AA1F95129E5E54670F1")]
    public void Finish_Fips180Examples(string input, string digestHex)
    {
        var stream = new Sha1Stream(Sha1State.Initial, 0);
        stream.Append(System.Text.Encoding.ASCII.GetBytes(input));
        var digest = new byte[20];
        stream.Finish(digest);
        Assert.That(Convert.ToHexString(digest), Is.EqualTo(digestHex));
    }

    [Test]
    public void AnyInputInAnyChunks_MatchesBcl()
    {
        var gen = from data in ArbMap.Default.GeneratorFor<byte[]>()
                  from split in Gen.Choose(0, 300)
                  select (data, split);
        Prop.ForAll(gen.ToArbitrary(), sample =>
        {
            var (data, split) = sample;
            var cut = Math.Min(split, data.Length);
            var stream = new Sha1Stream(Sha1State.Initial, 0);
            stream.Append(data.AsSpan(0, cut));
            stream.Append(data.AsSpan(cut));
            var digest = new byte[20];
            stream.Finish(digest);
            return digest.AsSpan().SequenceEqual(SHA1.HashData(data));
        }).QuickCheckThrowOnFailure();
    }

    [Test]
    public void LongInputs_MatchBcl()
    {
        foreach (var length in new[] { 55, 56, 63, 64, 65, 119, 120, 128, 1000, 65555 })
        {
            var data = new byte[length];
            new Random(length).NextBytes(data);
            var stream = new Sha1Stream(Sha1State.Initial, 0);
            stream.Append(data);
            var digest = new byte[20];
            stream.Finish(digest);
            Assert.That(digest, Is.EqualTo(SHA1.HashData(data)), $"length {length}");
        }
    }
}

[TestFixture]
public sealed class Crc32Tests
{
    [Test]
    public void Compute_CheckValue()
    {
        // The CRC-32/ISO-HDLC check value: CRC of the ASCII digits "123456789".
        Assert.That(Crc32.Compute("123456789"u8), Is.EqualTo(0xCBF43926u));
    }

    [Test]
    public void Append_InPieces_EqualsWhole()
    {
        Prop.ForAll<byte[], byte[]>((first, second) =>
            Crc32.Append(Crc32.Compute(first), second) == Crc32.Compute([.. first, .. second])).QuickCheckThrowOnFailure();
    }

    [Test]
    public void Compute_MatchesBitwiseReference()
    {
        Prop.ForAll<byte[]>(data => Crc32.Compute(data) == Bitwise(data)).QuickCheckThrowOnFailure();
    }

    private static uint Bitwise(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}

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
