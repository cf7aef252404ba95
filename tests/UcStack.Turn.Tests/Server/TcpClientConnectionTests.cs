using FsCheck;
using FsCheck.Fluent;
using UcStack.Turn.Server;

namespace UcStack.Turn.Tests.Server;

[TestFixture]
public sealed class TcpClientConnectionTests
{
    [TestCase(new byte[] { 0x00, 0x01, 0x00, 0x08 }, false, 28)]
    [TestCase(new byte[] { 0x40, 0x00, 0x00, 0x05 }, false, 12)]
    [TestCase(new byte[] { 0x40, 0x00, 0x00, 0x00 }, true, 4)]
    [TestCase(new byte[] { 0x00, 0x01, 0x00, 0x06 }, true, -1)]
    [TestCase(new byte[] { 0x80, 0x00, 0x00, 0x00 }, true, -1)]
    [TestCase(new byte[] { 0xC0, 0x00, 0x00, 0x00 }, true, -1)]
    public void TryGetFrameLength_Header_GivesStunOrPaddedChannelDataLength(byte[] header, bool complete, int expected)
    {
        Assert.That(TcpClientConnection.TryGetFrameLength(header, out var length), Is.EqualTo(complete));
        Assert.That(length, Is.EqualTo(expected));
    }

    [Test]
    public void TryGetFrameLength_ShortBuffer_IsIncomplete()
    {
        Assert.That(TcpClientConnection.TryGetFrameLength(new byte[] { 0x00, 0x01, 0x00 }, out _), Is.False);
    }

    [Test]
    public void TryGetFrameLength_AnyBytes_NeverThrowsAndNeverExceedsTheLargestFrame()
    {
        Prop.ForAll(Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf().ToArbitrary(), bytes =>
        {
            TcpClientConnection.TryGetFrameLength(bytes, out var length);
            return length is >= -1 and <= 20 + 65532;
        }).QuickCheckThrowOnFailure();
    }
}
