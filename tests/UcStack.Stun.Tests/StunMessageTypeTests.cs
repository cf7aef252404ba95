namespace UcStack.Stun.Tests;

[TestFixture]
public sealed class StunMessageTypeTests
{
    // RFC 8489 §5 and RFC 8656 §17 give these wire values.
    [TestCase(StunMessageClass.Request, StunMethod.Binding, 0x0001)]
    [TestCase(StunMessageClass.Indication, StunMethod.Binding, 0x0011)]
    [TestCase(StunMessageClass.SuccessResponse, StunMethod.Binding, 0x0101)]
    [TestCase(StunMessageClass.ErrorResponse, StunMethod.Binding, 0x0111)]
    [TestCase(StunMessageClass.ErrorResponse, StunMethod.Allocate, 0x0113)]
    [TestCase(StunMessageClass.Indication, StunMethod.Send, 0x0016)]
    [TestCase(StunMessageClass.Indication, StunMethod.Data, 0x0017)]
    [TestCase(StunMessageClass.SuccessResponse, StunMethod.ChannelBind, 0x0109)]
    [TestCase(StunMessageClass.ErrorResponse, (StunMethod)0xFFF, 0x3FFF)]
    public void Value_MatchesRfcLayout(StunMessageClass messageClass, StunMethod method, int expected)
    {
        var type = new StunMessageType(messageClass, method);
        Assert.That(type.Value, Is.EqualTo(expected));
        Assert.That(StunMessageType.FromValue((ushort)expected), Is.EqualTo(type));
    }

    [Test]
    public void EveryWireValue_RoundTrips()
    {
        for (var value = 0; value <= 0x3FFF; value++)
        {
            var type = StunMessageType.FromValue((ushort)value);
            Assert.That(type.Value, Is.EqualTo(value));
        }
    }

    [Test]
    public void Invalid_Rejected()
    {
        Assert.That(() => StunMessageType.FromValue(0x4000), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => new StunMessageType(StunMessageClass.Request, (StunMethod)0x1000), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => new StunMessageType((StunMessageClass)4, StunMethod.Binding), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void ToString_NamesMethodAndClass()
    {
        Assert.That(StunMessageType.BindingSuccessResponse.ToString(), Is.EqualTo("Binding SuccessResponse (0x0101)"));
        Assert.That(new StunMessageType(StunMessageClass.Request, (StunMethod)0x0FF).ToString(), Is.EqualTo("Method0x0ff Request (0x02ef)"));
    }
}
