using UcStack.Srtp.Crypto;

namespace UcStack.Srtp.Tests.Crypto;

[TestFixture]
public sealed class AesGcmCipherTests
{
    private static IEnumerable<string> GcmVectorFiles() => VectorFile.AllNames().Where(n => n.StartsWith("rfc7714-", StringComparison.Ordinal));

    [TestCaseSource(nameof(GcmVectorFiles))]
    public void Encrypt_Rfc7714Vector_GivesCiphertextAndTag(string file)
    {
        var v = VectorFile.Load(file);
        using var gcm = new AesGcmCipher(v.Hex("session_key"));
        var data = v.Hex("plaintext");
        var tag = new byte[16];

        gcm.Encrypt(v.Hex("iv"), v.Hex("aad"), data, tag);

        Assert.Multiple(() =>
        {
            Assert.That(tag, Is.EqualTo(v.Hex("tag")));
            Assert.That(data, Is.EqualTo(v.Has("ciphertext") ? v.Hex("ciphertext") : []));
        });
    }

    [TestCaseSource(nameof(GcmVectorFiles))]
    public void Decrypt_Rfc7714Vector_RecoversPlaintext(string file)
    {
        var v = VectorFile.Load(file);
        using var gcm = new AesGcmCipher(v.Hex("session_key"));
        var data = v.Has("ciphertext") ? v.Hex("ciphertext") : [];

        var ok = gcm.Decrypt(v.Hex("iv"), v.Hex("aad"), data, v.Hex("tag"));

        Assert.That(ok, Is.True);
        Assert.That(data, Is.EqualTo(v.Hex("plaintext")));
    }

    [TestCaseSource(nameof(GcmVectorFiles))]
    public void Decrypt_Rfc7714VectorWithFlippedTagBit_ReturnsFalseAndZeroesData(string file)
    {
        var v = VectorFile.Load(file);
        using var gcm = new AesGcmCipher(v.Hex("session_key"));
        var data = v.Has("ciphertext") ? v.Hex("ciphertext") : [];
        var tag = v.Hex("tag");
        tag[15] ^= 0x01;

        var ok = gcm.Decrypt(v.Hex("iv"), v.Hex("aad"), data, tag);

        Assert.That(ok, Is.False);
        Assert.That(data, Is.All.EqualTo((byte)0));
    }

    [TestCaseSource(nameof(GcmVectorFiles))]
    public void AesBlock_Rfc7714Vector_GivesHashSubkeyK0AndKeystream(string file)
    {
        var v = VectorFile.Load(file);
        using var aes = new AesCtr(v.Hex("session_key"));
        var block = new byte[16];
        var output = new byte[16];

        aes.EncryptBlock(block, output);
        Assert.That(output, Is.EqualTo(v.Hex("hash_subkey_h")), "H = E(K, 0^128)");

        v.Hex("iv").CopyTo(block, 0);
        block[15] = 1;
        aes.EncryptBlock(block, output);
        Assert.That(output, Is.EqualTo(v.Hex("k0")), "K0 = E(K, IV || 1)");

        for (var n = 2; n <= 4 && v.Has($"counter_block_{n}"); n++)
        {
            aes.EncryptBlock(v.Hex($"counter_block_{n}"), output);
            Assert.That(output, Is.EqualTo(v.Hex($"keystream_block_{n}")), $"keystream block {n}");
        }
    }
}
