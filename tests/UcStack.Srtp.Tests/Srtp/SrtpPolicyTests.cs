using FsCheck;
using FsCheck.Fluent;

namespace UcStack.Srtp.Tests.Srtp;

[TestFixture]
public sealed class SrtpPolicyTests
{
    // 30 octets: an AES_CM_128 master key and salt.
    private const string Key30 = "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz";

    [Test]
    public void FromSdesInline_MsSrtpFormWithMki_ParsesLifetimeAndOneOctetMki()
    {
        using var policy = SrtpPolicy.FromSdesInline(SrtpSuite.AesCm128HmacSha1Tag80, $"inline:{Key30}|2^31|1:1");

        Assert.That(policy.MkiLength, Is.EqualTo(1));
        Assert.That(policy.MasterKeys, Has.Count.EqualTo(1));
        Assert.That(policy.MasterKeys[0].Mki.ToArray(), Is.EqualTo(new byte[] { 1 }));
        Assert.That(policy.MasterKeys[0].Lifetime, Is.EqualTo(1UL << 31));
        Assert.That(policy.ReplayWindowSize, Is.EqualTo(128));
        Assert.That(policy.KeyDerivationRate, Is.Zero);
    }

    [Test]
    public void FromSdesInline_LifetimeWithoutMki_HasNoMki()
    {
        using var policy = SrtpPolicy.FromSdesInline(SrtpSuite.AesCm128HmacSha1Tag80, $"inline:{Key30}|2^31");

        Assert.That(policy.MkiLength, Is.Zero);
        Assert.That(policy.MasterKeys[0].Lifetime, Is.EqualTo(1UL << 31));
    }

    [Test]
    public void FromSdesInline_KeyOnly_UsesMaximumLifetime()
    {
        using var policy = SrtpPolicy.FromSdesInline(SrtpSuite.AesCm128HmacSha1Tag80, $"inline:{Key30}");

        Assert.That(policy.MasterKeys[0].Lifetime, Is.EqualTo(SrtpMasterKey.MaxLifetime));
    }

    [Test]
    public void FromSdesInline_MkiWithoutLifetimeAndDecimalLifetime_Parse()
    {
        using var mkiOnly = SrtpPolicy.FromSdesInline(SrtpSuite.AesCm128HmacSha1Tag80, $"inline:{Key30}|258:2");
        using var decimalLifetime = SrtpPolicy.FromSdesInline(SrtpSuite.AesCm128HmacSha1Tag80, $"INLINE:{Key30}|1048576");

        Assert.That(mkiOnly.MasterKeys[0].Mki.ToArray(), Is.EqualTo(new byte[] { 1, 2 }));
        Assert.That(decimalLifetime.MasterKeys[0].Lifetime, Is.EqualTo(1048576UL));
    }

    [Test]
    public void FromSdesInline_TwoKeysWithMki_KeepsOrderAndMkis()
    {
        var other = Convert.ToBase64String(SrtpTestKeys.KeyMaterial(SrtpSuite.AesCm128HmacSha1Tag80, 9));
        using var policy = SrtpPolicy.FromSdesInline(SrtpSuite.AesCm128HmacSha1Tag80, $"inline:{Key30}|2^20|1:4;inline:{other}|2^20|2:4");

        Assert.That(policy.MkiLength, Is.EqualTo(4));
        Assert.That(policy.MasterKeys.Select(k => k.Mki.ToArray()), Is.EqualTo(new[] { new byte[] { 0, 0, 0, 1 }, [0, 0, 0, 2] }));
    }

    [Test]
    public void FromSdesInline_Aead128_TakesTwentyEightOctets()
    {
        var material = Convert.ToBase64String(SrtpTestKeys.KeyMaterial(SrtpSuite.AeadAes128Gcm));
        using var policy = SrtpPolicy.FromSdesInline(SrtpSuite.AeadAes128Gcm, $"inline:{material}");

        Assert.That(policy.MasterKeys[0].KeyLength, Is.EqualTo(16));
        Assert.That(policy.MasterKeys[0].SaltLength, Is.EqualTo(12));
    }

