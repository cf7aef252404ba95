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
