namespace UcStack.Sip.Tests.Auth;

[TestFixture]
public sealed class DigestAlgorithmsTests
{
    [TestCase(null, DigestAlgorithm.Md5)]
    [TestCase("md5", DigestAlgorithm.Md5)]
    [TestCase("MD5-SESS", DigestAlgorithm.Md5Sess)]
    [TestCase("sha-256", DigestAlgorithm.Sha256)]
    [TestCase("SHA-256-sess", DigestAlgorithm.Sha256Sess)]
    public void TryParse_KnownTokens_CaseInsensitive(string? token, DigestAlgorithm expected)
    {
        Assert.That(DigestAlgorithms.TryParse(token, out var a), Is.True);
        Assert.That(a, Is.EqualTo(expected));
    }

    [TestCase("SHA-512-256")]
    [TestCase("")]
    [TestCase("AKAv1-MD5")]
    public void TryParse_UnknownTokens_False(string token) => Assert.That(DigestAlgorithms.TryParse(token, out _), Is.False);

    [Test]
    public void GetName_RoundTripsThroughTryParse()
    {
        foreach (var a in DigestAlgorithms.All)
        {
            Assert.That(DigestAlgorithms.TryParse(DigestAlgorithms.GetName(a), out var back) && back == a, Is.True, a.ToString());
        }
    }

    [Test]
    public void Strength_Sha256AboveMd5()
    {
        Assert.That(DigestAlgorithms.Strength(DigestAlgorithm.Sha256), Is.GreaterThan(DigestAlgorithms.Strength(DigestAlgorithm.Md5)));
        Assert.That(DigestAlgorithms.Strength(DigestAlgorithm.Sha256Sess), Is.GreaterThan(DigestAlgorithms.Strength(DigestAlgorithm.Md5Sess)));
    }

    [Test]
    public void GetName_Undefined_Throws() =>
        Assert.That(() => DigestAlgorithms.GetName((DigestAlgorithm)42), Throws.TypeOf<ArgumentOutOfRangeException>());
}
