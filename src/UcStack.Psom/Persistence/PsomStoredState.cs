using System.Collections.Immutable;

namespace UcStack.Psom;

/// <summary>What a store keeps for one conference: its persistent objects and the counters to resume from.</summary>
public sealed record PsomStoredState
{
    /// <summary>The tree version of the last stored change.</summary>
    public required long TreeVersion { get; init; }

    /// <summary>The next object id to assign (ids are never reused).</summary>
    public required long NextId { get; init; }

    /// <summary>Persistent objects, parents before children (the root included).</summary>
    public required ImmutableArray<PsomObject> Objects { get; init; }
}
