using System.Net;
using Microsoft.Extensions.Logging;

namespace UcStack.Sip.Transport;

// Logging EventIds 4000–4099 belong to the SIP transports (highest used: 4016).
public sealed partial class SipSocketTransportLayer
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "SIP transport listening on {Protocol} {EndPoint}")]
        public static partial void Listening(ILogger logger, SipTransportProtocol protocol, IPEndPoint endPoint);

        [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "SIP {Protocol} message from {Remote} failed to parse: {Error}")]
        public static partial void ParseFailed(ILogger logger, SipTransportProtocol protocol, IPEndPoint remote, SipParseError error);

        [LoggerMessage(EventId = 4002, Level = LogLevel.Debug, Message = "SIP message from {Remote} dropped: {Reason}")]
        public static partial void Dropped(ILogger logger, IPEndPoint remote, string reason);

        [LoggerMessage(EventId = 4003, Level = LogLevel.Debug, Message = "SIP {Protocol} connection {ConnectionId} {Local} <-> {Remote} opened")]
        public static partial void ConnectionOpened(ILogger logger, SipTransportProtocol protocol, long connectionId, IPEndPoint local, IPEndPoint remote);

        [LoggerMessage(EventId = 4004, Level = LogLevel.Debug, Message = "SIP connection {ConnectionId} to {Remote} closed: {Reason}")]
        public static partial void ConnectionClosed(ILogger logger, long connectionId, IPEndPoint remote, string reason);

        [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "SIP {Protocol} connection from {Remote} refused ({Reason}): {Limit} connections open")]
        public static partial void ConnectionLimit(ILogger logger, SipTransportProtocol protocol, IPEndPoint remote, string reason, int limit);

        [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "SIP TLS handshake with {Remote} failed")]
        public static partial void TlsHandshakeFailed(ILogger logger, IPEndPoint remote, Exception exception);

        [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "SIP {Protocol} receive loop on {EndPoint} failed")]
        public static partial void ReceiveLoopFailed(ILogger logger, SipTransportProtocol protocol, IPEndPoint endPoint, Exception exception);

        [LoggerMessage(EventId = 4008, Level = LogLevel.Debug, Message = "SIP 400 sent to {Remote} for an unparsable request")]
        public static partial void BadRequestAnswered(ILogger logger, IPEndPoint remote);

        [LoggerMessage(EventId = 4009, Level = LogLevel.Debug, Message = "SIP connection {ConnectionId}: framing error {Error}; closing it")]
        public static partial void FramingError(ILogger logger, long connectionId, SipParseError error);

        [LoggerMessage(EventId = 4010, Level = LogLevel.Debug, Message = "SIP UDP send to {Remote} failed")]
        public static partial void UdpSendFailed(ILogger logger, IPEndPoint remote, Exception exception);

        [LoggerMessage(EventId = 4011, Level = LogLevel.Debug, Message = "SIP keep-alive ping from connection {ConnectionId} answered")]
        public static partial void PingAnswered(ILogger logger, long connectionId);

        [LoggerMessage(EventId = 4012, Level = LogLevel.Debug, Message = "SIP connection {ConnectionId} idle for {Idle}; closing it")]
        public static partial void IdleTimeout(ILogger logger, long connectionId, TimeSpan idle);

        [LoggerMessage(EventId = 4013, Level = LogLevel.Information, Message = "SIP transport closed")]
        public static partial void Closed(ILogger logger);

        [LoggerMessage(EventId = 4014, Level = LogLevel.Information, Message = "SIP connection {ConnectionId} to {Remote} closed by the transport: {Reason}")]
        public static partial void ConnectionAborted(ILogger logger, long connectionId, IPEndPoint remote, string reason);

        [LoggerMessage(EventId = 4015, Level = LogLevel.Information, Message = "SIP connection {ConnectionId} to {Remote}: a message still incomplete after {Elapsed} ({Bytes} bytes held); closing it")]
        public static partial void MessageTimeout(ILogger logger, long connectionId, IPEndPoint remote, TimeSpan elapsed, long bytes);

        [LoggerMessage(EventId = 4016, Level = LogLevel.Debug, Message = "SIP connection {ConnectionId}: rejected request answered {StatusCode} before closing")]
        public static partial void StreamRequestRejected(ILogger logger, long connectionId, int statusCode);
    }
}
