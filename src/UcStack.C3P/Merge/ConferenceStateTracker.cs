namespace UcStack.C3P;

/// <summary>
/// A subscriber's copy of one conference's state, fed with each NOTIFY body in order. Not thread-safe: feed it from
/// the subscription's serial executor.
/// </summary>
public sealed class ConferenceStateTracker
{
    /// <summary>The current full state; null before the first full document and after the conference is deleted.</summary>
    public ConferenceInfoDocument? Current { get; private set; }

    /// <summary>Applies one notification's document; on <see cref="ConferenceMergeOutcome.NeedsFullRefresh"/> nothing changes.</summary>
    /// <param name="update">The document.</param>
    /// <returns>What happened.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="update"/> is null.</exception>
    public ConferenceMergeResult Apply(ConferenceInfoDocument update)
    {
        var result = ConferenceInfoMerger.Apply(Current, update);
        Current = result.State;
        return result;
    }

    /// <summary>Forgets the state (e.g. when the subscription ends).</summary>
    public void Reset() => Current = null;
}
