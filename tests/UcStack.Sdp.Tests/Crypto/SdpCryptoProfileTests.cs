namespace UcStack.Sdp.Tests.Crypto;

[TestFixture]
public sealed class SdpCryptoProfileTests
{
    private const string Key30 = "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz";

    private static SdpMedia Media(params string[] attributes)
    {
        var session = SdpSession.Parse(Fixtures.MinimalHead + "m=audio 1 RTP/AVP 0\r\n" + string.Concat(attributes.Select(a => a + "\r\n")));
        return session.Media[0];
    }

    [Test]
    public void ValidateMicrosoft_LyncFixture_Conforms() =>
        Assert.That(SdpCryptoProfile.ValidateMicrosoft(Fixtures.Session("lync-offer.sdp").Media[0]), Is.Empty);

    [Test]
    public void ValidateMicrosoft_DoubleSpace_IsViolation()
    {
        var errors = SdpCryptoProfile.ValidateMicrosoft(Media($"a=crypto:2  AES_CM_128_HMAC_SHA1_80 inline:{Key30}|2^31"));
        Assert.Multiple(() =>
        {
            Assert.That(errors, Has.Count.EqualTo(1));
            Assert.That(errors[0].Code, Is.EqualTo(SdpParseErrorCode.ProfileViolation));
            Assert.That(errors[0].Line, Is.EqualTo(6));
            Assert.That(errors[0].Detail, Does.Contain("exactly one space"));
        });
    }

    [Test]
    public void ValidateMicrosoft_TagSharedWithCryptoScale_IsViolation()
    {
        var media = Media($"a=cryptoscale:1 client AES_CM_128_HMAC_SHA1_80 inline:{Key30}|2^31|1:1", $"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:{Key30}|2^31");
        var errors = SdpCryptoProfile.ValidateMicrosoft(media);
        Assert.That(errors.Single().Detail, Does.Contain("tag 1 is used twice"));
        Assert.Throws<SdpParseException>(() => SdpCryptoProfile.EnsureMicrosoft(media));
    }

    [Test]
    public void ValidateMicrosoft_OtherSuite_IsViolation()
    {
        var errors = SdpCryptoProfile.ValidateMicrosoft(Media($"a=crypto:1 AES_CM_128_HMAC_SHA1_32 inline:{Key30}"));
        Assert.That(errors.Single().Detail, Does.Contain("suite must be AES_CM_128_HMAC_SHA1_80"));
    }

    [Test]
    public void ValidateMicrosoft_Malformed_IsReportedNotThrown() =>
        Assert.That(SdpCryptoProfile.ValidateMicrosoft(Media("a=crypto:1 nonsense")).Single().Detail, Does.Contain("not a valid crypto line"));
}
