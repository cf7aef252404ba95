using System.Numerics;
using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using UcStack.Srtp.Crypto;

namespace UcStack.Srtp.Tests.Crypto;

[TestFixture]
public sealed class SrtpKdfTests
{
    [TestCase("rfc3711-B3-kdf.txt", 94)]
    [TestCase("rfc6188-7.2-kdf-aes256.txt", 20)]
    public void Derive_RfcVectors_GiveCipherKeySaltAndAuthKey(string file, int authKeyLength)
    {
        var vectors = VectorFile.Load(file);
        var masterKey = vectors.Hex("master_key");
        var masterSalt = vectors.Hex("master_salt");

        var cipherKey = new byte[masterKey.Length];
        SrtpKdf.Derive(masterKey, masterSalt, SrtpKdf.SrtpEncryptionKeyLabel, 0, 0, cipherKey);
        var salt = new byte[14];
        SrtpKdf.Derive(masterKey, masterSalt, SrtpKdf.SrtpSaltLabel, 0, 0, salt);
        var authKey = new byte[authKeyLength];
        SrtpKdf.Derive(masterKey, masterSalt, SrtpKdf.SrtpAuthenticationKeyLabel, 0, 0, authKey);

        Assert.Multiple(() =>
        {
            Assert.That(cipherKey, Is.EqualTo(vectors.Hex("cipher_key")));
            Assert.That(salt, Is.EqualTo(vectors.Hex("cipher_salt")));
            Assert.That(authKey, Is.EqualTo(vectors.Hex("auth_key")));
        });
    }

    [Test]
    public void Derive_Rfc3711B3_AuthKeyBlocksMatchThePrintedPrfInputs()
    {
        // The B.3 table lists each 16-byte auth-key block next to the AES input that produced it.
        var vectors = VectorFile.Load("rfc3711-B3-kdf.txt");
        using var aes = new AesCtr(vectors.Hex("master_key"));
        var output = new byte[16];
        Assert.That(vectors.Rows, Has.Count.EqualTo(6));
        foreach (var row in vectors.Rows)
        {
            aes.EncryptBlock(Convert.FromHexString(row[1]), output);
            Assert.That(Convert.ToHexString(output).StartsWith(row[0], StringComparison.OrdinalIgnoreCase), Is.True, row[1]);
        }
    }

