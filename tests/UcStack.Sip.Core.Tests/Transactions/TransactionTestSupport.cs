using Microsoft.Extensions.Time.Testing;
using UcStack.Sip.Transactions;

namespace UcStack.Sip.Tests.Transactions;

/// <summary>One thing a transaction did, stamped with the fake clock's elapsed milliseconds.</summary>
internal sealed record SinkEvent(string Kind, string What, long AtMs);

/// <summary>A fake clock that also counts the timers still alive, so tests can assert none is left.</summary>
internal sealed class CountingTimeProvider : TimeProvider
{
    private readonly DateTimeOffset _start;
    private int _live;

    public CountingTimeProvider()
    {
        Fake = new FakeTimeProvider();
        _start = Fake.GetUtcNow();
    }

    public FakeTimeProvider Fake { get; }

    public int LiveTimers => _live;

    public long ElapsedMs => (long)(Fake.GetUtcNow() - _start).TotalMilliseconds;

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _live);
        return new CountedTimer(this, Fake.CreateTimer(callback, state, dueTime, period));
    }

    /// <summary>Advances in 10 ms steps so timers armed inside callbacks fire at their exact times.</summary>
    public void Run(TimeSpan span, int stepMs = 10)
    {
        var step = TimeSpan.FromMilliseconds(stepMs);
        for (var t = TimeSpan.Zero; t < span; t += step) Fake.Advance(step);
    }

    private sealed class CountedTimer(CountingTimeProvider owner, ITimer inner) : ITimer
    {
        private bool _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            Interlocked.Decrement(ref owner._live);
            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>Records every action; runs timer firings at once, the test thread being the serial context.</summary>
internal sealed class RecordingSink(CountingTimeProvider clock) : ISipTransactionSink
{
    public List<SinkEvent> Events { get; } = [];

    public List<SipMessage> Sent { get; } = [];

    public List<SipMessage> Delivered { get; } = [];

    public IEnumerable<long> SendTimes(string what) => Events.Where(e => e.Kind == "send" && e.What == what).Select(e => e.AtMs);

    public void Send(SipTransaction transaction, SipMessage message)
    {
        Sent.Add(message);
        Events.Add(new("send", Describe(message), clock.ElapsedMs));
    }

    public void Deliver(SipTransaction transaction, SipMessage message)
    {
        Delivered.Add(message);
        Events.Add(new("deliver", Describe(message), clock.ElapsedMs));
    }

    public void TimedOut(SipTransaction transaction, SipTimer timer) => Events.Add(new("timeout", timer.ToString(), clock.ElapsedMs));

    public void TransportFailed(SipTransaction transaction) => Events.Add(new("transport-error", "", clock.ElapsedMs));

    public void Terminated(SipTransaction transaction) => Events.Add(new("terminated", "", clock.ElapsedMs));

    public void TimerElapsed(SipTransaction transaction, SipTimer timer) =>
        transaction.Process(SipTransactionInput.TimerFired(timer));

    public SinkEvent? Last(string kind) => Events.LastOrDefault(e => e.Kind == kind);

    private static string Describe(SipMessage message) => message switch
    {
        SipRequest r => r.Method,
        SipResponse r => r.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => "?",
    };
}

internal static class TxMessages
{
    public static SipRequest Request(
        string method = "INVITE",
        string branch = "z9hG4bK-tx-1",
        string viaHost = "client.example.com",
        int? viaPort = 5060,
        uint cseq = 7,
        string? toTag = null,
        string requestUri = "sip:bob@example.com",
        string? cseqMethod = null,
        params string[] routes)
    {
        var builder = new SipRequestBuilder(method, requestUri)
            .AddVia("UDP", viaHost, viaPort, branch)
            .AddVia("UDP", "proxy.example.com", 5060, "z9hG4bK-below")
            .SetMaxForwards()
            .SetFrom("sip:alice@example.com", "Alice", "from-tag-1")
            .SetTo("sip:bob@example.com", "Bob", toTag)
            .SetCallId("call-1@client.example.com")
            .AddHeader("CSeq", $"{cseq} {cseqMethod ?? method}");
        foreach (var route in routes) builder.AddHeader("Route", route);
        return builder.Build();
    }

    public static SipResponse Response(SipRequest request, int code, string toTag = "to-tag-9")
    {
        var builder = SipResponseBuilder.For(request, code);
        if (code > 100) builder.WithToTag(toTag);
        return builder.Build();
    }
}
