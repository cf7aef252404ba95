using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using UcStack.Srtp.Crypto;

namespace UcStack.Srtp.Tests.Crypto;

[TestFixture]
public sealed class AesGcmCipherTests
{
    // Each test runs on AES-NI + PCLMULQDQ (when the CPU has them) and on the platform AesGcm.
    private static IEnumerable<bool> Implementations() => AesGcmCipher.IsAcceleratedPathSupported ? [true, false] : [false];

    private static IEnumerable<TestCaseData> GcmVectors() =>
        from file in VectorFile.AllNames().Where(n => n.StartsWith("rfc7714-", StringComparison.Ordinal))
        from aesNi in Implementations()
        select new TestCaseData(file, aesNi);

    [TestCaseSource(nameof(GcmVectors))]
    public void Encrypt_Rfc7714Vector_GivesCiphertextAndTag(string file, bool aesNi)
    {
        var v = VectorFile.Load(file);
        using var gcm = new AesGcmCipher(v.Hex("session_key"), aesNi);
        var data = v.Hex("plaintext");
        var tag = new byte[16];

        gcm.Encrypt(v.Hex("iv"), v.Hex("aad"), data, tag);

        Assert.Multiple(() =>
        {
            Assert.That(tag, Is.EqualTo(v.Hex("tag")));
            Assert.That(data, Is.EqualTo(v.Has("ciphertext") ? v.Hex("ciphertext") : []));
        });
    }

    [TestCaseSource(nameof(GcmVectors))]
    public void Decrypt_Rfc7714Vector_RecoversPlaintext(string file, bool aesNi)
    {
        var v = VectorFile.Load(file);
        using var gcm = new AesGcmCipher(v.Hex("session_key"), aesNi);
        var data = v.Has("ciphertext") ? v.Hex("ciphertext") : [];

        var ok = gcm.Decrypt(v.Hex("iv"), v.Hex("aad"), data, v.Hex("tag"));

        Assert.That(ok, Is.True);
        Assert.That(data, Is.EqualTo(v.Hex("plaintext")));
    }

    [TestCaseSource(nameof(GcmVectors))]
    public void Decrypt_Rfc7714VectorWithFlippedTagBit_ReturnsFalseAndZeroesData(string file, bool aesNi)
    {
        var v = VectorFile.Load(file);
        using var gcm = new AesGcmCipher(v.Hex("session_key"), aesNi);
        var data = v.Has("ciphertext") ? v.Hex("ciphertext") : [];
        var tag = v.Hex("tag");
        tag[15] ^= 0x01;

        var ok = gcm.Decrypt(v.Hex("iv"), v.Hex("aad"), data, tag);

        Assert.That(ok, Is.False);
        Assert.That(data, Is.All.EqualTo((byte)0));
    }

