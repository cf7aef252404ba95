using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Time.Testing;

namespace UcStack.Psom.Tests.Security;

[TestFixture]
public sealed class PsomAdmissionTokenTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));

    [Test]
    public void Verify_IssuedToken_ReturnsClaims()
    {
        using var key = PsomAdmissionKey.CreateRandom();
        var token = PsomAdmissionToken.Issue(key, "c1", "alice", PsomRole.Presenter, TimeSpan.FromMinutes(5), _time);
        var verdict = PsomAdmissionToken.Verify(key, token, "c1", "alice", PsomRole.Presenter, _time, out var claims);
        Assert.That(verdict, Is.EqualTo(PsomAdmissionError.None));
        Assert.That(claims!.ExpiresAt, Is.EqualTo(_time.GetUtcNow().AddMinutes(5)));
        Assert.That(claims.Nonce.Length, Is.EqualTo(16));
    }

    [TestCase("c2", "alice", PsomRole.Presenter, PsomAdmissionError.WrongConference)]
    [TestCase("c1", "bob", PsomRole.Presenter, PsomAdmissionError.WrongUser)]
    [TestCase("c1", "alice", PsomRole.Attendee, PsomAdmissionError.WrongRole)]
    public void Verify_OtherClaims_Refused(string conference, string user, PsomRole role, PsomAdmissionError expected)
    {
        using var key = PsomAdmissionKey.CreateRandom();
        var token = PsomAdmissionToken.Issue(key, "c1", "alice", PsomRole.Presenter, TimeSpan.FromMinutes(5), _time);
        Assert.That(PsomAdmissionToken.Verify(key, token, conference, user, role, _time, out var claims), Is.EqualTo(expected));
        Assert.That(claims, Is.Null);
    }

    [Test]
    public void Verify_AtExpiry_Expired()
    {
        using var key = PsomAdmissionKey.CreateRandom();
        var token = PsomAdmissionToken.Issue(key, "c1", "alice", PsomRole.Presenter, TimeSpan.FromMinutes(5), _time);
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.That(PsomAdmissionToken.Verify(key, token, "c1", "alice", PsomRole.Presenter, _time, out _), Is.EqualTo(PsomAdmissionError.Expired));
    }

    [Test]
    public void Verify_OtherKey_BadSignature()
    {
        using var key = PsomAdmissionKey.CreateRandom();
        using var other = PsomAdmissionKey.CreateRandom();
        var token = PsomAdmissionToken.Issue(key, "c1", "alice", PsomRole.Presenter, TimeSpan.FromMinutes(5), _time);
        Assert.That(PsomAdmissionToken.Verify(other, token, "c1", "alice", PsomRole.Presenter, _time, out _), Is.EqualTo(PsomAdmissionError.BadSignature));
    }

    [Test]
    public void Verify_AnySingleByteChange_Refused()
    {
        using var key = PsomAdmissionKey.CreateRandom();
        var token = PsomAdmissionToken.Issue(key, "c1", "alice", PsomRole.Presenter, TimeSpan.FromMinutes(5), _time);
        Prop.ForAll(Gen.Choose(0, token.Length - 1).ToArbitrary(), Gen.Choose(1, 255).ToArbitrary(), (at, flip) =>
        {
            var copy = (byte[])token.Clone();
            copy[at] ^= (byte)flip;
            var verdict = PsomAdmissionToken.Verify(key, copy, "c1", "alice", PsomRole.Presenter, _time, out _);
            Assert.That(verdict, Is.AnyOf(PsomAdmissionError.BadSignature, PsomAdmissionError.Malformed));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Test]
    public void Verify_RandomBytes_NeverThrows()
    {
        using var key = PsomAdmissionKey.CreateRandom();
        Prop.ForAll(PsomGenerators.Bytes(200).ToArbitrary(), bytes =>
            Assert.That(PsomAdmissionToken.Verify(key, bytes, "c1", "alice", PsomRole.Presenter, _time, out _), Is.Not.EqualTo(PsomAdmissionError.None)))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
    }

    [Test]
    public void Key_TooShortOrDisposed_Rejected()
    {
        Assert.That(() => new PsomAdmissionKey(new byte[31]), Throws.ArgumentException);
        var key = PsomAdmissionKey.CreateRandom();
        key.Dispose();
        Assert.That(() => PsomAdmissionToken.Issue(key, "c", "u", PsomRole.Attendee, TimeSpan.FromMinutes(1), _time), Throws.InstanceOf<ObjectDisposedException>());
    }
}
