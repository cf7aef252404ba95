using UcStack.Stun;

namespace UcStack.Turn.Client;

/// <summary>One packet a peer sent through the relay.</summary>
/// <param name="Peer">The peer's transport address as the relay saw it.</param>
/// <param name="BytesReceived">Bytes copied into the caller's buffer.</param>
/// <param name="ViaChannel">True when it arrived as ChannelData, false for a Data indication.</param>
/// <param name="Truncated">True when the packet was longer than the caller's buffer; the rest was lost.</param>
public readonly record struct TurnReceiveResult(StunEndPoint Peer, int BytesReceived, bool ViaChannel, bool Truncated);
