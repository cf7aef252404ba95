using Microsoft.Extensions.Logging;

namespace UcStack.Turn.Server;

internal sealed partial class TurnServerEngine
{
    /// <summary>
    /// Log events of the TURN server: EventIds 2000-2099 (highest used: 2015). Never logs keys, passwords or nonces.
    /// </summary>
    internal static partial class Log
    {
        [LoggerMessage(2000, LogLevel.Information, "Allocation for {User} from {Client}: relayed {Relayed}")]
        public static partial void AllocationCreated(ILogger logger, string user, string client, string relayed);

        [LoggerMessage(2001, LogLevel.Information, "Allocation {Relayed} deleted: {Reason}")]
        public static partial void AllocationDeleted(ILogger logger, string relayed, string reason);

        [LoggerMessage(2002, LogLevel.Debug, "{Method} from {Client} refused with {Code}")]
        public static partial void ErrorResponse(ILogger logger, string method, int code, string client);

        [LoggerMessage(2003, LogLevel.Debug, "Malformed STUN from {Client}: {Code} at offset {Offset}")]
        public static partial void Malformed(ILogger logger, string client, string code, int offset);

        [LoggerMessage(2004, LogLevel.Information, "Request from {Client} names an unknown user")]
        public static partial void UnknownUser(ILogger logger, string client);

        [LoggerMessage(2005, LogLevel.Information, "MESSAGE-INTEGRITY check failed for a request from {Client}")]
        public static partial void BadIntegrity(ILogger logger, string client);

        [LoggerMessage(2006, LogLevel.Warning, "Allocation quota reached for {User}")]
        public static partial void QuotaReached(ILogger logger, string user);

        [LoggerMessage(2007, LogLevel.Warning, "No relay port available")]
        public static partial void NoRelayPort(ILogger logger);

        [LoggerMessage(2008, LogLevel.Information, "Peer {Peer} denied for {User}")]
        public static partial void PeerDenied(ILogger logger, string peer, string user);

        [LoggerMessage(2009, LogLevel.Error, "Processing a message from {Client} failed")]
        public static partial void MessageFailed(ILogger logger, string client, Exception exception);

        [LoggerMessage(2010, LogLevel.Information, "TURN server listening on {EndPoint} (UDP and TCP)")]
        public static partial void Listening(ILogger logger, string endPoint);

        [LoggerMessage(2011, LogLevel.Warning, "Transport error on {Where}")]
        public static partial void TransportError(ILogger logger, string where, Exception exception);

        [LoggerMessage(2012, LogLevel.Information, "TCP connection to peer {Peer} failed: {Reason}")]
        public static partial void PeerConnectFailed(ILogger logger, string peer, string reason);

        [LoggerMessage(2013, LogLevel.Debug, "Connection {ConnectionId} to {Peer} bound to a client data connection")]
        public static partial void ConnectionBound(ILogger logger, uint connectionId, string peer);

        [LoggerMessage(2014, LogLevel.Information, "Connection {ConnectionId} to {Peer} closed: no ConnectionBind within 30 s")]
        public static partial void BindTimedOut(ILogger logger, uint connectionId, string peer);

        [LoggerMessage(2015, LogLevel.Information, "UDP socket buffers: requested {Requested} bytes, obtained receive {Receive} and send {Send}")]
        public static partial void UdpBuffers(ILogger logger, int requested, int receive, int send);
    }
}
