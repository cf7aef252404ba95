namespace UcStack.Sdp.Tests.Crypto;

[TestFixture]
public sealed class SdpCryptoScaleTests
{
    [Test]
    public void GetCryptoScales_LyncFixture_ReadsRoleAndKey()
    {
        var audio = Fixtures.Session("lync-offer.sdp").Media[0];
        var scale = audio.GetCryptoScales().Single();
        var cryptos = audio.GetCryptos();
        Assert.Multiple(() =>
        {
            Assert.That(scale.Tag, Is.EqualTo(1));
            Assert.That(scale.Role, Is.EqualTo("client"));
            Assert.That(scale.Crypto.Suite, Is.EqualTo("AES_CM_128_HMAC_SHA1_80"));
            Assert.That(scale.Crypto.KeyParameters[0].MkiLength, Is.EqualTo(1));
            Assert.That(scale.ToAttribute(), Is.EqualTo(audio.Attributes.Find("cryptoscale")));
            Assert.That(cryptos.Select(c => c.Tag), Is.EqualTo(new[] { 2, 3 }));
            Assert.That(cryptos[0].KeyParameters[0].ToString(), Does.EndWith("|2^31|1:1"));
            Assert.That(cryptos[1].KeyParameters[0].ToString(), Does.EndWith("|2^31"));
        });
    }

    [Test]
    public void TryParse_MissingRole_ReturnsFalse() =>
        Assert.That(SdpCryptoScale.TryParse("1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz", out _), Is.False);
}
