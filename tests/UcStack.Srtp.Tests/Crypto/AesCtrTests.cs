using UcStack.Srtp.Crypto;

namespace UcStack.Srtp.Tests.Crypto;

[TestFixture]
public sealed class AesCtrTests
{
    [TestCase("rfc3711-B2-aescm.txt")]
    [TestCase("rfc6188-7.1-aes256cm.txt")]
    public void Transform_RfcKeystreamSegment_MatchesEveryPrintedBlock(string file)
    {
        var vectors = VectorFile.Load(file);
        var blocks = (int)ulong.Parse(vectors.Text("keystream_segment_length_blocks"), System.Globalization.CultureInfo.InvariantCulture);
        var offset = vectors.Hex("offset");
        using var ctr = new AesCtr(vectors.Hex("session_key"));

        // Encrypting zeros yields the keystream itself.
        var keystream = new byte[blocks * 16];
        ctr.Transform(offset, keystream);

        Assert.That(vectors.Rows, Has.Count.EqualTo(6));
        foreach (var row in vectors.Rows)
        {
            var counter = Convert.FromHexString(row[0]);
            var blockIndex = (counter[14] << 8) | counter[15];
            Assert.That(Convert.ToHexString(keystream, blockIndex * 16, 16), Is.EqualTo(row[1].ToUpperInvariant()), $"{file} block {blockIndex}");
        }
    }

    [TestCase("rfc3711-B2-aescm.txt")]
    [TestCase("rfc6188-7.1-aes256cm.txt")]
    public void EncryptBlock_RfcCounterBlocks_GiveTheKeystreamBlocks(string file)
    {
        var vectors = VectorFile.Load(file);
        using var ctr = new AesCtr(vectors.Hex("session_key"));
        var output = new byte[16];
        foreach (var row in vectors.Rows)
        {
            ctr.EncryptBlock(Convert.FromHexString(row[0]), output);
            Assert.That(Convert.ToHexString(output), Is.EqualTo(row[1].ToUpperInvariant()));
        }
    }
}
