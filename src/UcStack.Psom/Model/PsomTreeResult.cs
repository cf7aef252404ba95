namespace UcStack.Psom;

/// <summary>The outcome of one tree operation: a commit, or an error with its detail (and current state for conflicts).</summary>
internal readonly record struct PsomTreeResult(PsomCommit Commit, PsomErrorCode Error, string Detail, PsomObject? Current)
{
    public bool IsOk => Error == PsomErrorCode.None;

    public static PsomTreeResult Ok(PsomCommit commit) => new(commit, PsomErrorCode.None, string.Empty, null);

    public static PsomTreeResult Fail(PsomErrorCode error, string detail) => new(default, error, detail, null);

    public static PsomTreeResult Conflict(PsomObject current) => new(default, PsomErrorCode.Conflict, "stale base version", current);
}
