using System.Net;

namespace UcStack.Stun.Tests;

[TestFixture]
public sealed class StunEndPointTests
{
    [TestCase("192.0.2.1", 32853, "192.0.2.1:32853")]
    [TestCase("2001:db8::1", 3478, "[2001:db8::1]:3478")]
    [TestCase("::ffff:192.0.2.1", 1, "[::ffff:192.0.2.1]:1")]
    public void IPEndPoint_RoundTrips(string address, int port, string text)
    {
        var original = new IPEndPoint(IPAddress.Parse(address), port);
        var endPoint = StunEndPoint.FromIPEndPoint(original);
        Assert.That(endPoint.ToIPEndPoint(), Is.EqualTo(original));
        Assert.That(endPoint.ToString(), Is.EqualTo(text));
        Assert.That(endPoint, Is.EqualTo(new StunEndPoint(original.Address.GetAddressBytes(), (ushort)port)));
    }

    [Test]
    public void WrongAddressLength_Rejected()
    {
        Assert.That(() => new StunEndPoint(new byte[5], 1), Throws.ArgumentException);
    }

    [Test]
    public void Default_HasNoAddress()
    {
        var none = default(StunEndPoint);
        Assert.That(none.AddressLength, Is.Zero);
        Assert.That(none.ToString(), Is.EqualTo("(none)"));
        Assert.That(() => none.ToIPEndPoint(), Throws.InvalidOperationException);
    }
}
