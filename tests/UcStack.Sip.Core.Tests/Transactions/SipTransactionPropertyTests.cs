using FsCheck;
using FsCheck.Fluent;
using UcStack.Sip.Transactions;

namespace UcStack.Sip.Tests.Transactions;

/// <summary>Random input sequences against all four machines: only the documented exception types escape,
/// the state stays within the machine's own states, and no timer outlives termination or disposal.</summary>
[TestFixture]
public sealed class SipTransactionPropertyTests
{
    private static readonly int[] Codes = [100, 180, 200, 202, 302, 404, 486, 500, 603];

    private static readonly Dictionary<string, SipTransactionState[]> AllowedStates = new()
    {
        ["client-invite"] = [SipTransactionState.Calling, SipTransactionState.Proceeding, SipTransactionState.Completed, SipTransactionState.Accepted, SipTransactionState.Terminated],
        ["client-non-invite"] = [SipTransactionState.Trying, SipTransactionState.Proceeding, SipTransactionState.Completed, SipTransactionState.Terminated],
        ["server-invite"] = [SipTransactionState.Proceeding, SipTransactionState.Completed, SipTransactionState.Confirmed, SipTransactionState.Accepted, SipTransactionState.Terminated],
        ["server-non-invite"] = [SipTransactionState.Trying, SipTransactionState.Proceeding, SipTransactionState.Completed, SipTransactionState.Terminated],
    };

    [Test]
    public void Property_RandomInputs_KeepInvariants()
    {
        var op = from kind in Gen.Choose(0, 6)
                 from arg in Gen.Choose(0, 100)
                 select (kind, arg);
        var gen = from machine in Gen.Elements(AllowedStates.Keys.ToArray())
                  from reliable in Gen.Elements(true, false)
                  from ops in Gen.ListOf(op)
                  select (machine, reliable, ops);

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(gen.ToArbitrary(), t => Run(t.machine, t.reliable, t.ops)));
    }

    private static bool Run(string machine, bool reliable, IList<(int Kind, int Arg)> ops)
    {
        var clock = new CountingTimeProvider();
        var sink = new RecordingSink(clock);
        using var request = TxMessages.Request(machine.EndsWith("non-invite", StringComparison.Ordinal) ? "MESSAGE" : "INVITE");
        using var ack = TxMessages.Request("ACK", toTag: "to-tag-9");
        var responses = Codes.Select(c => TxMessages.Response(request, c)).ToArray();
        SipTransaction tx = machine switch
        {
            "client-invite" => new SipClientInviteTransaction(request, reliable, sink, clock),
            "client-non-invite" => new SipClientNonInviteTransaction(request, reliable, sink, clock),
            "server-invite" => new SipServerInviteTransaction(request, reliable, sink, clock),
            _ => new SipServerNonInviteTransaction(request, reliable, sink, clock),
        };

        try
        {
            foreach (var (kind, arg) in ops)
            {
                var response = responses[arg % responses.Length];
                try
                {
                    switch (kind)
                    {
                        case 0: tx.Start(); break;
                        case 1: tx.Process(SipTransactionInput.Received(response)); break;
                        case 2: tx.Process(SipTransactionInput.Received(arg % 2 == 0 ? request : ack)); break;
                        case 3: tx.Process(SipTransactionInput.Respond(response)); break;
                        case 4: tx.Process(SipTransactionInput.TransportError()); break;
                        case 5: tx.Process(SipTransactionInput.TimerFired((SipTimer)(arg % 12))); break;
                        default: clock.Run(TimeSpan.FromMilliseconds(500 * arg), stepMs: 500); break;
                    }
                }
                catch (Exception e) when (e is InvalidOperationException or ArgumentException)
                {
                    // documented misuse errors
                }

                if (!AllowedStates[machine].Contains(tx.State)) throw new AssertionException($"{machine} reached {tx.State}");
                if (tx.State == SipTransactionState.Terminated && clock.LiveTimers != 0)
                    throw new AssertionException($"{machine}: {clock.LiveTimers} timers alive after termination");
            }

            tx.Dispose();
            return clock.LiveTimers == 0;
        }
        finally
        {
            tx.Dispose();
            foreach (var r in responses) r.Dispose();
        }
    }
}
