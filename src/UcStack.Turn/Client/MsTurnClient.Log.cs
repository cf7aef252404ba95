using Microsoft.Extensions.Logging;
using UcStack.Stun;

namespace UcStack.Turn.Client;

public sealed partial class MsTurnClient
{
    // EventIds 2120-2139 belong to MsTurnClient; highest used: 2129.
    private static partial class Log
    {
        [LoggerMessage(EventId = 2120, Level = LogLevel.Information, Message = "MS-TURN allocation {Relayed} (mapped {Mapped}) for {Lifetime}")]
        public static partial void Allocated(ILogger logger, StunEndPoint relayed, StunEndPoint mapped, TimeSpan lifetime);

        [LoggerMessage(EventId = 2121, Level = LogLevel.Debug, Message = "MS-TURN allocation refreshed for {Lifetime}")]
        public static partial void Refreshed(ILogger logger, TimeSpan lifetime);

        [LoggerMessage(EventId = 2122, Level = LogLevel.Warning, Message = "MS-TURN background re-Allocate failed")]
        public static partial void RefreshFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 2123, Level = LogLevel.Debug, Message = "Dropped a message from the MS-TURN server: {Reason} (type 0x{MessageType:X4})")]
        public static partial void DroppedType(ILogger logger, string reason, ushort messageType);

        [LoggerMessage(EventId = 2124, Level = LogLevel.Debug, Message = "Dropped data from the MS-TURN server: {Reason}")]
        public static partial void Dropped(ILogger logger, string reason);

        [LoggerMessage(EventId = 2125, Level = LogLevel.Debug, Message = "MS-TURN request 0x{MessageType:X4} answered {Code}; retrying with the new nonce")]
        public static partial void Retrying(ILogger logger, ushort messageType, int code);

        [LoggerMessage(EventId = 2126, Level = LogLevel.Warning, Message = "The connection to the MS-TURN server closed")]
        public static partial void ConnectionClosed(ILogger logger, Exception? exception);

        [LoggerMessage(EventId = 2127, Level = LogLevel.Debug, Message = "MS-TURN deallocation failed")]
        public static partial void DeallocateFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 2128, Level = LogLevel.Information, Message = "MS-TURN active destination is now {Destination} (none when empty)")]
        public static partial void ActiveDestination(ILogger logger, StunEndPoint? destination);

        [LoggerMessage(EventId = 2129, Level = LogLevel.Debug, Message = "Dropped {Length} unframed bytes from the MS-TURN server: no active destination")]
        public static partial void DroppedUnframed(ILogger logger, int length);
    }
}