    [TestCase("", SdesKeyParamsError.Empty, 0)]
    [TestCase("uri:" + Key30, SdesKeyParamsError.UnsupportedKeyMethod, 0)]
    [TestCase("inline:" + Key30 + ";", SdesKeyParamsError.Empty, 48)]
    [TestCase("inline:not*base64", SdesKeyParamsError.InvalidBase64, 7)]
    [TestCase("inline:", SdesKeyParamsError.InvalidBase64, 7)]
    [TestCase("inline:AAAA", SdesKeyParamsError.WrongKeyLength, 7)]
    [TestCase("inline:" + Key30 + "|", SdesKeyParamsError.InvalidLifetime, 48)]
    [TestCase("inline:" + Key30 + "|0", SdesKeyParamsError.InvalidLifetime, 48)]
    [TestCase("inline:" + Key30 + "|2^x", SdesKeyParamsError.InvalidLifetime, 48)]
    [TestCase("inline:" + Key30 + "|2^49", SdesKeyParamsError.LifetimeTooLarge, 48)]
    [TestCase("inline:" + Key30 + "|281474976710657", SdesKeyParamsError.LifetimeTooLarge, 48)]
    [TestCase("inline:" + Key30 + "|1:x", SdesKeyParamsError.InvalidMki, 48)]
    [TestCase("inline:" + Key30 + "|1:1|2^31", SdesKeyParamsError.InvalidMki, 52)]
    [TestCase("inline:" + Key30 + "|2^31|1:1|7", SdesKeyParamsError.InvalidMki, 57)]
    [TestCase("inline:" + Key30 + "|1:5", SdesKeyParamsError.UnsupportedMkiLength, 48)]
    [TestCase("inline:" + Key30 + "|1:0", SdesKeyParamsError.UnsupportedMkiLength, 48)]
    [TestCase("inline:" + Key30 + "|256:1", SdesKeyParamsError.MkiValueTooLarge, 48)]
    [TestCase("inline:" + Key30 + ";inline:" + Key30 + "|1:1", SdesKeyParamsError.MkiRequired, 0)]
    [TestCase("inline:" + Key30 + "|1:1;inline:" + Key30 + "|2:2", SdesKeyParamsError.MkiLengthMismatch, 52)]
    [TestCase("inline:" + Key30 + "|1:1;inline:" + Key30 + "|1:1", SdesKeyParamsError.DuplicateMki, 52)]
    public void FromSdesInline_BadInput_ThrowsTypedErrorWithOffset(string keyParams, SdesKeyParamsError error, int offset)
    {
        var ex = Assert.Throws<SdesKeyParamsException>(() => SrtpPolicy.FromSdesInline(SrtpSuite.AesCm128HmacSha1Tag80, keyParams));

        Assert.That(ex!.Error, Is.EqualTo(error), ex.Message);
        Assert.That(ex.Offset, Is.EqualTo(offset), ex.Message);
        Assert.That(ex.Message, Does.Not.Contain(Key30));
    }

    [Test]
    public void FromSdesInline_SeventeenKeys_ThrowsTooManyKeys()
    {
        var text = string.Join(";", Enumerable.Range(1, 17).Select(i => $"inline:{Key30}|{i}:1"));

        var ex = Assert.Throws<SdesKeyParamsException>(() => SrtpPolicy.FromSdesInline(SrtpSuite.AesCm128HmacSha1Tag80, text));

        Assert.That(ex!.Error, Is.EqualTo(SdesKeyParamsError.TooManyKeys));
    }