    [Test]
    public void Derive_RandomInputs_MatchesTheRfc3711DefinitionComputedLiterally()
    {
        var bytes = ArbMap.Default.GeneratorFor<byte>();
        var gen =
            from keyLength in Gen.Elements(16, 24, 32)
            from key in Gen.ArrayOf(bytes, keyLength)
            from saltLength in Gen.Elements(12, 14)
            from salt in Gen.ArrayOf(bytes, saltLength)
            from label in Gen.Choose(0, 5)
            from index in Gen.Choose(0, int.MaxValue).Select(i => ((ulong)i << 17) ^ (ulong)i)
            from rateLog in Gen.Choose(-1, 24)
            from length in Gen.Choose(0, 100)
            select (key, salt, label: (byte)label, index, rate: rateLog < 0 ? 0UL : 1UL << rateLog, length);

        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var actual = new byte[c.length];
            SrtpKdf.Derive(c.key, c.salt, c.label, c.index, c.rate, actual);
            return actual.AsSpan().SequenceEqual(ReferenceDerive(c.key, c.salt, c.label, c.index, c.rate, c.length));
        }).QuickCheckThrowOnFailure();
    }

    [Test]
    public void Derive_GcmTwelveByteSalt_EqualsFourteenByteSaltTimes2To16()
    {
        // RFC 7714 §11 (errata 4938): the 96-bit master salt is multiplied by 2^16 before the KDF.
        var key = RandomNumberGenerator.GetBytes(16);
        var salt12 = RandomNumberGenerator.GetBytes(12);
        var salt14 = salt12.Concat(new byte[2]).ToArray();
        var a = new byte[30];
        var b = new byte[30];

        SrtpKdf.Derive(key, salt12, SrtpKdf.SrtcpSaltLabel, 0, 0, a);
        SrtpKdf.Derive(key, salt14, SrtpKdf.SrtcpSaltLabel, 0, 0, b);

        Assert.That(a, Is.EqualTo(b));
    }

    [Test]
    public void Derive_KeyDerivationRate_ChangesOutputOnlyAcrossRateBoundaries()
    {
        var key = RandomNumberGenerator.GetBytes(16);
        var salt = RandomNumberGenerator.GetBytes(14);
        byte[] At(ulong index)
        {
            var output = new byte[16];
            SrtpKdf.Derive(key, salt, SrtpKdf.SrtpEncryptionKeyLabel, index, 256, output);
            return output;
        }

        Assert.That(At(255), Is.EqualTo(At(0)));
        Assert.That(At(256), Is.Not.EqualTo(At(255)));
        Assert.That(At(511), Is.EqualTo(At(256)));
    }

    [Test]
    public void Derive_LabelsZeroToFive_GiveSixDifferentKeys()
    {
        var key = RandomNumberGenerator.GetBytes(16);
        var salt = RandomNumberGenerator.GetBytes(14);
        byte[] labels = [SrtpKdf.SrtpEncryptionKeyLabel, SrtpKdf.SrtpAuthenticationKeyLabel, SrtpKdf.SrtpSaltLabel, SrtpKdf.SrtcpEncryptionKeyLabel, SrtpKdf.SrtcpAuthenticationKeyLabel, SrtpKdf.SrtcpSaltLabel];
        var keys = labels.Select(label =>
        {
            var output = new byte[16];
            SrtpKdf.Derive(key, salt, label, 0, 0, output);
            return Convert.ToHexString(output);
        }).ToList();

        Assert.That(labels, Is.EqualTo(new byte[] { 0, 1, 2, 3, 4, 5 }));
        Assert.That(keys, Is.Unique);
    }

    [TestCase(15, 14, 0UL, 0UL, 16, "masterKey")]
    [TestCase(16, 13, 0UL, 0UL, 16, "masterSalt")]
    [TestCase(16, 14, 0UL, 3UL, 16, "keyDerivationRate")]
    [TestCase(16, 14, 0UL, 1UL << 25, 16, "keyDerivationRate")]
    [TestCase(16, 14, 1UL << 48, 0UL, 16, "index")]
    [TestCase(16, 14, 0UL, 0UL, (65536 * 16) + 1, "output")]
    public void Derive_OutOfRangeArgument_ThrowsArgumentExceptionNamingIt(int keyLength, int saltLength, ulong index, ulong rate, int outputLength, string parameter)
    {
        Assert.That(
            () => SrtpKdf.Derive(new byte[keyLength], new byte[saltLength], 0, index, rate, new byte[outputLength]),
            Throws.InstanceOf<ArgumentException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo(parameter));
    }

    [Test]
    public void Derive_ArbitraryArguments_SucceedsOrThrowsArgumentException()
    {
        var gen =
            from keyLength in Gen.Choose(0, 40)
            from saltLength in Gen.Choose(0, 20)
            from label in Gen.Choose(0, 255)
            from index in ArbMap.Default.GeneratorFor<ulong>()
            from rate in Gen.OneOf(ArbMap.Default.GeneratorFor<ulong>(), Gen.Choose(0, 30).Select(i => 1UL << i))
            from length in Gen.Choose(0, 64)
            select (keyLength, saltLength, label, index, rate, length);

        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            try
            {
                SrtpKdf.Derive(new byte[c.keyLength], new byte[c.saltLength], (byte)c.label, c.index, c.rate, new byte[c.length]);
                return true;
            }
            catch (ArgumentException)
            {
                return true;
            }
        }).QuickCheckThrowOnFailure();
    }

    // RFC 3711 §4.3.1/§4.3.3 as arithmetic: x = (label * 2^48 + index DIV kdr) XOR salt (salt as a 112-bit
    // integer; a 96-bit salt times 2^16), IV = x * 2^16, output = AES-ECB(IV + j) for j = 0, 1, ...
    private static byte[] ReferenceDerive(byte[] key, byte[] salt, byte label, ulong index, ulong rate, int length)
    {
        var saltValue = new BigInteger(salt, isUnsigned: true, isBigEndian: true) << ((14 - salt.Length) * 8);
        var r = rate == 0 ? 0 : index / rate;
        var keyId = (new BigInteger(label) << 48) | r;
        var iv = (keyId ^ saltValue) << 16;
        using var aes = Aes.Create();
        aes.Key = key;
        var output = new List<byte>();
        for (var j = 0; output.Count < length; j++)
        {
            var counter = (iv + j).ToByteArray(isUnsigned: true, isBigEndian: true);
            var block = new byte[16];
            counter.CopyTo(block, 16 - counter.Length);
            output.AddRange(aes.EncryptEcb(block, PaddingMode.None));
        }

        return output.Take(length).ToArray();
    }
}
