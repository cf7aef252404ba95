using System.Net;

namespace UcStack.Stun;

/// <summary>What <see cref="IStunTransport.ReceiveAsync"/> delivered.</summary>
/// <param name="Length">How many bytes of the caller's buffer hold the packet.</param>
/// <param name="RemoteEndPoint">Where the packet came from (the peer, for a connection).</param>
/// <param name="IsEndOfStream">The peer closed the connection; no packet was delivered.</param>
public readonly record struct StunReceivedPacket(int Length, IPEndPoint RemoteEndPoint, bool IsEndOfStream = false);
