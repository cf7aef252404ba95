using UcStack.Srtp.Crypto;

namespace UcStack.Srtp.Tests.Crypto;

[TestFixture]
public sealed class CryptoFeaturesTests
{
    [Test]
    public void Describe_NamesThePathsTheConstructorsActuallyPick()
    {
        using var ctr = new AesCtr(new byte[16]);
        using var gcm = new AesGcmCipher(new byte[16]);
        using var hmac = new HmacSha1(new byte[20]);
        var text = CryptoFeatures.Describe();

        Assert.Multiple(() =>
        {
            Assert.That(ctr.UsesAesNi, Is.EqualTo(CryptoFeatures.HasAesNi));
            Assert.That(gcm.UsesAesNi, Is.EqualTo(AesGcmCipher.IsAcceleratedPathSupported));
            Assert.That(hmac.UsesLibCrypto, Is.EqualTo(CryptoFeatures.UsesLibCryptoSha1));
            Assert.That(text, Does.Contain(CryptoFeatures.AesCtrPath));
            Assert.That(text, Does.Contain(CryptoFeatures.AesGcmPath));
            Assert.That(text, Does.Contain(hmac.UsesLibCrypto ? "libcrypto SHA1_Update" : "managed SHA-1"));
        });
    }
}
