namespace UcStack.Psom;

/// <summary>One decoded frame: the sender's sequence number and the message.</summary>
/// <param name="Sequence">The sender's frame sequence number (1 for its first frame, +1 per frame).</param>
/// <param name="Message">The message.</param>
public readonly record struct PsomFrame(ulong Sequence, PsomMessage Message);
