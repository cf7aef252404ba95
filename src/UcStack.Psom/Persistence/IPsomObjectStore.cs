namespace UcStack.Psom;

/// <summary>
/// Where persistent objects live across sessions and server restarts. The server calls
/// <see cref="SaveAsync"/> inside its serial section after each change that touches a persistent object,
/// and acknowledges the change only once it returns: a store must have made the state durable by then.
/// </summary>
public interface IPsomObjectStore
{
    /// <summary>Loads a conference's stored state.</summary>
    /// <param name="conferenceId">The conference.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    /// <returns>The state, or <see langword="null"/> when nothing is stored.</returns>
    ValueTask<PsomStoredState?> LoadAsync(string conferenceId, CancellationToken cancellationToken = default);

    /// <summary>Replaces a conference's stored state durably.</summary>
    /// <param name="conferenceId">The conference.</param>
    /// <param name="state">The new state.</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    /// <returns>Completes once the state is durable.</returns>
    ValueTask SaveAsync(string conferenceId, PsomStoredState state, CancellationToken cancellationToken = default);
}
