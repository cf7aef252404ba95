using Microsoft.Extensions.Logging;
using UcStack.Stun;
using UcStack.Turn.Protocol;

namespace UcStack.Turn.Client;

public sealed partial class TurnClient
{
    // EventIds 2100-2119 belong to TurnClient; highest used: 2112.
    private static partial class Log
    {
        [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "TURN allocation {Relayed} (mapped {Mapped}) for {Lifetime}")]
        public static partial void Allocated(ILogger logger, StunEndPoint relayed, StunEndPoint mapped, TimeSpan lifetime);

        [LoggerMessage(EventId = 2101, Level = LogLevel.Debug, Message = "TURN allocation refreshed for {Lifetime}")]
        public static partial void Refreshed(ILogger logger, TimeSpan lifetime);

        [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "TURN background refresh of the {What} failed")]
        public static partial void RefreshFailed(ILogger logger, string what, Exception exception);

        [LoggerMessage(EventId = 2103, Level = LogLevel.Debug, Message = "Dropped a message from the TURN server: {Reason}")]
        public static partial void Dropped(ILogger logger, string reason);

        [LoggerMessage(EventId = 2109, Level = LogLevel.Debug, Message = "Dropped a message from the TURN server: {Reason} (type 0x{MessageType:X4})")]
        public static partial void DroppedType(ILogger logger, string reason, ushort messageType);

        [LoggerMessage(EventId = 2110, Level = LogLevel.Debug, Message = "Dropped a message from the TURN server: {Reason} (peer {Peer})")]
        public static partial void DroppedFrom(ILogger logger, string reason, StunEndPoint peer);

        [LoggerMessage(EventId = 2111, Level = LogLevel.Debug, Message = "Dropped a malformed STUN message from the TURN server: {Code} at offset {Offset}")]
        public static partial void DroppedMalformed(ILogger logger, StunParseErrorCode code, int offset);

        [LoggerMessage(EventId = 2112, Level = LogLevel.Debug, Message = "Dropped ChannelData from the TURN server: {Code}, channel 0x{Channel:X4}")]
        public static partial void DroppedChannelData(ILogger logger, TurnParseErrorCode code, ushort channel);

        [LoggerMessage(EventId = 2104, Level = LogLevel.Debug, Message = "TURN request {Method} answered {Code}; retrying with the new nonce")]
        public static partial void Retrying(ILogger logger, StunMethod method, int code);

        [LoggerMessage(EventId = 2105, Level = LogLevel.Warning, Message = "The connection to the TURN server closed")]
        public static partial void ConnectionClosed(ILogger logger, Exception? exception);

        [LoggerMessage(EventId = 2106, Level = LogLevel.Debug, Message = "TURN deallocation failed")]
        public static partial void DeallocateFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 2107, Level = LogLevel.Debug, Message = "Stopped refreshing the unused {What} for {Peer}")]
        public static partial void Expired(ILogger logger, string what, StunEndPoint peer);

        [LoggerMessage(EventId = 2108, Level = LogLevel.Warning, Message = "The TURN receive queue is full; dropped a packet from {Peer}")]
        public static partial void QueueFull(ILogger logger, StunEndPoint peer);
    }
}
