using UcStack.Sip.Transactions;

namespace UcStack.Sip.Tests.Transactions;

[TestFixture]
public sealed class SipServerInviteTransactionTests
{
    private CountingTimeProvider _clock = null!;
    private RecordingSink _sink = null!;
    private SipRequest _invite = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new CountingTimeProvider();
        _sink = new RecordingSink(_clock);
        _invite = TxMessages.Request("INVITE");
    }

    [TearDown]
    public void TearDown() => _invite.Dispose();

    private SipServerInviteTransaction Create(bool reliable = false, bool sendTrying = true) =>
        new(_invite, reliable, _sink, _clock, sendTrying: sendTrying);

    [Test]
    public void Start_DeliversInviteAndSendsTrying()
    {
        using var tx = Create();
        tx.Start();
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Proceeding));
        Assert.That(_sink.Delivered, Is.EqualTo(new[] { _invite }));
        Assert.That(_sink.SendTimes("100"), Is.EqualTo(new long[] { 0 }));
        var trying = (SipResponse)_sink.Sent[0];
        Assert.That(trying.CallId, Is.EqualTo(_invite.CallId));
        Assert.That(trying.TopViaBranch, Is.EqualTo(_invite.TopViaBranch));
    }

    [Test]
    public void RetransmittedInvite_InProceeding_ResendsLastResponse()
    {
        using var tx = Create(sendTrying: false);
        tx.Start();
        tx.Process(SipTransactionInput.Received(_invite));
        Assert.That(_sink.Sent, Is.Empty, "nothing to resend yet");

        using var ringing = TxMessages.Response(_invite, 180);
        tx.Process(SipTransactionInput.Respond(ringing));
        tx.Process(SipTransactionInput.Received(_invite));
        Assert.That(_sink.Sent, Is.EqualTo(new[] { ringing, ringing }));
        Assert.That(_sink.Delivered, Has.Count.EqualTo(1), "retransmissions are not passed up");
    }

    [Test]
    public void NonSuccessFinal_Unreliable_RetransmitsOnGCappedAtT2UntilTimerH()
    {
        using var tx = Create(sendTrying: false);
        tx.Start();
        using var busy = TxMessages.Response(_invite, 486);
        tx.Process(SipTransactionInput.Respond(busy));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Completed));

        _clock.Run(TimeSpan.FromSeconds(33));

        // RFC 3261 §17.2.1: G from T1 doubling up to T2; H = 64*T1 ends it with a timeout to the TU.
        Assert.That(
            _sink.SendTimes("486"),
            Is.EqualTo(new long[] { 0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500 }));
        Assert.That(_sink.Last("timeout"), Is.EqualTo(new SinkEvent("timeout", "H", 32000)));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Terminated));
        Assert.That(_clock.LiveTimers, Is.Zero);
    }

    [Test]
    public void NonSuccessFinal_Reliable_NoGButHStill()
    {
        using var tx = Create(reliable: true, sendTrying: false);
        tx.Start();
        using var busy = TxMessages.Response(_invite, 486);
        tx.Process(SipTransactionInput.Respond(busy));
        Assert.That(tx.IsTimerArmed(SipTimer.G), Is.False);
        _clock.Run(TimeSpan.FromSeconds(33));
        Assert.That(_sink.SendTimes("486"), Is.EqualTo(new long[] { 0 }));
        Assert.That(_sink.Last("timeout")!.AtMs, Is.EqualTo(32000));
    }

    [Test]
    public void RetransmittedInvite_InCompleted_ResendsFinal()
    {
        using var tx = Create(sendTrying: false);
        tx.Start();
        using var busy = TxMessages.Response(_invite, 486);
        tx.Process(SipTransactionInput.Respond(busy));
        tx.Process(SipTransactionInput.Received(_invite));
        Assert.That(_sink.SendTimes("486").Count(), Is.EqualTo(2));
    }

    [Test]
    public void Ack_InCompleted_ConfirmsAbsorbsAckRetransmissionsUntilTimerI()
    {
        using var tx = Create(sendTrying: false);
        tx.Start();
        using var busy = TxMessages.Response(_invite, 486);
        tx.Process(SipTransactionInput.Respond(busy));
        _clock.Run(TimeSpan.FromMilliseconds(1000));
        using var ack = TxMessages.Request("ACK", toTag: busy.ToTag, cseqMethod: "ACK");
        tx.Process(SipTransactionInput.Received(ack));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Confirmed));
        Assert.That(tx.IsTimerArmed(SipTimer.G) || tx.IsTimerArmed(SipTimer.H), Is.False);

        tx.Process(SipTransactionInput.Received(ack));
        tx.Process(SipTransactionInput.Received(_invite));
        _clock.Run(TimeSpan.FromMilliseconds(4990));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Confirmed));
        _clock.Run(TimeSpan.FromMilliseconds(10));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Terminated), "timer I = T4");
        Assert.That(_sink.SendTimes("486"), Is.EqualTo(new long[] { 0, 500 }));
        Assert.That(_sink.Delivered, Is.EqualTo(new[] { _invite }), "the ACK to a non-2xx stays in the transaction");
        Assert.That(_sink.Last("timeout"), Is.Null);
        Assert.That(_clock.LiveTimers, Is.Zero);
    }

    [Test]
    public void Ack_Reliable_TerminatesAtOnce()
    {
        using var tx = Create(reliable: true, sendTrying: false);
        tx.Start();
        using var busy = TxMessages.Response(_invite, 500);
        tx.Process(SipTransactionInput.Respond(busy));
        using var ack = TxMessages.Request("ACK", toTag: busy.ToTag, cseqMethod: "ACK");
        tx.Process(SipTransactionInput.Received(ack));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Terminated), "timer I is zero on reliable transports");
        Assert.That(_clock.LiveTimers, Is.Zero);
    }

    [Test]
    public void Success_MovesToAcceptedAbsorbsInviteDeliversAckUntilTimerL()
    {
        using var tx = Create();
        tx.Start();
        using var ok = TxMessages.Response(_invite, 200);
        tx.Process(SipTransactionInput.Respond(ok));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Accepted));

        // RFC 6026 §7.1: the TU retransmits the 2xx itself; INVITE retransmissions are absorbed; ACKs go up.
        tx.Process(SipTransactionInput.Respond(ok));
        tx.Process(SipTransactionInput.Received(_invite));
        using var ack = TxMessages.Request("ACK", branch: "z9hG4bK-tx-1", toTag: ok.ToTag, cseqMethod: "ACK");
        tx.Process(SipTransactionInput.Received(ack));
        Assert.That(_sink.SendTimes("200"), Is.EqualTo(new long[] { 0, 0 }));
        Assert.That(_sink.Delivered, Is.EqualTo(new SipMessage[] { _invite, ack }));

        _clock.Run(TimeSpan.FromMilliseconds(31990));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Accepted));
        _clock.Run(TimeSpan.FromMilliseconds(10));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Terminated), "timer L = 64*T1");
        Assert.That(_clock.LiveTimers, Is.Zero);
    }

    [Test]
    public void TuResponse_AfterFinal_Throws()
    {
        using var tx = Create();
        tx.Start();
        using var busy = TxMessages.Response(_invite, 486);
        using var ok = TxMessages.Response(_invite, 200);
        tx.Process(SipTransactionInput.Respond(busy));
        Assert.That(() => tx.Process(SipTransactionInput.Respond(ok)), Throws.InvalidOperationException);
        Assert.That(() => tx.Process(SipTransactionInput.Received(ok)), Throws.ArgumentException);
    }

    [Test]
    public void TransportError_InProceeding_InformsTuAndKeepsState()
    {
        // RFC 6026 §7.1: the state must survive to absorb INVITE retransmissions.
        using var tx = Create();
        tx.Start();
        tx.Process(SipTransactionInput.TransportError());
        Assert.That(_sink.Events.Select(e => e.Kind), Is.EqualTo(new[] { "deliver", "send", "transport-error" }));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Proceeding));
        tx.Process(SipTransactionInput.Received(_invite));
        Assert.That(_sink.SendTimes("100").Count(), Is.EqualTo(2));
    }

    [Test]
    public void TransportError_InCompleted_InformsTuTimerHStillEndsIt()
    {
        using var tx = Create(sendTrying: false);
        tx.Start();
        using var busy = TxMessages.Response(_invite, 486);
        tx.Process(SipTransactionInput.Respond(busy));
        tx.Process(SipTransactionInput.TransportError());
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Completed));
        Assert.That(_sink.Last("transport-error"), Is.Not.Null);
        _clock.Run(TimeSpan.FromSeconds(32));
        Assert.That(_sink.Last("timeout"), Is.EqualTo(new SinkEvent("timeout", "H", 32000)));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Terminated));
        Assert.That(_clock.LiveTimers, Is.Zero);
    }

    [Test]
    public void TransportError_InAccepted_InformsTuAndStays()
    {
        using var tx = Create();
        tx.Start();
        using var ok = TxMessages.Response(_invite, 200);
        tx.Process(SipTransactionInput.Respond(ok));
        tx.Process(SipTransactionInput.TransportError());
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Accepted));
        Assert.That(tx.IsTimerArmed(SipTimer.L), Is.True);
    }

    [Test]
    public void Dispose_CancelsAllTimers()
    {
        var tx = Create();
        tx.Start();
        using var busy = TxMessages.Response(_invite, 486);
        tx.Process(SipTransactionInput.Respond(busy));
        Assert.That(_clock.LiveTimers, Is.EqualTo(2));
        tx.Dispose();
        Assert.That(_clock.LiveTimers, Is.Zero);
    }
}
