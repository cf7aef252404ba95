using UcStack.Stun;

namespace UcStack.Turn.Server;

/// <summary>
/// The client's 5-tuple (RFC 8656 §2.2): transport, client address and port, server address and port.
/// Allocations are keyed by it.
/// </summary>
internal readonly record struct FiveTuple(TurnTransportKind Transport, StunEndPoint Client, StunEndPoint Server);
