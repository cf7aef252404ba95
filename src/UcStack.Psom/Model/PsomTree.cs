using System.Collections.Immutable;

namespace UcStack.Psom;

/// <summary>
/// The server's authoritative object tree for one conference: the single writer and sequencer. Every
/// committed change bumps the object's version and the tree version by one. Not thread-safe: the
/// conference runs all operations in one serial section. Validation happens before any mutation, so a
/// refused operation leaves the tree untouched.
/// </summary>
internal sealed partial class PsomTree
{
    private readonly Dictionary<long, PsomObject> _objects = [];
    private readonly Dictionary<long, List<long>> _children = [];

    public PsomTree(PsomTreeLimits limits)
    {
        Limits = limits;
        var root = new PsomObject { Id = PsomObjectIds.Root, ParentId = PsomObjectIds.None, TypeName = PsomObjectTypes.Conference, Version = 1, Persistent = true };
        _objects.Add(root.Id, root);
        _children.Add(root.Id, []);
        NextId = PsomObjectIds.Root + 1;
    }

    public PsomTreeLimits Limits { get; }

    public long TreeVersion { get; private set; }

    public long NextId { get; private set; }

    public int Count => _objects.Count;

    public bool TryGet(long id, out PsomObject value) => _objects.TryGetValue(id, out value!);

    public PsomObject? GetParent(PsomObject value) => _objects.GetValueOrDefault(value.ParentId);

    /// <summary>Every object, parents before children.</summary>
    public IEnumerable<PsomObject> All() => Subtree(PsomObjectIds.Root, -1);

    /// <summary>The subtree under <paramref name="rootId"/> down to <paramref name="depth"/> levels (-1 unlimited), parents first.</summary>
    public IEnumerable<PsomObject> Subtree(long rootId, int depth)
    {
        if (!_objects.TryGetValue(rootId, out var root))
        {
            yield break;
        }

        var queue = new Queue<(PsomObject Value, int Level)>();
        queue.Enqueue((root, 0));
        while (queue.Count > 0)
        {
            var (value, level) = queue.Dequeue();
            yield return value;
            if (depth >= 0 && level >= depth)
            {
                continue;
            }

            foreach (var childId in _children[value.Id])
            {
                queue.Enqueue((_objects[childId], level + 1));
            }
        }
    }

    /// <summary>The id and its ancestors up to the root.</summary>
    public ImmutableArray<long> PathOf(long id)
    {
        var path = ImmutableArray.CreateBuilder<long>();
        while (id != PsomObjectIds.None && _objects.TryGetValue(id, out var value))
        {
            path.Add(id);
            id = value.ParentId;
        }

        return path.ToImmutable();
    }

    public PsomTreeResult Create(long parentId, string typeName, ImmutableSortedDictionary<string, PsomValue> properties, bool persistent, string owner)
    {
        if (!_objects.TryGetValue(parentId, out var parent))
        {
            return PsomTreeResult.Fail(PsomErrorCode.NotFound, "parent");
        }

        if (string.Equals(typeName, PsomObjectTypes.Conference, StringComparison.Ordinal))
        {
            return PsomTreeResult.Fail(PsomErrorCode.InvalidArgument, "there is one conference root");
        }

        // A persistent object must not hang under one that vanishes with its owner's session.
        if (persistent && !parent.Persistent)
        {
            return PsomTreeResult.Fail(PsomErrorCode.InvalidArgument, "persistent object under non-persistent parent");
        }

        if (_objects.Count >= Limits.MaxObjects)
        {
            return PsomTreeResult.Fail(PsomErrorCode.LimitExceeded, "objects");
        }

        if (!FitsPropertyLimits(properties))
        {
            return PsomTreeResult.Fail(PsomErrorCode.LimitExceeded, "properties");
        }

        var created = new PsomObject
        {
            Id = NextId++,
            ParentId = parentId,
            TypeName = typeName,
            Version = 1,
            Persistent = persistent,
            Owner = owner,
            Properties = properties,
        };
        _objects.Add(created.Id, created);
        _children.Add(created.Id, []);
        _children[parentId].Add(created.Id);
        TreeVersion++;
        var change = new PsomChange { Kind = PsomChangeKind.Created, TreeVersion = TreeVersion, ObjectId = created.Id, Object = created };
        return PsomTreeResult.Ok(new PsomCommit(change, PathOf(created.Id)));
    }

