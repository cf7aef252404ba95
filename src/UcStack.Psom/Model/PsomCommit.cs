using System.Collections.Immutable;

namespace UcStack.Psom;

/// <summary>A committed change plus the ids from the changed object up to the root, for routing to subscriptions.</summary>
/// <param name="Change">The change.</param>
/// <param name="Path">The changed object's id, then its parent's, up to the root (taken before a delete).</param>
internal readonly record struct PsomCommit(PsomChange Change, ImmutableArray<long> Path)
{
    /// <summary>Whether a subscription to <paramref name="root"/> with <paramref name="depth"/> (-1 unlimited) sees this change.</summary>
    public bool IsVisibleTo(long root, int depth)
    {
        var index = Path.IndexOf(root);
        return index >= 0 && (depth < 0 || index <= depth);
    }
}
