namespace UcStack.C3P;

/// <summary>Where the focus factory keeps provisioned conferences. Implementations must be thread-safe; the
/// conference id is the key and compares case-insensitively.</summary>
public interface IConferenceStore
{
    /// <summary>Adds a conference unless one with the same id exists.</summary>
    /// <param name="record">The conference.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether it was added.</returns>
    ValueTask<bool> TryAddAsync(ConferenceRecord record, CancellationToken cancellationToken = default);

    /// <summary>Finds a conference.</summary>
    /// <param name="conferenceId">Its id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The conference, or <see langword="null"/>.</returns>
    ValueTask<ConferenceRecord?> GetAsync(string conferenceId, CancellationToken cancellationToken = default);

    /// <summary>Replaces a stored conference.</summary>
    /// <param name="record">The new record (same id).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether a conference with that id was there to replace.</returns>
    ValueTask<bool> TryUpdateAsync(ConferenceRecord record, CancellationToken cancellationToken = default);

    /// <summary>Removes a conference.</summary>
    /// <param name="conferenceId">Its id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Whether it was there.</returns>
    ValueTask<bool> RemoveAsync(string conferenceId, CancellationToken cancellationToken = default);

    /// <summary>Lists conferences.</summary>
    /// <param name="organizer">Only this organizer's (compared case-insensitively), or all when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The conferences, in no particular order.</returns>
    ValueTask<IReadOnlyList<ConferenceRecord>> ListAsync(string? organizer, CancellationToken cancellationToken = default);
}
