using UcStack.Sip.Transactions;

namespace UcStack.Sip.Tests.Transactions;

[TestFixture]
public sealed class SipTransactionTableTests
{
    private readonly CountingTimeProvider _clock = new();

    private RecordingSink Sink => new(_clock);

    [Test]
    public void TryAdd_ThenMatchRequestAndAck()
    {
        var table = new SipTransactionTable();
        using var invite = TxMessages.Request("INVITE");
        using var tx = new SipServerInviteTransaction(invite, false, Sink, _clock);
        Assert.That(table.TryAdd(tx), Is.EqualTo(SipTransactionAddResult.Added));
        using var retransmission = TxMessages.Request("INVITE");
        using var ack = TxMessages.Request("ACK", toTag: "t");
        Assert.That(table.TryMatch(retransmission, out var found), Is.True);
        Assert.That(found, Is.SameAs(tx));
        Assert.That(table.TryMatch(ack, out found), Is.True);
        Assert.That(found, Is.SameAs(tx));
        using var other = TxMessages.Request("INVITE", branch: "z9hG4bK-other");
        Assert.That(table.TryMatch(other, out _), Is.False);
    }

    [Test]
    public void TryMatch_Response_FindsClientTransaction()
    {
        var table = new SipTransactionTable();
        using var bye = TxMessages.Request("BYE");
        using var tx = new SipClientNonInviteTransaction(bye, false, Sink, _clock);
        table.TryAdd(tx);
        using var ok = TxMessages.Response(bye, 200);
        Assert.That(table.TryMatch(ok, out var found), Is.True);
        Assert.That(found, Is.SameAs(tx));
        Assert.That(table.TryGet(tx.Key, out found), Is.True);
    }

    [Test]
    public void TryAdd_DuplicateAndFull_AreReported()
    {
        var table = new SipTransactionTable(capacity: 1);
        using var a = TxMessages.Request("OPTIONS");
        using var b = TxMessages.Request("OPTIONS", branch: "z9hG4bK-b");
        using var txA = new SipServerNonInviteTransaction(a, false, Sink, _clock);
        using var txA2 = new SipServerNonInviteTransaction(a, false, Sink, _clock);
        using var txB = new SipServerNonInviteTransaction(b, false, Sink, _clock);
        Assert.That(table.TryAdd(txA), Is.EqualTo(SipTransactionAddResult.Added));
        Assert.That(table.TryAdd(txA2), Is.EqualTo(SipTransactionAddResult.Duplicate));
        Assert.That(table.TryAdd(txB), Is.EqualTo(SipTransactionAddResult.Full));
        Assert.That(table.Count, Is.EqualTo(1));
    }

    [Test]
    public void Remove_OnlyTheHeldInstance()
    {
        var table = new SipTransactionTable();
        using var a = TxMessages.Request("OPTIONS");
        using var txA = new SipServerNonInviteTransaction(a, false, Sink, _clock);
        using var txA2 = new SipServerNonInviteTransaction(a, false, Sink, _clock);
        table.TryAdd(txA);
        Assert.That(table.Remove(txA2), Is.False);
        Assert.That(table.Remove(txA), Is.True);
        Assert.That(table.Count, Is.Zero);
        Assert.That(() => new SipTransactionTable(0), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
