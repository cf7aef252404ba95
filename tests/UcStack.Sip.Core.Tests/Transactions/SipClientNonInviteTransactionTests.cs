using UcStack.Sip.Transactions;

namespace UcStack.Sip.Tests.Transactions;

[TestFixture]
public sealed class SipClientNonInviteTransactionTests
{
    private CountingTimeProvider _clock = null!;
    private RecordingSink _sink = null!;
    private SipRequest _request = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new CountingTimeProvider();
        _sink = new RecordingSink(_clock);
        _request = TxMessages.Request("REGISTER");
    }

    [TearDown]
    public void TearDown() => _request.Dispose();

    private SipClientNonInviteTransaction Create(bool reliable = false) => new(_request, reliable, _sink, _clock);

    [Test]
    public void Start_Unreliable_RetransmitsOnTimerECappedAtT2ThenTimesOutOnF()
    {
        using var tx = Create();
        tx.Start();
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Trying));
        _clock.Run(TimeSpan.FromSeconds(33));

        // RFC 3261 §17.1.2.2: E doubles from T1 up to T2 (4 s); F = 64*T1.
        Assert.That(
            _sink.SendTimes("REGISTER"),
            Is.EqualTo(new long[] { 0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500 }));
        Assert.That(_sink.Last("timeout"), Is.EqualTo(new SinkEvent("timeout", "F", 32000)));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Terminated));
        Assert.That(_clock.LiveTimers, Is.Zero);
    }

    [Test]
    public void Start_Reliable_NoRetransmissionTimeoutOnF()
    {
        using var tx = Create(reliable: true);
        tx.Start();
        _clock.Run(TimeSpan.FromSeconds(33));
        Assert.That(_sink.SendTimes("REGISTER"), Is.EqualTo(new long[] { 0 }));
        Assert.That(_sink.Last("timeout")!.AtMs, Is.EqualTo(32000));
    }

    [Test]
    public void Provisional_RetransmitsEveryT2InProceeding()
    {
        using var tx = Create();
        tx.Start();
        _clock.Run(TimeSpan.FromMilliseconds(600)); // sends at 0 and 500; next E due at 1500
        using var trying = TxMessages.Response(_request, 100);
        tx.Process(SipTransactionInput.Received(trying));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Proceeding));
        Assert.That(_sink.Delivered, Is.EqualTo(new[] { trying }));

        _clock.Run(TimeSpan.FromMilliseconds(13000));

        // RFC 3261 §17.1.2.2: in Proceeding E is reset to T2 after each firing.
        Assert.That(_sink.SendTimes("REGISTER"), Is.EqualTo(new long[] { 0, 500, 1500, 5500, 9500, 13500 }));
    }

    [Test]
    public void Provisional_ThenTimerF_TimesOut()
    {
        using var tx = Create();
        tx.Start();
        using var trying = TxMessages.Response(_request, 100);
        tx.Process(SipTransactionInput.Received(trying));
        _clock.Run(TimeSpan.FromSeconds(32));
        Assert.That(_sink.Last("timeout"), Is.EqualTo(new SinkEvent("timeout", "F", 32000)));
        Assert.That(_clock.LiveTimers, Is.Zero);
    }

    [Test]
    public void Final_DeliversOnceAbsorbsRetransmissionsUntilTimerK()
    {
        using var tx = Create();
        tx.Start();
        using var ok = TxMessages.Response(_request, 200);
        tx.Process(SipTransactionInput.Received(ok));
        tx.Process(SipTransactionInput.Received(ok));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Completed));
        Assert.That(_sink.Delivered, Is.EqualTo(new[] { ok }));

        _clock.Run(TimeSpan.FromMilliseconds(4990));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Completed));
        _clock.Run(TimeSpan.FromMilliseconds(10));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Terminated), "timer K = T4");
        Assert.That(_sink.SendTimes("REGISTER").Count(), Is.EqualTo(1));
        Assert.That(_clock.LiveTimers, Is.Zero);
    }

    [Test]
    public void Final_Reliable_TerminatesAtOnce()
    {
        using var tx = Create(reliable: true);
        tx.Start();
        using var fail = TxMessages.Response(_request, 404);
        tx.Process(SipTransactionInput.Received(fail));
        Assert.That(tx.State, Is.EqualTo(SipTransactionState.Terminated), "timer K is zero on reliable transports");
        Assert.That(_sink.Delivered, Is.EqualTo(new[] { fail }));
        Assert.That(_clock.LiveTimers, Is.Zero);
    }

    [Test]
    public void TransportError_InformsTuAndTerminates()
    {
        using var tx = Create();
        tx.Start();
        tx.Process(SipTransactionInput.TransportError());
        Assert.That(_sink.Events.Select(e => e.Kind), Is.EqualTo(new[] { "send", "transport-error", "terminated" }));
        tx.Process(SipTransactionInput.TransportError());
        Assert.That(_sink.Events, Has.Count.EqualTo(3), "input after termination is absorbed");
        Assert.That(_clock.LiveTimers, Is.Zero);
    }

    [Test]
    public void Constructor_InviteOrAck_Throws()
    {
        using var invite = TxMessages.Request("INVITE");
        using var ack = TxMessages.Request("ACK");
        Assert.That(() => new SipClientNonInviteTransaction(invite, false, _sink, _clock), Throws.ArgumentException);
        Assert.That(() => new SipClientNonInviteTransaction(ack, false, _sink, _clock), Throws.ArgumentException);
    }

    [Test]
    public void Dispose_CancelsAllTimers()
    {
        var tx = Create();
        tx.Start();
        Assert.That(_clock.LiveTimers, Is.EqualTo(2));
        tx.Dispose();
        Assert.That(_clock.LiveTimers, Is.Zero);
    }
}
