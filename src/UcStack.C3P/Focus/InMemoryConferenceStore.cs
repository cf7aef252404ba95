using System.Collections.Concurrent;

namespace UcStack.C3P;

/// <summary>The default <see cref="IConferenceStore"/>: a concurrent dictionary in this process.</summary>
public sealed class InMemoryConferenceStore : IConferenceStore
{
    private readonly ConcurrentDictionary<string, ConferenceRecord> _conferences = new(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public ValueTask<bool> TryAddAsync(ConferenceRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return ValueTask.FromResult(_conferences.TryAdd(record.ConferenceId, record));
    }

    /// <inheritdoc />
    public ValueTask<ConferenceRecord?> GetAsync(string conferenceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conferenceId);
        return ValueTask.FromResult(_conferences.GetValueOrDefault(conferenceId));
    }

    /// <inheritdoc />
    public ValueTask<bool> TryUpdateAsync(ConferenceRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        while (_conferences.TryGetValue(record.ConferenceId, out var existing))
        {
            if (_conferences.TryUpdate(record.ConferenceId, record, existing)) return ValueTask.FromResult(true);
        }

        return ValueTask.FromResult(false);
    }

    /// <inheritdoc />
    public ValueTask<bool> RemoveAsync(string conferenceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conferenceId);
        return ValueTask.FromResult(_conferences.TryRemove(conferenceId, out _));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ConferenceRecord>> ListAsync(string? organizer, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<ConferenceRecord> list = _conferences.Values
            .Where(r => organizer is null || C3PAddress.SameUri(r.Organizer, organizer))
            .ToList();
        return ValueTask.FromResult(list);
    }
}
