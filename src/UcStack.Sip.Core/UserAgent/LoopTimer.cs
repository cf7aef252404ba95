using UcStack.Sip.Stack;

namespace UcStack.Sip.UserAgent;

/// <summary>A one-shot timer whose firing runs on the endpoint's loop. Arm and cancel only on the loop (Cancel
/// releases the underlying timer);
/// a firing that was overtaken by a re-arm or cancel is ignored.</summary>
internal sealed class LoopTimer(SipEndpoint endpoint, Action onFire)
{
    private ITimer? _timer;
    private long _generation;

    public bool IsArmed => _timer is not null;

    public void Arm(TimeSpan due)
    {
        Cancel();
        var generation = _generation;
        _timer = endpoint.TimeProvider.CreateTimer(
            _ => endpoint.Post(() =>
            {
                if (generation != _generation) return;
                Cancel();
                onFire();
            }),
            null,
            due,
            Timeout.InfiniteTimeSpan);
    }

    public void Cancel()
    {
        _generation++;
        _timer?.Dispose();
        _timer = null;
    }
}
