using System.Security.Cryptography;
using System.Text;

namespace UcStack.Stun.Tests.Credentials;

[TestFixture]
public sealed class StunCredentialsTests
{
    // RFC 4013 §3 examples.
    [TestCase("I\u00ADX", "IX")]
    [TestCase("user", "user")]
    [TestCase("USER", "USER")]
    [TestCase("\u00AA", "a")]
    [TestCase("\u2168", "IX")]
    [TestCase("a\u00A0b", "a b")]
    [TestCase("The\u00ADM\u00AAtr\u2168", "TheMatrIX")]
    public void SaslPrep_Rfc4013Examples(string input, string expected)
    {
        Assert.That(StunCredentials.PrepareSaslPrep(input), Is.EqualTo(expected));
    }

    [TestCase("\u0007", "RFC 3454 C.2.1")]
    [TestCase("a\uE000", "RFC 3454 C.3")]
    [TestCase("\u0627\u0031", "RFC 3454 §6 bidirectional rule")]
    [TestCase("\u05D0a\u05D0", "RFC 3454 §6 bidirectional rule")]
    public void SaslPrep_Prohibited_TypedError(string input, string rule)
    {
        var error = Assert.Throws<StunStringPreparationException>(() => StunCredentials.PrepareSaslPrep(input));
        Assert.That(error!.Rule, Is.EqualTo(rule));
    }

    [Test]
    public void BothProfiles_LoneSurrogate_Rejected()
    {
        var input = "a" + (char)0xD800;
        Assert.That(Assert.Throws<StunStringPreparationException>(() => StunCredentials.PrepareSaslPrep(input))!.Index, Is.EqualTo(1));
        Assert.That(Assert.Throws<StunStringPreparationException>(() => StunCredentials.PrepareOpaqueString(input))!.Rule, Is.EqualTo("lone surrogate"));
    }

    [Test]
    public void SaslPrep_RightToLeftOnly_Allowed()
    {
        Assert.That(StunCredentials.PrepareSaslPrep("\u0627\u0628"), Is.EqualTo("\u0627\u0628"));
    }

    [TestCase("TheMatrIX", "TheMatrIX")]
    [TestCase("a\u00A0b\u3000c", "a b c")]
    [TestCase("e\u0301", "\u00E9")]
    [TestCase("\u2168", "\u2168")]
    [TestCase("VOkJxbRl1RmTxUk/WvJxBt", "VOkJxbRl1RmTxUk/WvJxBt")]
    public void OpaqueString_MapsSpacesAndNormalizesNfc(string input, string expected)
    {
        Assert.That(StunCredentials.PrepareOpaqueString(input), Is.EqualTo(expected));
    }

    [TestCase("The\u00ADMatrix", "RFC 8264 §9.13 PrecisIgnorableProperties")]
    [TestCase("a\u0007", "RFC 8264 §9.12 Controls")]
    [TestCase("a\uE000", "RFC 8264 §9.11 not in FreeformClass")]
    [TestCase("a\u200Db", "RFC 8264 §9.8 JoinControl (context not evaluated)")]
    [TestCase("\u1100", "RFC 8264 §9.9 OldHangulJamo")]
    public void OpaqueString_Disallowed_TypedError(string input, string rule)
    {
        var error = Assert.Throws<StunStringPreparationException>(() => StunCredentials.PrepareOpaqueString(input));
        Assert.That(error!.Rule, Is.EqualTo(rule));
    }

    [Test]
    public void OpaqueString_Empty_Rejected()
    {
        Assert.That(() => StunCredentials.PrepareOpaqueString(string.Empty), Throws.TypeOf<StunStringPreparationException>());
    }

    [Test]
    public void LongTermKey_Sha256_IsHashOfJoinedCredentials()
    {
        var key = StunCredentials.DeriveLongTermKey("user", "realm", "pass", StunPasswordAlgorithm.Sha256);
        Assert.That(key, Is.EqualTo(SHA256.HashData("user:realm:pass"u8)));
    }

    [Test]
    public void LongTermKey_Md5_IsHashOfJoinedCredentials()
    {
#pragma warning disable CA5351 // The STUN long-term key is MD5 by specification; this is the independent check.
        var expected = MD5.HashData("user:realm:pass"u8);
#pragma warning restore CA5351
        Assert.That(StunCredentials.DeriveLongTermKey("user", "realm", "pass"), Is.EqualTo(expected));
    }

    [Test]
    public void LongTermKey_UnknownAlgorithm_Rejected()
    {
        Assert.That(() => StunCredentials.DeriveLongTermKey("u", "r", "p", (StunPasswordAlgorithm)7), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void ShortTermKey_IsUtf8OfPreparedPassword()
    {
        Assert.That(StunCredentials.DeriveShortTermKey("a\u00A0b"), Is.EqualTo(Encoding.UTF8.GetBytes("a b")));
        Assert.That(StunCredentials.DeriveShortTermKey("a\u00A0b", StunPasswordProfile.None), Is.EqualTo(Encoding.UTF8.GetBytes("a\u00A0b")));
    }

    [Test]
    public void Userhash_IsSha256OfUsernameColonRealm()
    {
        Assert.That(StunCredentials.ComputeUserhash("user", "realm"), Is.EqualTo(SHA256.HashData("user:realm"u8)));
    }
}
