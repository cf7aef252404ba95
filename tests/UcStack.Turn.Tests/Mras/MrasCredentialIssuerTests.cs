using Microsoft.Extensions.Time.Testing;
using UcStack.Stun;
using UcStack.Turn.Mras;

namespace UcStack.Turn.Tests.Mras;

[TestFixture]
public sealed class MrasCredentialIssuerTests
{
    private static readonly byte[] Secret = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    [Test]
    public void Issue_ThenFindKey_GivesTheLongTermKeyOfTheIssuedPassword()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        using var issuer = new MrasCredentialIssuer(Secret, time);
        var credentials = issuer.Issue("alice@example.org", TimeSpan.FromMinutes(480));

        Assert.That(credentials.Username, Is.EqualTo($"{time.GetUtcNow().AddMinutes(480).ToUnixTimeSeconds()}:alice@example.org"));
        Assert.That(credentials.Duration, Is.EqualTo(TimeSpan.FromMinutes(480)));
        using var presented = StunIntegrityKey.ForLongTerm(credentials.Username, "example.org", credentials.Password);
        var key = issuer.FindKey(credentials.Username, "example.org");
        Assert.That(Verifies(presented, key), Is.True);
        Assert.That(issuer.FindKey(credentials.Username, "example.org"), Is.SameAs(key), "derived once, then cached");
    }

    [Test]
    public void FindKey_AfterExpiry_IsNull()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        using var issuer = new MrasCredentialIssuer(Secret, time);
        var credentials = issuer.Issue("alice@example.org", TimeSpan.FromMinutes(10));
        time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        Assert.That(issuer.FindKey(credentials.Username, "r"), Is.Not.Null);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(issuer.FindKey(credentials.Username, "r"), Is.Null);
    }

    [Test]
    public void FindKey_ExtendedExpiry_DoesNotMatchTheIssuedPassword()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        using var issuer = new MrasCredentialIssuer(Secret, time);
        var credentials = issuer.Issue("alice@example.org", TimeSpan.FromMinutes(10));

        // A client that edits the expiry in its username keeps its old password: the relay's key no longer matches it.
        var forged = $"{time.GetUtcNow().AddDays(1).ToUnixTimeSeconds()}:alice@example.org";
        using var attacker = StunIntegrityKey.ForLongTerm(forged, "r", credentials.Password);
        Assert.That(Verifies(attacker, issuer.FindKey(forged, "r")), Is.False);
    }

    [Test]
    public void FindKey_OtherSecret_DoesNotMatch()
    {
        using var issuer = new MrasCredentialIssuer(Secret);
        using var other = MrasCredentialIssuer.CreateRandom();
        var credentials = other.Issue("alice@example.org", TimeSpan.FromMinutes(10));
        using var presented = StunIntegrityKey.ForLongTerm(credentials.Username, "r", credentials.Password);
        Assert.That(Verifies(presented, issuer.FindKey(credentials.Username, "r")), Is.False);
    }

    [TestCase("")]
    [TestCase("alice")]
    [TestCase(":alice")]
    [TestCase("12x:alice")]
    [TestCase("99999999999999999999:alice")]
    [TestCase("1764120000:")]
    public void FindKey_NotOfTheScheme_IsNull(string username)
    {
        using var issuer = new MrasCredentialIssuer(Secret);
        Assert.That(issuer.FindKey(username, "r"), Is.Null);
    }

    [Test]
    public void Issue_LifetimeClampedToWholeMinutesWithinBounds()
    {
        using var issuer = new MrasCredentialIssuer(Secret);
        Assert.That(issuer.Issue("a", TimeSpan.FromSeconds(5)).Duration, Is.EqualTo(TimeSpan.FromMinutes(1)));
        Assert.That(issuer.Issue("a", TimeSpan.FromDays(30)).Duration, Is.EqualTo(MrasCredentialIssuer.MaxLifetime));
        Assert.That(issuer.Issue("a", TimeSpan.FromSeconds(150)).Duration, Is.EqualTo(TimeSpan.FromMinutes(2)));
    }

    [TestCase("has space")]
    [TestCase("tab\tuser")]
    public void Issue_UserWithWhiteSpace_Throws(string user)
    {
        using var issuer = new MrasCredentialIssuer(Secret);
        Assert.That(() => issuer.Issue(user, TimeSpan.FromMinutes(1)), Throws.ArgumentException);
    }

    [Test]
    public void Constructor_ShortSecret_Throws() =>
        Assert.That(() => new MrasCredentialIssuer(new byte[31]), Throws.ArgumentException);

    [Test]
    public void Dispose_ThenFindKey_IsNull()
    {
        var issuer = new MrasCredentialIssuer(Secret);
        var credentials = issuer.Issue("alice@example.org", TimeSpan.FromMinutes(10));
        issuer.Dispose();
        Assert.That(issuer.FindKey(credentials.Username, "r"), Is.Null);
    }

    /// <summary>Whether a request signed with <paramref name="presented"/> verifies with <paramref name="relayKey"/>.</summary>
    private static bool Verifies(StunIntegrityKey presented, StunIntegrityKey? relayKey)
    {
        if (relayKey is null) return false;
        var buffer = new byte[64];
        var writer = new StunMessageWriter(buffer, new StunMessageType(StunMessageClass.Request, StunMethod.Binding), new byte[12]);
        Assert.That(writer.AddMessageIntegrity(presented), Is.True);
        var length = writer.BytesWritten;
        Assert.That(StunMessageReader.TryParse(buffer.AsSpan(0, length), out var reader, out _), Is.True);
        return reader.VerifyMessageIntegrity(relayKey) == StunVerification.Ok;
    }
}
