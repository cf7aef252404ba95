namespace UcStack.C3P;

/// <summary>What applying a conference-info update did.</summary>
public enum ConferenceMergeOutcome
{
    /// <summary>A full document replaced the state.</summary>
    Replaced = 1,

    /// <summary>A partial document was merged into the state.</summary>
    Merged,

    /// <summary>The conference was deleted (<c>state="deleted"</c> on conference-info); the state is now empty.</summary>
    Deleted,

    /// <summary>The update could not be applied; the state is unchanged and the subscriber must fetch a full document
    /// (RFC 4575 §4.6: re-SUBSCRIBE).</summary>
    NeedsFullRefresh,
}

/// <summary>Why an update asked for a full refresh.</summary>
public enum ConferenceRefreshReason
{
    /// <summary>No refresh needed.</summary>
    None = 0,

    /// <summary>A partial or deleted update arrived before any full document.</summary>
    NoBaseState,

    /// <summary>The update's version is more than one above the state's: notifications were missed.</summary>
    VersionGap,

    /// <summary>The update's version is not above the state's: a duplicate or reordered notification.</summary>
    StaleVersion,

    /// <summary>A partial update carries no version, so continuity cannot be checked.</summary>
    MissingVersion,

    /// <summary>The update is about a different conference (its entity differs).</summary>
    EntityMismatch,
}

/// <summary>The result of <see cref="ConferenceInfoMerger.Apply"/>.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="RefreshReason">Why a refresh is needed; <see cref="ConferenceRefreshReason.None"/> otherwise.</param>
/// <param name="State">The state after the update: the merged full document, the unchanged one when a refresh is needed, or null after a delete.</param>
public sealed record ConferenceMergeResult(ConferenceMergeOutcome Outcome, ConferenceRefreshReason RefreshReason, ConferenceInfoDocument? State);
