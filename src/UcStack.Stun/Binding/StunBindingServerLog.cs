using System.Net;
using Microsoft.Extensions.Logging;

namespace UcStack.Stun;

/// <summary>Binding server events (EventIds 1020-1039; see <see cref="StunTransactionLog"/> for the range).</summary>
internal static partial class StunBindingServerLog
{
    [LoggerMessage(EventId = 1020, Level = LogLevel.Information, Message = "STUN Binding server listening on UDP {UdpEndPoint}, TCP {TcpEndPoint}")]
    public static partial void Started(ILogger logger, IPEndPoint? udpEndPoint, IPEndPoint? tcpEndPoint);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Debug, Message = "STUN message from {RemoteEndPoint}: {Outcome}")]
    public static partial void NotSuccess(ILogger logger, IPEndPoint remoteEndPoint, StunBindingResponder.Outcome outcome);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Warning, Message = "STUN TCP connection from {RemoteEndPoint} refused: {Limit} connections open")]
    public static partial void TcpConnectionRefused(ILogger logger, IPEndPoint remoteEndPoint, int limit);

    [LoggerMessage(EventId = 1023, Level = LogLevel.Debug, Message = "STUN TCP connection from {RemoteEndPoint} closed: {Reason}")]
    public static partial void TcpConnectionClosed(ILogger logger, IPEndPoint remoteEndPoint, string reason);

    [LoggerMessage(EventId = 1024, Level = LogLevel.Warning, Message = "STUN UDP socket error; still serving")]
    public static partial void UdpError(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1025, Level = LogLevel.Warning, Message = "STUN TCP accept error; still listening")]
    public static partial void TcpError(ILogger logger, Exception exception);
}
