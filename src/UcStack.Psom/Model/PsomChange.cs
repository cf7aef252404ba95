using System.Collections.Immutable;

namespace UcStack.Psom;

/// <summary>
/// One change the server committed, as broadcast in <see cref="PsomEventMessage"/> and kept in the replay log.
/// </summary>
public sealed record PsomChange
{
    /// <summary>What happened.</summary>
    public required PsomChangeKind Kind { get; init; }

    /// <summary>The tree version this change produced (each change increments it by one).</summary>
    public required long TreeVersion { get; init; }

    /// <summary>The object created, updated or deleted (the root of the deleted subtree).</summary>
    public required long ObjectId { get; init; }

    /// <summary>The object's state after a create or update; <see langword="null"/> for a delete.</summary>
    public PsomObject? Object { get; init; }

    /// <summary>For a delete, every removed id, children before parents; empty otherwise.</summary>
    public ImmutableArray<long> DeletedIds { get; init; } = [];

    /// <inheritdoc/>
    public bool Equals(PsomChange? other) =>
        other is not null
        && Kind == other.Kind
        && TreeVersion == other.TreeVersion
        && ObjectId == other.ObjectId
        && Equals(Object, other.Object)
        && DeletedIds.AsSpan().SequenceEqual(other.DeletedIds.AsSpan());

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, TreeVersion, ObjectId);
}
