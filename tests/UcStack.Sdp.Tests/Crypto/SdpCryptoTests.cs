namespace UcStack.Sdp.Tests.Crypto;

[TestFixture]
public sealed class SdpCryptoTests
{
    private const string Key30 = "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz";

    [Test]
    public void GetCryptos_Fixture_ReadsLifetimeAndMki()
    {
        var cryptos = Fixtures.Session("audio-video-8-candidates.sdp").Media[0].GetCryptos();
        Assert.That(cryptos, Has.Count.EqualTo(2));
        var first = cryptos[0].KeyParameters.Single();
        var second = cryptos[1].KeyParameters.Single();
        Assert.Multiple(() =>
        {
            Assert.That(cryptos[0].Tag, Is.EqualTo(1));
            Assert.That(cryptos[0].Suite, Is.EqualTo("AES_CM_128_HMAC_SHA1_80"));
            Assert.That(first.Lifetime, Is.EqualTo(SdpSrtpLifetime.PowerOfTwo(31)));
            Assert.That(first.Lifetime!.Value.Packets, Is.EqualTo(1UL << 31));
            Assert.That(first.MkiValue, Is.Null);
            Assert.That(first.KeySaltLength, Is.EqualTo(30));
            Assert.That(second.Lifetime!.Value.Exponent, Is.EqualTo(20));
            Assert.That(second.MkiValue, Is.EqualTo(1UL));
            Assert.That(second.MkiLength, Is.EqualTo(4));
            Assert.That(cryptos[1].ToAttribute().Value, Is.EqualTo("2 AES_CM_128_HMAC_SHA1_32 inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj|2^20|1:4"));
        });
    }

    [Test]
    public void CopyKeySalt_DecodesIntoCallerBuffer()
    {
        var key = SdpSrtpKeyParameter.FromKeySalt(Enumerable.Range(1, 30).Select(i => (byte)i).ToArray());
        var buffer = new byte[30];
        Assert.Multiple(() =>
        {
            Assert.That(key.CopyKeySalt(buffer), Is.EqualTo(30));
            Assert.That(buffer, Is.EqualTo(Enumerable.Range(1, 30).Select(i => (byte)i).ToArray()));
            Assert.Throws<ArgumentException>(() => key.CopyKeySalt(new byte[10]));
        });
    }

    [TestCase("1 AES_CM_128_HMAC_SHA1_80 inline:" + Key30 + "|1048576", 1048576UL, false)]
    [TestCase("1 AES_CM_128_HMAC_SHA1_80 inline:" + Key30 + "|2^48", 1UL << 48, true)]
    public void TryParse_Lifetime_DecimalOrPower(string value, ulong packets, bool power)
    {
        Assert.That(SdpCrypto.TryParse(value, out var crypto), Is.True);
        var lifetime = crypto!.KeyParameters[0].Lifetime!.Value;
        Assert.That((lifetime.Packets, lifetime.IsPowerOfTwo), Is.EqualTo((packets, power)));
    }

    [Test]
    public void TryParse_SessionParametersAndTabs_AreRead()
    {
        Assert.That(SdpCrypto.TryParse("7\tAES_CM_128_HMAC_SHA1_80  inline:" + Key30 + " KDR=0 UNENCRYPTED_SRTCP", out var crypto), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(crypto!.Tag, Is.EqualTo(7));
            Assert.That(crypto.SessionParameters, Is.EqualTo(new[] { "KDR=0", "UNENCRYPTED_SRTCP" }));
            Assert.That(crypto.ToString(), Is.EqualTo("7 AES_CM_128_HMAC_SHA1_80 inline:" + Key30 + " KDR=0 UNENCRYPTED_SRTCP"));
        });
    }

    [Test]
    public void TryParse_SeveralKeys_AreKeptInOrder()
    {
        Assert.That(SdpCrypto.TryParse($"1 AES_CM_128_HMAC_SHA1_80 inline:{Key30}|2^20|1:4;inline:{Key30}|2^20|2:4", out var crypto), Is.True);
        Assert.That(crypto!.KeyParameters.Select(k => k.MkiValue), Is.EqualTo(new ulong?[] { 1, 2 }));
    }

    [TestCase("1 AES_CM_128_HMAC_SHA1_80", "expected")]
    [TestCase("1234567890 AES_CM_128_HMAC_SHA1_80 inline:" + Key30, "tag")]
    [TestCase("x AES_CM_128_HMAC_SHA1_80 inline:" + Key30, "tag")]
    [TestCase("1 AES-CM inline:" + Key30, "crypto-suite")]
    [TestCase("1 AES_CM_128_HMAC_SHA1_80 key:" + Key30, "inline")]
    [TestCase("1 AES_CM_128_HMAC_SHA1_80 inline:not*base64", "base64")]
    [TestCase("1 AES_CM_128_HMAC_SHA1_80 inline:AAAA", "30-byte")]
    [TestCase("1 AES_CM_128_HMAC_SHA1_80 inline:" + Key30 + "|2^64", "lifetime")]
    [TestCase("1 AES_CM_128_HMAC_SHA1_80 inline:" + Key30 + "|0", "lifetime")]
    [TestCase("1 AES_CM_128_HMAC_SHA1_80 inline:" + Key30 + "|1:129", "MKI")]
    [TestCase("1 AES_CM_128_HMAC_SHA1_80 inline:" + Key30 + "|1:1|2^31", "MKI")]
    [TestCase("1 AES_CM_128_HMAC_SHA1_80 inline:" + Key30 + "|2^31|2^31", "lifetime")]
    [TestCase("1 AES_CM_128_HMAC_SHA1_80 inline:" + Key30 + "|2^31|1:1|1:1", "MKI")]
    [TestCase("1 AES_CM_128_HMAC_SHA1_80 inline:" + Key30 + "|2^31|2^31|1:1", "lifetime")]
    public void Parse_Malformed_ThrowsWithReason(string value, string reason)
    {
        var exception = Assert.Throws<SdpParseException>(() => SdpCrypto.Parse(new SdpAttribute("crypto", value)));
        Assert.That(exception!.Message, Does.Contain(reason));
    }

    [Test]
    public void GetKeySaltLength_KnownSuites()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SdpCrypto.GetKeySaltLength("AES_CM_128_HMAC_SHA1_32"), Is.EqualTo(30));
            Assert.That(SdpCrypto.GetKeySaltLength("AES_256_CM_HMAC_SHA1_80"), Is.EqualTo(46));
            Assert.That(SdpCrypto.GetKeySaltLength("AEAD_AES_128_GCM"), Is.EqualTo(28));
            Assert.That(SdpCrypto.GetKeySaltLength("NEW_SUITE"), Is.Null);
        });
    }

    [Test]
    public void Constructor_InvalidArguments_Throw()
    {
        var key = new SdpSrtpKeyParameter(Key30);
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => _ = new SdpCrypto(1_000_000_000, "AES_CM_128_HMAC_SHA1_80", [key]));
            Assert.Throws<ArgumentException>(() => _ = new SdpCrypto(1, "AES_CM_128_HMAC_SHA1_80", []));
            Assert.Throws<ArgumentException>(() => _ = new SdpSrtpKeyParameter("###"));
            Assert.Throws<ArgumentException>(() => _ = new SdpSrtpKeyParameter(Key30, mkiValue: 1));
            Assert.Throws<ArgumentException>(() => _ = new SdpSrtpKeyParameter(Key30, mkiValue: 1, mkiLength: 129));
            Assert.Throws<ArgumentOutOfRangeException>(() => SdpSrtpLifetime.PowerOfTwo(64));
        });
    }
}
