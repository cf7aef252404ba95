using System.Text;
using Microsoft.Extensions.Time.Testing;
using UcStack.Turn.Server;

namespace UcStack.Turn.Tests.Server;

[TestFixture]
public sealed class TurnNoncesTests
{
    [Test]
    public void IsValid_FreshNonce_True()
    {
        var time = new FakeTimeProvider();
        using var nonces = new TurnNonces(time, TimeSpan.FromMinutes(1));
        var nonce = nonces.Create();
        Assert.That(nonce, Has.Length.EqualTo(TurnNonces.NonceLength));
        Assert.That(nonces.IsValid(Encoding.ASCII.GetBytes(nonce)), Is.True);
    }

    [Test]
    public void IsValid_AfterLifetime_False()
    {
        var time = new FakeTimeProvider();
        using var nonces = new TurnNonces(time, TimeSpan.FromMinutes(1));
        var nonce = Encoding.ASCII.GetBytes(nonces.Create());
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.That(nonces.IsValid(nonce), Is.True);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.That(nonces.IsValid(nonce), Is.False);
    }

    [Test]
    public void IsValid_AnyChangedCharacter_False()
    {
        var time = new FakeTimeProvider();
        using var nonces = new TurnNonces(time, TimeSpan.FromMinutes(1));
        var nonce = Encoding.ASCII.GetBytes(nonces.Create());
        for (var i = 0; i < nonce.Length; i++)
        {
            var changed = (byte[])nonce.Clone();
            changed[i] = changed[i] == (byte)'a' ? (byte)'b' : (byte)'a';
            Assert.That(nonces.IsValid(changed), Is.False, $"position {i}");
        }
    }

    [Test]
    public void IsValid_OtherServersNonce_False()
    {
        var time = new FakeTimeProvider();
        using var ours = new TurnNonces(time, TimeSpan.FromMinutes(1));
        using var theirs = new TurnNonces(time, TimeSpan.FromMinutes(1));
        Assert.That(ours.IsValid(Encoding.ASCII.GetBytes(theirs.Create())), Is.False);
        Assert.That(ours.IsValid("not hex at all, but the right length of 48 chars"u8), Is.False);
    }
}
