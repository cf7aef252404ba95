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
}
