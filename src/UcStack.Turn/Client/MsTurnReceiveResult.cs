using UcStack.Stun;

namespace UcStack.Turn.Client;

/// <summary>One packet a peer sent through an MS-TURN relay.</summary>
/// <param name="Peer">The peer's transport address (REMOTE-ADDRESS, or the active destination).</param>
/// <param name="BytesReceived">Bytes copied into the caller's buffer.</param>
/// <param name="FromActiveDestination">True when it arrived unframed from the active destination, false for a Data indication.</param>
/// <param name="Truncated">True when the packet was longer than the caller's buffer; the rest was lost.</param>
public readonly record struct MsTurnReceiveResult(StunEndPoint Peer, int BytesReceived, bool FromActiveDestination, bool Truncated);