    [Test]
    public void FromSdesInline_SerializedKeyParams_ParseBackToSameKeys()
    {
        var gen =
            from suiteIndex in Gen.Choose(0, SrtpSuite.All.Count - 1)
            from count in Gen.Choose(1, 4)
            from mkiLength in Gen.Choose(count > 1 ? 1 : 0, 4)
            from seeds in Gen.ArrayOf(Gen.Choose(0, 1000), count)
            from lifetimeExponent in Gen.Choose(-1, 48)
            from decimalLifetime in ArbMap.Default.GeneratorFor<bool>()
            select (Suite: SrtpSuite.All[suiteIndex], Count: count, MkiLength: mkiLength, Seeds: seeds, Exponent: lifetimeExponent, Decimal: decimalLifetime);

        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var parts = new List<string>();
            for (var i = 0; i < c.Count; i++)
            {
                var text = "inline:" + Convert.ToBase64String(SrtpTestKeys.KeyMaterial(c.Suite, c.Seeds[i]));
                if (c.Exponent >= 0)
                {
                    text += c.Decimal ? $"|{1UL << c.Exponent}" : $"|2^{c.Exponent}";
                }

                if (c.MkiLength > 0)
                {
                    text += $"|{i + 1}:{c.MkiLength}";
                }

                parts.Add(text);
            }

            using var policy = SrtpPolicy.FromSdesInline(c.Suite, string.Join(";", parts));
            var lifetime = c.Exponent >= 0 ? 1UL << c.Exponent : SrtpMasterKey.MaxLifetime;
            return policy.MasterKeys.Count == c.Count
                && policy.MkiLength == c.MkiLength
                && policy.MasterKeys.Select((k, i) => k.Lifetime == lifetime && (c.MkiLength == 0 || k.Mki[^1] == i + 1)).All(ok => ok);
        }).QuickCheckThrowOnFailure();
    }

    [Test]
    public void FromSdesInline_ArbitraryText_ThrowsOnlySdesKeyParamsException()
    {
        var alphabet = "inlne:|^;0123456789AQZaqz+/=2".ToCharArray();
        var gen =
            from prefix in Gen.Elements("inline:", "inline:" + Key30, "")
            from length in Gen.Choose(0, 80)
            from chars in Gen.ArrayOf(Gen.Elements(alphabet), length)
            select prefix + new string(chars);

        Prop.ForAll(gen.ToArbitrary(), text =>
        {
            try
            {
                SrtpPolicy.FromSdesInline(SrtpSuite.AesCm128HmacSha1Tag80, text).Dispose();
                return true;
            }
            catch (SdesKeyParamsException)
            {
                return true;
            }
        }).QuickCheckThrowOnFailure();
    }

    [Test]
    public void Constructor_WrongKeyLength_SaysExpectedAndActual()
    {
        using var key = new SrtpMasterKey(new byte[16], new byte[12]);

        var ex = Assert.Throws<ArgumentException>(() => _ = new SrtpPolicy(SrtpSuite.AesCm128HmacSha1Tag80, key));

        Assert.That(ex!.Message, Does.Contain("12-octet salt").And.Contain("needs 16 and 14"));
    }

    [Test]
    public void Constructor_TwoKeysWithoutMki_Throws()
    {
        Assert.Throws<ArgumentException>(() => _ = new SrtpPolicy(SrtpSuite.AesCm128HmacSha1Tag80, SrtpTestKeys.MasterKey(SrtpSuite.AesCm128HmacSha1Tag80, 1), SrtpTestKeys.MasterKey(SrtpSuite.AesCm128HmacSha1Tag80, 2)));
    }

    [Test]
    public void Constructor_MkiLengthsDiffer_Throws()
    {
        var suite = SrtpSuite.AesCm128HmacSha1Tag80;
        Assert.Throws<ArgumentException>(() => _ = new SrtpPolicy(suite, SrtpTestKeys.MasterKey(suite, 1, [1]), SrtpTestKeys.MasterKey(suite, 2, [0, 2])));
    }

    [Test]
    public void Constructor_NoKeys_Throws()
    {
        Assert.Throws<ArgumentException>(() => _ = new SrtpPolicy(SrtpSuite.AesCm128HmacSha1Tag80));
    }

    [TestCase(63)]
    [TestCase(32769)]
    public void ReplayWindowSize_OutOfRange_Throws(int size)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new SrtpPolicy(SrtpSuite.AesCm128HmacSha1Tag80, SrtpTestKeys.MasterKey(SrtpSuite.AesCm128HmacSha1Tag80)) { ReplayWindowSize = size });
    }

    [TestCase(3UL)]
    [TestCase(1UL << 25)]
    public void KeyDerivationRate_NotPowerOfTwoUpTo2To24_Throws(ulong rate)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new SrtpPolicy(SrtpSuite.AesCm128HmacSha1Tag80, SrtpTestKeys.MasterKey(SrtpSuite.AesCm128HmacSha1Tag80)) { KeyDerivationRate = rate });
    }

    [Test]
    public void MaxSsrcCount_Zero_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new SrtpPolicy(SrtpSuite.AesCm128HmacSha1Tag80, SrtpTestKeys.MasterKey(SrtpSuite.AesCm128HmacSha1Tag80)) { MaxSsrcCount = 0 });
    }
}
