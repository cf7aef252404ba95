using System.Net;

namespace UcStack.Ice;

/// <summary>What <see cref="IceDatagramPath.ReceiveAsync"/> delivered.</summary>
/// <param name="Length">Bytes written to the caller's buffer.</param>
/// <param name="Kind">RTP/RTCP, DTLS or ZRTP (RFC 7983).</param>
/// <param name="RemoteEndPoint">The sender.</param>
/// <param name="Truncated">The datagram was longer than the buffer; only <paramref name="Length"/> bytes were kept.</param>
public readonly record struct IceReceivedDatagram(int Length, IceDatagramKind Kind, IPEndPoint RemoteEndPoint, bool Truncated);
