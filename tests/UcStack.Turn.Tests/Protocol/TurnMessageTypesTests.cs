using UcStack.Turn.Protocol;

namespace UcStack.Turn.Tests.Protocol;

[TestFixture]
public sealed class TurnMessageTypesTests
{
    // RFC 8656 §18 and RFC 6062 §6.1 give the wire values of the method/class combinations.
    [Test]
    public void Values_MatchTheRfcTables()
    {
        Assert.Multiple(() =>
        {
            Assert.That(TurnMessageTypes.AllocateRequest.Value, Is.EqualTo(0x0003));
            Assert.That(TurnMessageTypes.AllocateSuccess.Value, Is.EqualTo(0x0103));
            Assert.That(TurnMessageTypes.AllocateError.Value, Is.EqualTo(0x0113));
            Assert.That(TurnMessageTypes.RefreshRequest.Value, Is.EqualTo(0x0004));
            Assert.That(TurnMessageTypes.SendIndication.Value, Is.EqualTo(0x0016));
            Assert.That(TurnMessageTypes.DataIndication.Value, Is.EqualTo(0x0017));
            Assert.That(TurnMessageTypes.CreatePermissionRequest.Value, Is.EqualTo(0x0008));
            Assert.That(TurnMessageTypes.ChannelBindRequest.Value, Is.EqualTo(0x0009));
            Assert.That(TurnMessageTypes.ChannelBindSuccess.Value, Is.EqualTo(0x0109));
            Assert.That(TurnMessageTypes.ConnectRequest.Value, Is.EqualTo(0x000A));
            Assert.That(TurnMessageTypes.ConnectionBindRequest.Value, Is.EqualTo(0x000B));
            Assert.That(TurnMessageTypes.ConnectionAttemptIndication.Value, Is.EqualTo(0x001C));
        });
    }

    [Test]
    public void ErrorCodes_HaveTheirRfcNumbers()
    {
        Assert.Multiple(() =>
        {
            Assert.That((int)TurnErrorCode.StaleNonce, Is.EqualTo(438));
            Assert.That((int)TurnErrorCode.AllocationMismatch, Is.EqualTo(437));
            Assert.That((int)TurnErrorCode.ConnectionAlreadyExists, Is.EqualTo(446));
            Assert.That((int)TurnErrorCode.InsufficientCapacity, Is.EqualTo(508));
        });
    }
}
