namespace UcStack.Psom;

/// <summary>The outcome of trying to read one frame from buffered bytes.</summary>
public enum PsomDecodeStatus
{
    /// <summary>A whole frame was decoded.</summary>
    Complete = 0,

    /// <summary>More bytes are needed; nothing was consumed. Not an error.</summary>
    Incomplete = 1,

    /// <summary>The bytes are malformed; the error says what and where. The connection must close.</summary>
    Invalid = 2,
}
