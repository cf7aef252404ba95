using System.Buffers.Binary;
using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using UcStack.Srtp.Crypto;

namespace UcStack.Srtp.Tests.Crypto;

[TestFixture]
public sealed class AesCtrTests
{
    // Each test runs on AES-NI (when the CPU has it) and on the portable platform-AES path.
    private static IEnumerable<bool> Implementations() => AesNi.IsSupported ? [true, false] : [false];

    private static IEnumerable<TestCaseData> KeystreamFiles() =>
        from file in new[] { "rfc3711-B2-aescm.txt", "rfc6188-7.1-aes256cm.txt" }
        from aesNi in Implementations()
        select new TestCaseData(file, aesNi);

    [TestCaseSource(nameof(KeystreamFiles))]
    public void Transform_RfcKeystreamSegment_MatchesEveryPrintedBlock(string file, bool aesNi)
    {
        var vectors = VectorFile.Load(file);
        var blocks = int.Parse(vectors.Text("keystream_segment_length_blocks"), System.Globalization.CultureInfo.InvariantCulture);
        using var ctr = new AesCtr(vectors.Hex("session_key"), aesNi);

        // Encrypting zeros yields the keystream itself.
        var keystream = new byte[blocks * 16];
        ctr.Transform(vectors.Hex("offset"), keystream);

        Assert.That(vectors.Rows, Has.Count.EqualTo(6));
        foreach (var row in vectors.Rows)
        {
            var blockIndex = BinaryPrimitives.ReadUInt16BigEndian(Convert.FromHexString(row[0]).AsSpan(14));
            Assert.That(Convert.ToHexString(keystream, blockIndex * 16, 16), Is.EqualTo(row[1].ToUpperInvariant()), $"{file} block {blockIndex}");
        }
    }

    [TestCaseSource(nameof(KeystreamFiles))]
    public void EncryptBlock_RfcCounterBlocks_GiveTheKeystreamBlocks(string file, bool aesNi)
    {
        var vectors = VectorFile.Load(file);
        using var ctr = new AesCtr(vectors.Hex("session_key"), aesNi);
        var output = new byte[16];
        foreach (var row in vectors.Rows)
        {
            ctr.EncryptBlock(Convert.FromHexString(row[0]), output);
            Assert.That(Convert.ToHexString(output), Is.EqualTo(row[1].ToUpperInvariant()));
        }
    }

