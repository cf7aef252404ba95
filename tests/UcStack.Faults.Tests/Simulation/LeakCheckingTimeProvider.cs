using Microsoft.Extensions.Time.Testing;

namespace UcStack.Faults.Tests.Simulation;

/// <summary>
/// A <see cref="FakeTimeProvider"/> wrapper that knows which timers are still live, so a scenario can prove it left
/// none behind. A timer is <em>armed</em> while it has a pending due time: from creation or <c>Change</c> with a
/// finite due time until it is disposed, changed to infinite, or (one-shot) has fired. A periodic timer stays armed
/// until disposed or stopped. <see cref="Undisposed"/> counts timers never disposed, armed or not.
/// </summary>
internal sealed class LeakCheckingTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly HashSet<TrackedTimer> _armed = [];
    private readonly HashSet<TrackedTimer> _undisposed = [];

    public LeakCheckingTimeProvider(FakeTimeProvider? fake = null)
    {
        Fake = fake ?? new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Start = Fake.GetTimestamp();
    }

    /// <summary>The clock underneath; advancing it fires the timers of every wrapper around it.</summary>
    public FakeTimeProvider Fake { get; }

    public long Start { get; }

    public TimeSpan Elapsed => Fake.GetElapsedTime(Start);

    /// <summary>Records where each timer was created, for hunting a leak.</summary>
    public bool CaptureStacks { get; set; }

    /// <summary>Timers created so far (a leak check over a clock nobody used proves nothing).</summary>
    public int Created { get; private set; }

    /// <summary>Timers with a pending due time.</summary>
    public int Armed
    {
        get { lock (_gate) return _armed.Count; }
    }

    /// <summary>Timers created and not disposed.</summary>
    public int Undisposed
    {
        get { lock (_gate) return _undisposed.Count; }
    }

    /// <summary>The armed count once other threads have finished what they were doing. A completed
    /// <c>Task.WaitAsync(timeout, provider)</c> resumes its awaiter before disposing its timer, on whichever thread
    /// completed the task, so a count taken at once can see a timer that is a moment from going. This yields until
    /// the count is zero or two real seconds passed; it never moves fake time.</summary>
    public async Task<int> ArmedAfterCleanupAsync()
    {
        var deadline = Environment.TickCount64 + 2000;
        while (Armed > 0 && Environment.TickCount64 < deadline) await Task.Yield();
        return Armed;
    }

    /// <summary>What the armed timers were created for (the callback's declaring type), for failure messages.</summary>
    public string DescribeArmed()
    {
        lock (_gate) return string.Join(", ", _armed.Select(t => t.Owner).GroupBy(o => o).Select(g => $"{g.Key} x{g.Count()}"));
    }

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => Fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var owner = state?.GetType().Name ?? callback.Method.DeclaringType?.Name ?? "?";
        if (CaptureStacks) owner += " created at " + Environment.StackTrace;
        var tracked = new TrackedTimer(this, owner);
        lock (_gate)
        {
            Created++;
            _undisposed.Add(tracked);
            tracked.SetSchedule(dueTime, period);
        }

        tracked.Inner = Fake.CreateTimer(
            s =>
            {
                tracked.OnFired();
                callback(s);
            },
            state,
            dueTime,
            period);
        return tracked;
    }

    private sealed class TrackedTimer(LeakCheckingTimeProvider owner, string description) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;
        private bool _disposed;

        public ITimer Inner { get; set; } = null!;

        public string Owner { get; } = description;

        // Under the owner's gate.
        public void SetSchedule(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            if (_disposed || dueTime == Timeout.InfiniteTimeSpan) owner._armed.Remove(this);
            else owner._armed.Add(this);
        }

        public void OnFired()
        {
            lock (owner._gate)
            {
                if (_period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero) owner._armed.Remove(this);
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                if (_disposed) return false;
                SetSchedule(dueTime, period);
            }

            return Inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            lock (owner._gate)
            {
                if (_disposed) return;
                _disposed = true;
                owner._armed.Remove(this);
                owner._undisposed.Remove(this);
            }

            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
