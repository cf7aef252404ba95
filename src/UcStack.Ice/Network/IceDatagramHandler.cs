using System.Net;

namespace UcStack.Ice;

/// <summary>Receives one datagram from an <see cref="IIceSocket"/>; the span is valid only during the call.</summary>
/// <param name="datagram">The bytes.</param>
/// <param name="remoteEndPoint">Where they came from (for a relay, the peer as the relay reports it).</param>
public delegate void IceDatagramHandler(ReadOnlySpan<byte> datagram, IPEndPoint remoteEndPoint);