    [TestCaseSource(nameof(GcmVectors))]
    public void AesBlock_Rfc7714Vector_GivesHashSubkeyK0AndKeystream(string file, bool aesNi)
    {
        var v = VectorFile.Load(file);
        using var aes = new AesCtr(v.Hex("session_key"), aesNi);
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

    private static IEnumerable<string> GcmFiles() => VectorFile.AllNames().Where(n => n.StartsWith("rfc7714-", StringComparison.Ordinal));

    [TestCaseSource(nameof(GcmFiles))]
    public void GHash_Rfc7714Vector_MatchesPrintedGhashAndTag(string file)
    {
        Assume.That(GHashPclmul.IsSupported, "the CPU has no PCLMULQDQ");
        var v = VectorFile.Load(file);
        Assert.That(v.Has("ghash"), Is.True, "every RFC 7714 vector prints GHASH");
        var powers = new Vector128<byte>[GHashPclmul.PowerCount];
        GHashPclmul.InitPowers(Vector128.Create(v.Hex("hash_subkey_h")), powers);
        var aad = v.Hex("aad");
        var ciphertext = v.Has("ciphertext") ? v.Hex("ciphertext") : [];

        var ghash = GHashPclmul.Compute(ref powers[0], aad, ciphertext);

        Assert.That(ToArray(ghash), Is.EqualTo(v.Hex("ghash")));
        Assert.That(ToArray(ghash ^ Vector128.Create(v.Hex("k0"))), Is.EqualTo(v.Hex("tag")));
    }

    [TestCaseSource(nameof(Implementations))]
    public void EncryptDecrypt_RandomInputs_MatchPlatformAesGcmAndRejectTampering(bool aesNi)
    {
        var bytes = ArbMap.Default.GeneratorFor<byte>();
        var gen =
            from keyLength in Gen.Elements(16, 32)
            from key in Gen.ArrayOf(bytes, keyLength)
            from nonce in Gen.ArrayOf(bytes, 12)
            from aadLength in Gen.Choose(0, 300)
            from aad in Gen.ArrayOf(bytes, aadLength)
            from length in Gen.Choose(0, 2000)
            from plain in Gen.ArrayOf(bytes, length)
            from flip in Gen.Choose(0, ((aadLength + length + 16) * 8) - 1)
            select (key, nonce, aad, plain, flip);

        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            using var gcm = new AesGcmCipher(c.key, aesNi);
            using var reference = new AesGcm(c.key, 16);
            var expectedCipher = new byte[c.plain.Length];
            var expectedTag = new byte[16];
            reference.Encrypt(c.nonce, c.plain, expectedCipher, expectedTag, c.aad);

            var data = (byte[])c.plain.Clone();
            var tag = new byte[16];
            gcm.Encrypt(c.nonce, c.aad, data, tag);
            var encryptOk = data.AsSpan().SequenceEqual(expectedCipher) && tag.AsSpan().SequenceEqual(expectedTag);

            var roundTrip = (byte[])data.Clone();
            var decryptOk = gcm.Decrypt(c.nonce, c.aad, roundTrip, tag) && roundTrip.AsSpan().SequenceEqual(c.plain);

            // Flip one bit anywhere in AAD || ciphertext || tag: decryption must fail and zero the data.
            var aad = (byte[])c.aad.Clone();
            var cipher = (byte[])data.Clone();
            var badTag = (byte[])tag.Clone();
            var bit = c.flip;
            var target = bit < aad.Length * 8 ? aad : bit < (aad.Length + cipher.Length) * 8 ? cipher : badTag;
            var offset = target == aad ? 0 : target == cipher ? aad.Length * 8 : (aad.Length + cipher.Length) * 8;
            target[(bit - offset) / 8] ^= (byte)(1 << ((bit - offset) % 8));
            var rejected = !gcm.Decrypt(c.nonce, aad, cipher, badTag) && cipher.All(b => b == 0);

            return encryptOk && decryptOk && rejected;
        }).QuickCheckThrowOnFailure();
    }

    [TestCaseSource(nameof(Implementations))]
    public void Encrypt_EveryAadAndDataLengthAroundBlockEdges_MatchesPlatformAesGcm(bool aesNi)
    {
        var key = Enumerable.Range(0, 16).Select(i => (byte)(i * 7)).ToArray();
        var nonce = Enumerable.Range(0, 12).Select(i => (byte)(i + 100)).ToArray();
        var source = Enumerable.Range(0, 300).Select(i => (byte)(i * 13)).ToArray();
        using var gcm = new AesGcmCipher(key, aesNi);
        using var reference = new AesGcm(key, 16);
        var expectedTag = new byte[16];
        var tag = new byte[16];
        for (var aadLength = 0; aadLength <= 70; aadLength += aadLength < 20 ? 1 : 7)
        {
            for (var length = 0; length <= 140; length++)
            {
                var aad = source.AsSpan(300 - aadLength, aadLength);
                var expected = new byte[length];
                reference.Encrypt(nonce, source.AsSpan(0, length), expected, expectedTag, aad);

                // Odd offsets: the data span is not 16-byte aligned.
                var offset = 3 - (length % 4);
                var data = new byte[length + 3];
                source.AsSpan(0, length).CopyTo(data.AsSpan(offset));
                gcm.Encrypt(nonce, aad, data.AsSpan(offset, length), tag);
                var written = data.AsSpan(offset, length).ToArray();
                Assert.That(written, Is.EqualTo(expected), $"aad {aadLength}, data {length}");
                Assert.That(tag, Is.EqualTo(expectedTag), $"tag for aad {aadLength}, data {length}");
            }
        }
    }

    [TestCaseSource(nameof(Implementations))]
    public void EncryptDecrypt_TotalsAroundTheContiguousGhashLimit_MatchPlatformAesGcm(bool aesNi)
    {
        // GHASH lays inputs of up to 512 padded bytes out contiguously and streams larger ones.
        var key = Enumerable.Range(0, 32).Select(i => (byte)(i * 5)).ToArray();
        var nonce = new byte[12];
        var source = Enumerable.Range(0, 600).Select(i => (byte)(i * 29)).ToArray();
        using var gcm = new AesGcmCipher(key, aesNi);
        using var reference = new AesGcm(key, 16);
        var expectedTag = new byte[16];
        var tag = new byte[16];
        foreach (var aadLength in new[] { 0, 1, 12, 16, 17, 31 })
        {
            for (var length = 460; length <= 520; length++)
            {
                var aad = source.AsSpan(0, aadLength);
                var expected = new byte[length];
                reference.Encrypt(nonce, source.AsSpan(0, length), expected, expectedTag, aad);
                var data = source.AsSpan(0, length).ToArray();

                gcm.Encrypt(nonce, aad, data, tag);
                Assert.That(data, Is.EqualTo(expected), $"aad {aadLength}, data {length}");
                Assert.That(tag, Is.EqualTo(expectedTag), $"tag for aad {aadLength}, data {length}");
                Assert.That(gcm.Decrypt(nonce, aad, data, tag), Is.True);
                Assert.That(data, Is.EqualTo(source.AsSpan(0, length).ToArray()));
            }
        }
    }

    [TestCaseSource(nameof(Implementations))]
    public void EncryptDecrypt_SteadyState_AllocatesNothing(bool aesNi)
    {
        using var gcm = new AesGcmCipher(new byte[16], aesNi);
        var nonce = new byte[12];
        var aad = new byte[12];
        var data = new byte[1200];
        var tag = new byte[16];
        gcm.Encrypt(nonce, aad, data, tag);
        gcm.Decrypt(nonce, aad, data, tag);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            var packet = data.AsSpan(0, 160 + (i % 7));
            gcm.Encrypt(nonce, aad, packet, tag);
            gcm.Decrypt(nonce, aad, packet, tag);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [TestCase(0)]
    [TestCase(15)]
    [TestCase(24)]
    public void Constructor_KeyNot16Or32Bytes_ThrowsArgumentException(int length)
    {
        Assert.That(() => new AesGcmCipher(new byte[length]), Throws.ArgumentException.With.Message.Contains($"got {length}"));
    }

    [Test]
    public void Encrypt_NonceNot12Bytes_ThrowsArgumentException()
    {
        using var gcm = new AesGcmCipher(new byte[16]);
        Assert.That(() => gcm.Encrypt(new byte[16], [], new byte[4], new byte[16]), Throws.ArgumentException.With.Message.Contains("got 16"));
    }

    [Test]
    public void Decrypt_TagNot16Bytes_ThrowsArgumentException()
    {
        using var gcm = new AesGcmCipher(new byte[16]);
        Assert.That(() => gcm.Decrypt(new byte[12], [], new byte[4], new byte[10]), Throws.ArgumentException.With.Message.Contains("got 10"));
    }

    [Test]
    public void Encrypt_AfterDispose_ThrowsObjectDisposedException()
    {
        var gcm = new AesGcmCipher(new byte[32]);
        gcm.Dispose();
        Assert.That(() => gcm.Encrypt(new byte[12], [], new byte[4], new byte[16]), Throws.TypeOf<ObjectDisposedException>());
    }

    private static byte[] ToArray(Vector128<byte> v)
    {
        var bytes = new byte[16];
        v.CopyTo(bytes);
        return bytes;
    }
}
