using FsCheck;
using FsCheck.Fluent;
using UcStack.Stun.Crypto;

namespace UcStack.Stun.Tests.Crypto;

[TestFixture]
public sealed class Crc32Tests
{
    [Test]
    public void Compute_CheckValue()
    {
        // The CRC-32/ISO-HDLC check value: CRC of the ASCII digits "123456789".
        Assert.That(Crc32.Compute("123456789"u8), Is.EqualTo(0xCBF43926u));
    }

    [Test]
    public void Append_InPieces_EqualsWhole()
    {
        Prop.ForAll<byte[], byte[]>((first, second) =>
            Crc32.Append(Crc32.Compute(first), second) == Crc32.Compute([.. first, .. second])).QuickCheckThrowOnFailure();
    }

    [Test]
    public void Compute_MatchesBitwiseReference()
    {
        Prop.ForAll<byte[]>(data => Crc32.Compute(data) == Bitwise(data)).QuickCheckThrowOnFailure();
    }

    private static uint Bitwise(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
