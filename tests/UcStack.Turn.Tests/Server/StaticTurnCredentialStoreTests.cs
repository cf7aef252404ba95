using UcStack.Stun;
using UcStack.Turn.Server;

namespace UcStack.Turn.Tests.Server;

[TestFixture]
public sealed class StaticTurnCredentialStoreTests
{
    private static byte[] Mac(StunIntegrityKey key)
    {
        var buffer = new byte[64];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, new byte[12]);
        writer.AddMessageIntegrity(key);
        return buffer[..writer.Complete()];
    }

    [Test]
    public void FindKey_KnownUser_IsTheLongTermMd5Key()
    {
        using var store = new StaticTurnCredentialStore();
        store.AddUser("alice", "alicepass");
        using var expected = StunIntegrityKey.ForLongTerm("alice", "example.org", "alicepass");

        var key = store.FindKey("alice", "example.org");

        Assert.That(key, Is.Not.Null);
        Assert.That(Mac(key!), Is.EqualTo(Mac(expected)));
        Assert.That(store.FindKey("alice", "example.org"), Is.SameAs(key), "derived once per user and realm");
    }

    [Test]
    public void FindKey_UnknownUserOrDisposedStore_Null()
    {
        var store = new StaticTurnCredentialStore();
        store.AddUser("alice", "alicepass");
        Assert.That(store.FindKey("bob", "example.org"), Is.Null);
        store.Dispose();
        Assert.That(store.FindKey("alice", "example.org"), Is.Null);
    }

    [Test]
    public void AddUser_NewPassword_ReplacesTheKey()
    {
        using var store = new StaticTurnCredentialStore();
        store.AddUser("alice", "old");
        var before = Mac(store.FindKey("alice", "r")!);
        store.AddUser("alice", "new");
        using var expected = StunIntegrityKey.ForLongTerm("alice", "r", "new");
        Assert.That(Mac(store.FindKey("alice", "r")!), Is.Not.EqualTo(before).And.EqualTo(Mac(expected)));
    }

    [Test]
    public void AddUser_Empty_Throws()
    {
        using var store = new StaticTurnCredentialStore();
        Assert.Throws<ArgumentException>(() => store.AddUser("", "x"));
        Assert.Throws<ArgumentException>(() => store.AddUser("x", ""));
    }
}