    [TestCaseSource(nameof(Implementations))]
    public void Transform_RandomKeysIvsAndLengths_MatchesReferenceCtrOnEcb(bool aesNi)
    {
        var bytes = ArbMap.Default.GeneratorFor<byte>();
        var gen =
            from keyLength in Gen.Elements(16, 24, 32)
            from key in Gen.ArrayOf(bytes, keyLength)
            from iv in Gen.ArrayOf(bytes, 16)
            from carry in Gen.Elements(0, 1, 2, 3)
            from length in Gen.Choose(0, 2000)
            from data in Gen.ArrayOf(bytes, length)
            select (key, iv: WithCarryPressure(iv, carry), data);

        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            using var ctr = new AesCtr(c.key, aesNi);
            var actual = (byte[])c.data.Clone();
            ctr.Transform(c.iv, actual);
            return actual.AsSpan().SequenceEqual(ReferenceCtr(c.key, c.iv, c.data));
        }).QuickCheckThrowOnFailure();
    }

    [TestCaseSource(nameof(Implementations))]
    public void Transform_EveryLengthUpTo300AtOddOffsets_MatchesReferenceCtrOnEcb(bool aesNi)
    {
        var key = Enumerable.Range(0, 16).Select(i => (byte)(i * 17)).ToArray();
        var iv = Enumerable.Range(0, 16).Select(i => (byte)(0xF0 + i)).ToArray();
        var plain = Enumerable.Range(0, 303).Select(i => (byte)(i * 31)).ToArray();
        using var ctr = new AesCtr(key, aesNi);
        for (var length = 0; length <= 300; length++)
        {
            var offset = length % 4;
            var buffer = (byte[])plain.Clone();
            ctr.Transform(iv, buffer.AsSpan(offset, length));

            var expected = (byte[])plain.Clone();
            ReferenceCtr(key, iv, plain[offset..(offset + length)]).CopyTo(expected, offset);
            Assert.That(buffer, Is.EqualTo(expected), $"length {length} at offset {offset}: bytes outside the span must stay untouched");
        }
    }

    [TestCaseSource(nameof(Implementations))]
    public void Transform_CounterAtTopOf128Bits_WrapsModulo2To128(bool aesNi)
    {
        var key = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray();
        var iv = Enumerable.Repeat((byte)0xFF, 16).ToArray();
        iv[15] = 0xFE;
        using var ctr = new AesCtr(key, aesNi);
        var data = new byte[64];

        ctr.Transform(iv, data);

        Assert.That(data, Is.EqualTo(ReferenceCtr(key, iv, new byte[64])));
        var third = new byte[16];
        ctr.EncryptBlock(new byte[16], third);
        Assert.That(data.AsSpan(32, 16).ToArray(), Is.EqualTo(third), "block 2 uses counter 0");
    }

    [TestCaseSource(nameof(Implementations))]
    public void Transform_Twice_RestoresPlaintext(bool aesNi)
    {
        var key = RandomNumberGenerator.GetBytes(16);
        var iv = RandomNumberGenerator.GetBytes(16);
        var plain = RandomNumberGenerator.GetBytes(1000);
        var data = (byte[])plain.Clone();
        using var ctr = new AesCtr(key, aesNi);

        ctr.Transform(iv, data);
        Assert.That(data, Is.Not.EqualTo(plain));
        ctr.Transform(iv, data);

        Assert.That(data, Is.EqualTo(plain));
    }

    [TestCaseSource(nameof(Implementations))]
    public void Transform_SteadyState_AllocatesNothing(bool aesNi)
    {
        using var ctr = new AesCtr(new byte[16], aesNi);
        var iv = new byte[16];
        var data = new byte[1200];
        ctr.Transform(iv, data);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            ctr.Transform(iv, data.AsSpan(0, 160 + (i % 7)));
            ctr.EncryptBlock(iv, data.AsSpan(0, 16));
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    [TestCase(0)]
    [TestCase(15)]
    [TestCase(20)]
    [TestCase(33)]
    public void Constructor_BadKeyLength_ThrowsArgumentException(int length)
    {
        Assert.That(() => new AesCtr(new byte[length]), Throws.ArgumentException.With.Message.Contains($"got {length}"));
    }

    [Test]
    public void Transform_IvNot16Bytes_ThrowsArgumentException()
    {
        using var ctr = new AesCtr(new byte[16]);
        Assert.That(() => ctr.Transform(new byte[12], new byte[16]), Throws.ArgumentException.With.Message.Contains("got 12"));
    }

    [Test]
    public void Transform_AfterDispose_ThrowsObjectDisposedException()
    {
        var ctr = new AesCtr(new byte[16]);
        ctr.Dispose();
        ctr.Dispose();
        Assert.That(() => ctr.Transform(new byte[16], new byte[16]), Throws.TypeOf<ObjectDisposedException>());
    }

    // Puts the low 64 bits (carry 1) or all 128 bits (carry 2) a few blocks below wrapping, to exercise carries.
    private static byte[] WithCarryPressure(byte[] iv, int carry)
    {
        if (carry == 1)
        {
            iv.AsSpan(8, 7).Fill(0xFF);
        }
        else if (carry == 2)
        {
            iv.AsSpan(0, 15).Fill(0xFF);
        }

        return iv;
    }

    // RFC 3711 §4.1.1 straight from the definition: E(k, IV + i mod 2^128), one ECB call per block.
    internal static byte[] ReferenceCtr(byte[] key, byte[] iv, byte[] data)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        var output = (byte[])data.Clone();
        var counter = new System.Numerics.BigInteger(iv, isUnsigned: true, isBigEndian: true);
        var modulus = System.Numerics.BigInteger.One << 128;
        var block = new byte[16];
        for (var offset = 0; offset < data.Length; offset += 16)
        {
            var counterBytes = counter.ToByteArray(isUnsigned: true, isBigEndian: true);
            Array.Clear(block);
            counterBytes.CopyTo(block, 16 - counterBytes.Length);
            var keystream = aes.EncryptEcb(block, PaddingMode.None);
            for (var i = 0; i < 16 && offset + i < data.Length; i++)
            {
                output[offset + i] ^= keystream[i];
            }

            counter = (counter + 1) % modulus;
        }

        return output;
    }
}
