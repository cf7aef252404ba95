namespace UcStack.Psom;

/// <summary>Why a session ended and which side ended it.</summary>
/// <param name="Code">The error code (<see cref="PsomErrorCode.None"/> for a clean Bye).</param>
/// <param name="Detail">Short text.</param>
/// <param name="ByPeer">Whether the peer's Bye (or its transport closing) ended it.</param>
public readonly record struct PsomCloseReason(PsomErrorCode Code, string Detail, bool ByPeer);
