using System.Collections.Immutable;

namespace UcStack.Psom;

/// <summary>
/// A client's copy of the subscribed part of a conference tree, fed by snapshots, replays and events.
/// Applying is idempotent (an object only moves to a higher version; ids are never reused), so a replay
/// overlapping what was already seen does no harm. Reads are lock-free snapshots; writes come from the
/// session's single reader loop. Keep a replica across reconnects to resume with <c>sinceVersion</c>.
/// </summary>
public sealed class PsomReplica
{
    private ImmutableDictionary<long, PsomObject> _objects = ImmutableDictionary<long, PsomObject>.Empty;

    /// <summary>Raised after each change is applied, on the session's reader (do not block in it).</summary>
    public event EventHandler<PsomChange>? Changed;

    /// <summary>The highest tree version applied.</summary>
    public long TreeVersion { get; private set; }

    /// <summary>The server incarnation the tree version belongs to.</summary>
    public long Incarnation { get; internal set; }

    /// <summary>The objects, by id.</summary>
    public ImmutableDictionary<long, PsomObject> Objects => Volatile.Read(ref _objects);

    /// <summary>An object by id.</summary>
    /// <param name="id">The id.</param>
    /// <param name="value">The object when present.</param>
    /// <returns>Whether it is present.</returns>
    public bool TryGet(long id, out PsomObject value) => Objects.TryGetValue(id, out value!);

    /// <summary>The children of an object, by id order.</summary>
    /// <param name="parentId">The parent.</param>
    /// <returns>The children.</returns>
    public IReadOnlyList<PsomObject> ChildrenOf(long parentId) =>
        [.. Objects.Values.Where(o => o.ParentId == parentId && o.Id != parentId).OrderBy(o => o.Id)];

    internal void ApplySnapshot(long rootId, ImmutableArray<PsomObject> objects, long treeVersion, bool first)
    {
        var builder = Objects.ToBuilder();
        if (first)
        {
            // A snapshot replaces what we had of that subtree: drop it, then add what the server sent.
            foreach (var id in SubtreeIds(builder, rootId))
            {
                builder.Remove(id);
            }
        }

        foreach (var value in objects)
        {
            builder[value.Id] = value;
        }

        Volatile.Write(ref _objects, builder.ToImmutable());
        TreeVersion = Math.Max(TreeVersion, treeVersion);
    }

    internal void Apply(PsomChange change)
    {
        var current = Objects;
        switch (change.Kind)
        {
            case PsomChangeKind.Created:
            case PsomChangeKind.Updated:
                var incoming = change.Object!;
                if (!current.TryGetValue(incoming.Id, out var existing) || existing.Version < incoming.Version)
                {
                    current = current.SetItem(incoming.Id, incoming);
                }

                break;
            default:
                current = current.RemoveRange(change.DeletedIds);
                break;
        }

        Volatile.Write(ref _objects, current);
        TreeVersion = Math.Max(TreeVersion, change.TreeVersion);
        Changed?.Invoke(this, change);
    }

    private static List<long> SubtreeIds(ImmutableDictionary<long, PsomObject>.Builder objects, long rootId)
    {
        var byParent = objects.Values.ToLookup(o => o.ParentId);
        var ids = new List<long>();
        var stack = new Stack<long>();
        stack.Push(rootId);
        while (stack.Count > 0)
        {
            var id = stack.Pop();
            if (objects.ContainsKey(id))
            {
                ids.Add(id);
            }

            foreach (var child in byParent[id])
            {
                if (child.Id != id)
                {
                    stack.Push(child.Id);
                }
            }
        }

        return ids;
    }
}
