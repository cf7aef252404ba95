using System.Collections.Concurrent;

namespace UcStack.Psom;

/// <summary>A store that keeps state in memory only (tests, benchmarks, conferences that need no restart survival).</summary>
public sealed class PsomMemoryObjectStore : IPsomObjectStore
{
    private readonly ConcurrentDictionary<string, PsomStoredState> _states = new(StringComparer.Ordinal);

    /// <summary>How many saves succeeded.</summary>
    public int SaveCount => Volatile.Read(ref _saveCount);

    private int _saveCount;

    /// <inheritdoc/>
    public ValueTask<PsomStoredState?> LoadAsync(string conferenceId, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_states.GetValueOrDefault(conferenceId));

    /// <inheritdoc/>
    public ValueTask SaveAsync(string conferenceId, PsomStoredState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        _states[conferenceId] = state;
        Interlocked.Increment(ref _saveCount);
        return ValueTask.CompletedTask;
    }
}
