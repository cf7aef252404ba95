using System.Collections.Immutable;

namespace UcStack.Psom;

/// <summary>
/// One shared object as the server committed it: identity, place in the tree, type, properties and
/// the version the server gave its last change. Immutable; a change produces a new instance.
/// </summary>
public sealed record PsomObject
{
    /// <summary>Server-assigned id, unique within the conference; the root is <see cref="PsomObjectIds.Root"/>.</summary>
    public required long Id { get; init; }

    /// <summary>The parent's id; 0 only for the root.</summary>
    public required long ParentId { get; init; }

    /// <summary>The type name, e.g. <c>ucs.poll</c> (see <see cref="PsomObjectTypes"/>).</summary>
    public required string TypeName { get; init; }

    /// <summary>Per-object version: 1 at creation, +1 on every committed update.</summary>
    public required long Version { get; init; }

    /// <summary>Whether the object outlives its creator's session and a server restart.</summary>
    public bool Persistent { get; init; }

    /// <summary>The user (from the admission token) who created the object; empty for server-made objects.</summary>
    public string Owner { get; init; } = string.Empty;

    /// <summary>The properties, ordinal-sorted by key.</summary>
    public ImmutableSortedDictionary<string, PsomValue> Properties { get; init; } = PsomProperties.Empty;

    /// <summary>A property value, or <see cref="PsomValue.Null"/> when absent.</summary>
    /// <param name="key">The property key.</param>
    /// <returns>The value.</returns>
    public PsomValue this[string key] => Properties.TryGetValue(key, out var value) ? value : PsomValue.Null;

    /// <inheritdoc/>
    public bool Equals(PsomObject? other) =>
        other is not null
        && Id == other.Id
        && ParentId == other.ParentId
        && Version == other.Version
        && Persistent == other.Persistent
        && string.Equals(TypeName, other.TypeName, StringComparison.Ordinal)
        && string.Equals(Owner, other.Owner, StringComparison.Ordinal)
        && PsomProperties.AreEqual(Properties, other.Properties);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Id, ParentId, Version, TypeName);
}
