namespace UcStack.Psom;

/// <summary>Well-known object ids.</summary>
public static class PsomObjectIds
{
    /// <summary>No object (the root's parent).</summary>
    public const long None = 0;

    /// <summary>The conference root, which always exists and cannot be deleted.</summary>
    public const long Root = 1;
}
