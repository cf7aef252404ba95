using UcStack.Sip.Transactions;

namespace UcStack.Sip.Tests.Transactions;

[TestFixture]
public sealed class SipServerNonInviteTransactionTests
{
    private CountingTimeProvider _clock = null!;
    private RecordingSink _sink = null!;
    private SipRequest _request = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new CountingTimeProvider();
        _sink = new RecordingSink(_clock);
        _request = TxMessages.Request("OPTIONS");
    }

    [TearDown]
    public void TearDown() => _request.Dispose();

    private SipServerNonInviteTransaction Create(bool reliable = false) => new(_request, reliable, _sink, _clock);

    [Test]
    public void Retransmission_InTrying_IsDiscarded()
    {
        using var tx = Create();
        tx.Start();
        tx.Process(SipTransactionInput.Received(_request));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Trying));
        Assert.That(_sink.Delivered, Is.EqualTo(new[] { _request }));
        Assert.That(_sink.Sent, Is.Empty);
    }

    [Test]
    public void Provisional_ThenRetransmission_ResendsProvisional()
    {
        using var tx = Create();
        tx.Start();
        using var trying = TxMessages.Response(_request, 100);
        tx.Process(SipTransactionInput.Respond(trying));
        tx.Process(SipTransactionInput.Received(_request));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Proceeding));
        Assert.That(_sink.Sent, Is.EqualTo(new[] { trying, trying }));
    }

    [Test]
    public void Final_ResendsOnRetransmissionUntilTimerJ()
    {
        using var tx = Create();
        tx.Start();
        using var trying = TxMessages.Response(_request, 100);
        using var ok = TxMessages.Response(_request, 200);
        tx.Process(SipTransactionInput.Respond(trying));
        tx.Process(SipTransactionInput.Respond(ok));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Completed));
        tx.Process(SipTransactionInput.Received(_request));
        Assert.That(_sink.Sent, Is.EqualTo(new[] { trying, ok, ok }));
        Assert.That(() => tx.Process(SipTransactionInput.Respond(ok)), Throws.InvalidOperationException);

        _clock.Run(TimeSpan.FromMilliseconds(31990));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Completed));
        _clock.Run(TimeSpan.FromMilliseconds(10));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Terminated), "timer J = 64*T1 on unreliable transports");
        Assert.That(_clock.LiveTimers, Is.Zero);
    }

    [Test]
    public void Final_Reliable_TerminatesAtOnce()
    {
        using var tx = Create(reliable: true);
        tx.Start();
        using var ok = TxMessages.Response(_request, 200);
        tx.Process(SipTransactionInput.Respond(ok));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Terminated), "timer J is zero on reliable transports");
        Assert.That(_clock.LiveTimers, Is.Zero);
    }

    [Test]
    public void TransportError_InformsTuAndTerminates()
    {
        using var tx = Create();
        tx.Start();
        using var ok = TxMessages.Response(_request, 200);
        tx.Process(SipTransactionInput.Respond(ok));
        tx.Process(SipTransactionInput.TransportError());
        Assert.That(_sink.Events.Select(e => e.Kind), Is.EqualTo(new[] { "deliver", "send", "transport-error", "terminated" }));
        Assert.That(_clock.LiveTimers, Is.Zero);
    }

    [Test]
    public void Misuse_IsRejected()
    {
        using var tx = Create();
        tx.Start();
        using var ok = TxMessages.Response(_request, 200);
        Assert.That(() => tx.Process(SipTransactionInput.Received(ok)), Throws.ArgumentException);
        using var bye = TxMessages.Request("BYE");
        Assert.That(() => tx.Process(SipTransactionInput.Received(bye)), Throws.ArgumentException, "another method is another transaction");
        Assert.That(() => tx.Start(), Throws.InvalidOperationException);
        using var invite = TxMessages.Request("INVITE");
        Assert.That(() => new SipServerNonInviteTransaction(invite, false, _sink, _clock), Throws.ArgumentException);
    }

    [Test]
    public void Dispose_CancelsAllTimers()
    {
        var tx = Create();
        tx.Start();
        using var ok = TxMessages.Response(_request, 200);
        tx.Process(SipTransactionInput.Respond(ok));
        Assert.That(_clock.LiveTimers, Is.EqualTo(1));
        tx.Dispose();
        Assert.That(_clock.LiveTimers, Is.Zero);
    }
}
