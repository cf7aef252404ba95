namespace UcStack.Srtp.Tests.Srtp;

[TestFixture]
public sealed class SrtpSuiteTests
{
    [TestCase("AES_CM_128_HMAC_SHA1_80", 16, 14, 10, 10, false)]
    [TestCase("AES_CM_128_HMAC_SHA1_32", 16, 14, 4, 10, false)]
    [TestCase("AES_256_CM_HMAC_SHA1_80", 32, 14, 10, 10, false)]
    [TestCase("AES_256_CM_HMAC_SHA1_32", 32, 14, 4, 10, false)]
    [TestCase("AEAD_AES_128_GCM", 16, 12, 16, 16, true)]
    [TestCase("AEAD_AES_256_GCM", 32, 12, 16, 16, true)]
    [TestCase("NULL_HMAC_SHA1_80", 16, 14, 10, 10, false)]
    public void TryParse_KnownName_GivesLengths(string name, int key, int salt, int srtpTag, int srtcpTag, bool aead)
    {
        Assert.That(SrtpSuite.TryParse(name, out var suite), Is.True);
        Assert.That(
            (suite!.Name, suite.MasterKeyLength, suite.MasterSaltLength, suite.SrtpTagLength, suite.SrtcpTagLength, suite.IsAead, suite.ToString()),
            Is.EqualTo((name, key, salt, srtpTag, srtcpTag, aead, name)));
    }

    [TestCase("aes_cm_128_hmac_sha1_80")]
    [TestCase("F8_128_HMAC_SHA1_80")]
    [TestCase("")]
    [TestCase(null)]
    public void TryParse_UnknownName_ReturnsFalse(string? name)
    {
        Assert.That(SrtpSuite.TryParse(name, out var suite), Is.False);
        Assert.That(suite, Is.Null);
    }

    [Test]
    public void All_ListsSevenDistinctSuites()
    {
        Assert.That(SrtpSuite.All.Select(s => s.Name).Distinct().Count(), Is.EqualTo(7));
    }
}
