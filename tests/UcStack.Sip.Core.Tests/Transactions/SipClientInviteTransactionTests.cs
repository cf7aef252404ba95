using UcStack.Sip.Transactions;

namespace UcStack.Sip.Tests.Transactions;

[TestFixture]
public sealed class SipClientInviteTransactionTests
{
    private CountingTimeProvider _clock = null!;
    private RecordingSink _sink = null!;
    private SipRequest _invite = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new CountingTimeProvider();
        _sink = new RecordingSink(_clock);
        _invite = TxMessages.Request("INVITE", routes: ["<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"]);
    }

    [TearDown]
    public void TearDown() => _invite.Dispose();

    private SipClientInviteTransaction Create(bool reliable = false, SipTimerOptions? options = null) =>
        new(_invite, reliable, _sink, _clock, options);

    [Test]
    public void Start_Unreliable_RetransmitsOnTimerAThenTimesOutOnTimerB()
    {
        using var tx = Create();
        tx.Start();
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Calling));

        _clock.Run(TimeSpan.FromSeconds(33));

        // RFC 3261 §17.1.1.2: A doubles from T1 with no cap (0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s); B = 64*T1 = 32 s.
        Assert.That(_sink.SendTimes("INVITE"), Is.EqualTo(new long[] { 0, 500, 1500, 3500, 7500, 15500, 31500 }));
        Assert.That(_sink.Last("timeout"), Is.EqualTo(new SinkEvent("timeout", "B", 32000)));
        Assert.That(_sink.Last("terminated")!.AtMs, Is.EqualTo(32000));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Terminated));
        Assert.That(_clock.LiveTimers, Is.Zero);
    }

    [Test]
    public void Start_Reliable_SendsOnceAndTimesOutOnTimerB()
    {
        using var tx = Create(reliable: true);
        tx.Start();
        Assert.That(tx.IsTimerArmed(SipTimer.A), Is.False);

        _clock.Run(TimeSpan.FromSeconds(33));

        Assert.That(_sink.SendTimes("INVITE"), Is.EqualTo(new long[] { 0 }));
        Assert.That(_sink.Last("timeout")!.AtMs, Is.EqualTo(32000));
    }

    [Test]
    public void Start_CustomT1_ScalesTimers()
    {
        using var tx = Create(options: new SipTimerOptions { T1 = TimeSpan.FromMilliseconds(100) });
        tx.Start();
        _clock.Run(TimeSpan.FromSeconds(7));
        Assert.That(_sink.SendTimes("INVITE"), Is.EqualTo(new long[] { 0, 100, 300, 700, 1500, 3100, 6300 }));
        Assert.That(_sink.Last("timeout")!.AtMs, Is.EqualTo(6400));
    }

    [Test]
    public void Provisional_InCalling_StopsRetransmissionAndDelivers()
    {
        using var tx = Create();
        tx.Start();
        _clock.Run(TimeSpan.FromMilliseconds(600));
        using var ringing = TxMessages.Response(_invite, 180);
        tx.Process(SipTransactionInput.Received(ringing));

        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Proceeding));
        Assert.That(_sink.Delivered, Is.EqualTo(new[] { ringing }));
        _clock.Run(TimeSpan.FromSeconds(40));
        Assert.That(_sink.SendTimes("INVITE").Count(), Is.EqualTo(2));
        Assert.That(_sink.Last("timeout"), Is.Null, "timer B does not run in Proceeding");
        Assert.That(_clock.LiveTimers, Is.Zero);
    }

    [Test]
    public void Provisional_InProceeding_IsDeliveredAgain()
    {
        using var tx = Create();
        tx.Start();
        using var trying = TxMessages.Response(_invite, 100);
        using var ringing = TxMessages.Response(_invite, 180);
        tx.Process(SipTransactionInput.Received(trying));
        tx.Process(SipTransactionInput.Received(ringing));
        Assert.That(_sink.Delivered, Is.EqualTo(new[] { trying, ringing }));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Proceeding));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void NonSuccessFinal_SendsAckDeliversAndWaitsTimerD(bool fromProceeding)
    {
        using var tx = Create();
        tx.Start();
        using var ringing = TxMessages.Response(_invite, 180);
        if (fromProceeding) tx.Process(SipTransactionInput.Received(ringing));
        using var busy = TxMessages.Response(_invite, 486);
        tx.Process(SipTransactionInput.Received(busy));

        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Completed));
        Assert.That(_sink.Delivered.Last(), Is.SameAs(busy));
        Assert.That(_sink.Sent.Last(), Is.SameAs(tx.Ack));

        // RFC 3261 §17.1.1.2: retransmitted finals get the ACK again and are not passed up.
        tx.Process(SipTransactionInput.Received(busy));
        Assert.That(_sink.SendTimes("ACK").Count(), Is.EqualTo(2));
        Assert.That(_sink.Delivered.Count(m => ReferenceEquals(m, busy)), Is.EqualTo(1));

        _clock.Run(TimeSpan.FromMilliseconds(31990));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Completed));
        _clock.Run(TimeSpan.FromMilliseconds(10));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Terminated), "timer D is 32 s on unreliable transports");
        Assert.That(_clock.LiveTimers, Is.Zero);
    }

    [Test]
    public void NonSuccessFinal_Reliable_TerminatesAtOnce()
    {
        using var tx = Create(reliable: true);
        tx.Start();
        using var busy = TxMessages.Response(_invite, 603);
        tx.Process(SipTransactionInput.Received(busy));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Terminated), "timer D is zero on reliable transports");
        Assert.That(_sink.SendTimes("ACK").Count(), Is.EqualTo(1));
        Assert.That(_clock.LiveTimers, Is.Zero);
    }

    [Test]
    public void Ack_CopiesInviteFieldsAndResponseTo()
    {
        using var tx = Create();
        tx.Start();
        using var busy = TxMessages.Response(_invite, 486, toTag: "busy-tag");
        tx.Process(SipTransactionInput.Received(busy));
        var ack = tx.Ack!;

        // RFC 3261 §17.1.1.3.
        Assert.That(ack.Method, Is.EqualTo("ACK"));
        Assert.That(ack.RequestUriText, Is.EqualTo(_invite.RequestUriText));
        Assert.That(ack.CallId, Is.EqualTo(_invite.CallId));
        Assert.That(ack.FromTag, Is.EqualTo(_invite.FromTag));
        Assert.That(ack.From.Uri!.ToString(), Is.EqualTo(_invite.From.Uri!.ToString()));
        Assert.That(ack.CSeqNumber, Is.EqualTo(_invite.CSeqNumber));
        Assert.That(ack.CSeqMethod, Is.EqualTo("ACK"));
        Assert.That(ack.ToTag, Is.EqualTo("busy-tag"));
        Assert.That(ack.Vias, Has.Count.EqualTo(1));
        Assert.That(ack.TopViaBranch, Is.EqualTo(_invite.TopViaBranch));
        Assert.That(ack.TopViaHost, Is.EqualTo(_invite.TopViaHost));
        Assert.That(ack.Headers.GetValues("Route"), Is.EqualTo(_invite.Headers.GetValues("Route")));
        Assert.That(ack.Headers.GetValues("Route"), Has.Count.EqualTo(2));
    }

    [Test]
    public void Ack_InviteWithoutRoute_HasNoRoute()
    {
        using var invite = TxMessages.Request("INVITE", branch: "z9hG4bK-noroute");
        using var tx = new SipClientInviteTransaction(invite, false, _sink, _clock);
        tx.Start();
        using var moved = TxMessages.Response(invite, 302);
        tx.Process(SipTransactionInput.Received(moved));
        Assert.That(tx.Ack!.Headers.Contains("Route"), Is.False);
        Assert.That(tx.Ack.TopViaBranch, Is.EqualTo("z9hG4bK-noroute"));
    }

    [Test]
    public void TimerD_Configurable()
    {
        using var tx = Create(options: new SipTimerOptions { TimerDUnreliable = TimeSpan.FromSeconds(40) });
        tx.Start();
        using var busy = TxMessages.Response(_invite, 486);
        tx.Process(SipTransactionInput.Received(busy));
        _clock.Run(TimeSpan.FromMilliseconds(39990));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Completed));
        _clock.Run(TimeSpan.FromMilliseconds(10));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Terminated));
    }

    [Test]
    public void Success_MovesToAcceptedAndDeliversEvery2xxUntilTimerM()
    {
        using var tx = Create();
        tx.Start();
        using var ok = TxMessages.Response(_invite, 200);
        using var forkedOk = TxMessages.Response(_invite, 200, toTag: "other-fork");
        tx.Process(SipTransactionInput.Received(ok));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Accepted));
        Assert.That(tx.Ack, Is.Null, "the TU ACKs a 2xx, not the transaction");

        // RFC 6026 §7.2: retransmissions and forked 2xx go to the TU.
        tx.Process(SipTransactionInput.Received(ok));
        tx.Process(SipTransactionInput.Received(forkedOk));
        Assert.That(_sink.Delivered, Is.EqualTo(new[] { ok, ok, forkedOk }));
        Assert.That(_sink.SendTimes("ACK"), Is.Empty);

        _clock.Run(TimeSpan.FromMilliseconds(31990));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Accepted));
        _clock.Run(TimeSpan.FromMilliseconds(10));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Terminated), "timer M = 64*T1");
        Assert.That(_sink.Events.Count(e => e.Kind == "timeout"), Is.Zero);
    }

    [Test]
    public void Success_InAccepted_NonSuccessIsIgnored()
    {
        using var tx = Create();
        tx.Start();
        using var ok = TxMessages.Response(_invite, 200);
        using var busy = TxMessages.Response(_invite, 486);
        tx.Process(SipTransactionInput.Received(ok));
        tx.Process(SipTransactionInput.Received(busy));
        Assert.That(_sink.Delivered, Is.EqualTo(new[] { ok }));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Accepted));
    }

    [Test]
    public void TransportError_InCalling_InformsTuAndTerminates()
    {
        using var tx = Create();
        tx.Start();
        tx.Process(SipTransactionInput.TransportError());
        Assert.That(_sink.Events.Select(e => e.Kind), Is.EqualTo(new[] { "send", "transport-error", "terminated" }));
        Assert.That(_clock.LiveTimers, Is.Zero);
    }

    [Test]
    public void TransportError_InAccepted_InformsTuAndStays()
    {
        using var tx = Create();
        tx.Start();
        using var ok = TxMessages.Response(_invite, 200);
        tx.Process(SipTransactionInput.Received(ok));
        tx.Process(SipTransactionInput.TransportError());
        Assert.That(_sink.Last("transport-error"), Is.Not.Null);
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Accepted));
    }

    [Test]
    public void StaleTimerFiring_AfterCancel_IsIgnored()
    {
        using var tx = Create();
        tx.Start();
        using var ringing = TxMessages.Response(_invite, 180);
        tx.Process(SipTransactionInput.Received(ringing));
        tx.Process(SipTransactionInput.TimerFired(SipTimer.B));
        tx.Process(SipTransactionInput.TimerFired(SipTimer.A));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Proceeding));
        Assert.That(_sink.SendTimes("INVITE").Count(), Is.EqualTo(1));
    }

    [Test]
    public void Misuse_IsRejectedWithTypedErrors()
    {
        using var tx = Create();
        using var ok = TxMessages.Response(_invite, 200);
        Assert.That(() => tx.Process(SipTransactionInput.Received(ok)), Throws.InvalidOperationException, "not started");
        tx.Start();
        Assert.That(() => tx.Start(), Throws.InvalidOperationException);
        Assert.That(() => tx.Process(SipTransactionInput.Received(_invite)), Throws.ArgumentException);
        Assert.That(() => tx.Process(SipTransactionInput.Respond(ok)), Throws.ArgumentException);
        using var options = TxMessages.Request("OPTIONS");
        Assert.That(() => new SipClientInviteTransaction(options, false, _sink, _clock), Throws.ArgumentException);
    }

    [Test]
    public void Dispose_CancelsAllTimers()
    {
        var tx = Create();
        tx.Start();
        Assert.That(_clock.LiveTimers, Is.EqualTo(2));
        tx.Dispose();
        Assert.That(_clock.LiveTimers, Is.Zero);
        _clock.Run(TimeSpan.FromSeconds(40));
        Assert.That(_sink.SendTimes("INVITE").Count(), Is.EqualTo(1));
        Assert.That(() => tx.Start(), Throws.TypeOf<ObjectDisposedException>());
    }
}
