using Microsoft.Extensions.Logging;

namespace UcStack.C3P;

/// <summary>Log events of the C3P SIP binding: EventIds 6000-6099 belong to UcStack.C3P (highest used: 6007).</summary>
internal static partial class C3PSipLog
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Debug, Message = "C3P {Method} refused with {Status}: {Why}")]
    public static partial void Refused(ILogger logger, string method, int status, string why);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Sending the C3P response INFO for request {RequestId} failed")]
    public static partial void ResponseInfoFailed(ILogger logger, ulong requestId, Exception exception);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Chat MESSAGE to {Recipient} failed")]
    public static partial void ChatDeliveryFailed(ILogger logger, string recipient, Exception exception);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Debug, Message = "Chat MESSAGE to {Recipient} refused with {Status}")]
    public static partial void ChatDeliveryRefused(ILogger logger, string recipient, int status);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Debug, Message = "Conference NOTIFY failed: {Why}")]
    public static partial void NotifyFailed(ILogger logger, string why);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "Roster of {Focus} refreshed after {Reason}")]
    public static partial void RosterRefresh(ILogger logger, string focus, ConferenceRefreshReason reason);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Warning, Message = "Roster refresh of {Focus} failed")]
    public static partial void RosterRefreshFailed(ILogger logger, string focus, Exception exception);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Debug, Message = "Conference subscription terminated ({Reason})")]
    public static partial void SubscriptionEnded(ILogger logger, string? reason);
}