    public PsomTreeResult Update(long id, long baseVersion, IReadOnlyDictionary<string, PsomValue> changes)
    {
        if (!_objects.TryGetValue(id, out var current))
        {
            return PsomTreeResult.Fail(PsomErrorCode.NotFound, "object");
        }

        // Optimistic concurrency: a change based on an older version is refused with the current state.
        if (baseVersion >= 0 && baseVersion != current.Version)
        {
            return PsomTreeResult.Conflict(current);
        }

        var properties = PsomProperties.Apply(current.Properties, changes);
        if (!FitsPropertyLimits(properties))
        {
            return PsomTreeResult.Fail(PsomErrorCode.LimitExceeded, "properties");
        }

        var updated = current with { Version = current.Version + 1, Properties = properties };
        RememberUpdate(current);
        _objects[id] = updated;
        TreeVersion++;
        var change = new PsomChange { Kind = PsomChangeKind.Updated, TreeVersion = TreeVersion, ObjectId = id, Object = updated };
        return PsomTreeResult.Ok(new PsomCommit(change, PathOf(id)));
    }

    public PsomTreeResult Delete(long id, long baseVersion)
    {
        if (!_objects.TryGetValue(id, out var current))
        {
            return PsomTreeResult.Fail(PsomErrorCode.NotFound, "object");
        }

        if (id == PsomObjectIds.Root)
        {
            return PsomTreeResult.Fail(PsomErrorCode.InvalidArgument, "the root cannot be deleted");
        }

        if (baseVersion >= 0 && baseVersion != current.Version)
        {
            return PsomTreeResult.Conflict(current);
        }

        var path = PathOf(id);
        var removed = ImmutableArray.CreateBuilder<long>();
        CollectPostOrder(id, removed);

        // Children are re-inserted in their original order on undo; post-order lists a child's subtree before it.
        var removedObjects = new List<PsomObject>(removed.Count);
        foreach (var gone in removed)
        {
            removedObjects.Add(_objects[gone]);
        }

        var siblings = _children[current.ParentId];
        RememberDelete(removedObjects, siblings.IndexOf(id));
        foreach (var gone in removed)
        {
            _objects.Remove(gone);
            _children.Remove(gone);
        }

        siblings.Remove(id);
        TreeVersion++;
        var change = new PsomChange { Kind = PsomChangeKind.Deleted, TreeVersion = TreeVersion, ObjectId = id, DeletedIds = removed.ToImmutable() };
        return PsomTreeResult.Ok(new PsomCommit(change, path));
    }

    /// <summary>Ids of the topmost non-persistent objects for which <paramref name="isOwned"/> holds (their subtrees go with them).</summary>
    public List<long> NonPersistentRootsOwnedBy(Func<long, bool> isOwned)
    {
        var roots = new List<long>();
        foreach (var value in All())
        {
            if (!value.Persistent && isOwned(value.Id) && !HasOwnedAncestor(value, isOwned))
            {
                roots.Add(value.Id);
            }
        }

        return roots;
    }

    private bool HasOwnedAncestor(PsomObject value, Func<long, bool> isOwned)
    {
        for (var id = value.ParentId; id != PsomObjectIds.None && _objects.TryGetValue(id, out var parent); id = parent.ParentId)
        {
            if (!parent.Persistent && isOwned(id))
            {
                return true;
            }
        }

        return false;
    }

    private void CollectPostOrder(long id, ImmutableArray<long>.Builder into)
    {
        foreach (var child in _children[id])
        {
            CollectPostOrder(child, into);
        }

        into.Add(id);
    }

    private bool FitsPropertyLimits(ImmutableSortedDictionary<string, PsomValue> properties)
    {
        if (properties.Count > PsomWireLimits.MaxProperties)
        {
            return false;
        }

        long size = 0;
        foreach (var pair in properties)
        {
            size += pair.Key.Length + pair.Value.ApproximateSize;
        }

        return size <= Limits.MaxObjectBytes;
    }
}
