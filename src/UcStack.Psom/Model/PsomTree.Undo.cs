namespace UcStack.Psom;

internal sealed partial class PsomTree
{
    // What the last committed operation replaced, so a change the store refused can be taken back before
    // anyone saw it (the conference's serial section runs store writes before broadcast and acknowledge).
    private PsomChangeKind _undoKind;
    private PsomObject? _undoPrevious;
    private List<PsomObject>? _undoRemoved;
    private int _undoChildIndex;

    /// <summary>Reverts the most recent commit; valid only directly after it, within the same serial section.</summary>
    public void UndoLast(PsomCommit commit)
    {
        var change = commit.Change;
        switch (change.Kind)
        {
            case PsomChangeKind.Created:
                _objects.Remove(change.ObjectId);
                _children.Remove(change.ObjectId);
                _children[change.Object!.ParentId].Remove(change.ObjectId);
                NextId--;
                break;
            case PsomChangeKind.Updated:
                _objects[change.ObjectId] = _undoPrevious!;
                break;
            default:
                // Re-insert parents before children: the removed list is post-order, so walk it backwards.
                for (var i = _undoRemoved!.Count - 1; i >= 0; i--)
                {
                    var value = _undoRemoved[i];
                    _objects.Add(value.Id, value);
                    _children.Add(value.Id, []);
                    if (value.Id == change.ObjectId)
                    {
                        _children[value.ParentId].Insert(_undoChildIndex, value.Id);
                    }
                    else
                    {
                        // Walking backwards meets siblings last-first; inserting at the front restores their order.
                        _children[value.ParentId].Insert(0, value.Id);
                    }
                }

                break;
        }

        TreeVersion--;
        _undoPrevious = null;
        _undoRemoved = null;
        _ = _undoKind;
    }

    private void RememberUpdate(PsomObject previous)
    {
        _undoKind = PsomChangeKind.Updated;
        _undoPrevious = previous;
    }

    private void RememberDelete(List<PsomObject> removedPostOrder, int childIndex)
    {
        _undoKind = PsomChangeKind.Deleted;
        _undoRemoved = removedPostOrder;
        _undoChildIndex = childIndex;
    }
}
