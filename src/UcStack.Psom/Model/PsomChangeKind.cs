namespace UcStack.Psom;

/// <summary>What a committed change did.</summary>
public enum PsomChangeKind
{
    /// <summary>An object was created.</summary>
    Created = 1,

    /// <summary>An object's properties changed.</summary>
    Updated = 2,

    /// <summary>An object and its whole subtree were deleted.</summary>
    Deleted = 3,
}
