namespace UcStack.Psom;

internal sealed partial class PsomTree
{
    /// <summary>
    /// Rebuilds a tree from stored persistent objects (parents before children). Objects whose parent is
    /// missing are reported back instead of being dropped silently.
    /// </summary>
    public static PsomTree Restore(PsomTreeLimits limits, PsomStoredState state, List<PsomObject> orphans)
    {
        var tree = new PsomTree(limits);
        foreach (var value in state.Objects.OrderBy(o => o.Id))
        {
            if (value.Id == PsomObjectIds.Root)
            {
                tree._objects[PsomObjectIds.Root] = value;
                continue;
            }

            if (!tree._objects.ContainsKey(value.ParentId) || tree._objects.ContainsKey(value.Id))
            {
                orphans.Add(value);
                continue;
            }

            tree._objects.Add(value.Id, value);
            tree._children.Add(value.Id, []);
            tree._children[value.ParentId].Add(value.Id);
        }

        tree.TreeVersion = state.TreeVersion;
        tree.NextId = Math.Max(state.NextId, tree._objects.Keys.Max() + 1);
        return tree;
    }

    /// <summary>The persistent part of the tree, as the store keeps it.</summary>
    public PsomStoredState ToStoredState() => new()
    {
        TreeVersion = TreeVersion,
        NextId = NextId,
        Objects = [.. All().Where(o => o.Persistent)],
    };
}
