using Microsoft.Extensions.Logging;

namespace UcStack.Sip.Proxy;

// Log EventIds 1320–1359 (highest used: 1326).
public sealed partial class SipProxy
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1320, Level = LogLevel.Debug, Message = "{Method} {RequestUri} forked to {Count} branch(es)")]
        public static partial void Forwarding(ILogger logger, string method, string requestUri, int count);

        [LoggerMessage(EventId = 1321, Level = LogLevel.Debug, Message = "{Method} {RequestUri} answered {Status} by the proxy")]
        public static partial void Answered(ILogger logger, string method, string requestUri, int status);

        [LoggerMessage(EventId = 1322, Level = LogLevel.Debug, Message = "Branch {Branch} to {Target} could not start: {Reason}")]
        public static partial void BranchFailed(ILogger logger, string branch, System.Net.IPEndPoint target, string reason);

        [LoggerMessage(EventId = 1323, Level = LogLevel.Debug, Message = "ACK for call {CallId} forwarded to {Target}")]
        public static partial void AckForwarded(ILogger logger, string callId, System.Net.IPEndPoint target);

        [LoggerMessage(EventId = 1324, Level = LogLevel.Debug, Message = "ACK for call {CallId} has no route and was dropped")]
        public static partial void AckDropped(ILogger logger, string callId);

        [LoggerMessage(EventId = 1325, Level = LogLevel.Debug, Message = "Could not forward a response for call {CallId}: {Reason}")]
        public static partial void ResponseNotForwarded(ILogger logger, string callId, string reason);

        [LoggerMessage(EventId = 1326, Level = LogLevel.Warning, Message = "Proxying {Method} failed")]
        public static partial void HandlerFailed(ILogger logger, string method, Exception exception);
    }
}

// Entry points for the loop-side transaction type, so it logs through the proxy's logger.
public sealed partial class SipProxy
{
    internal static void LogBranchFailed(SipProxy proxy, RouteTarget target, string reason) =>
        Log.BranchFailed(proxy._logger, target.RequestUri, target.NextHop.EndPoint, reason);

    internal static void LogForwarding(SipProxy proxy, SipRequest request, int count) =>
        Log.Forwarding(proxy._logger, request.Method, request.RequestUriText, count);

    internal static void LogResponseNotForwarded(SipProxy proxy, string callId, string reason) =>
        Log.ResponseNotForwarded(proxy._logger, callId, reason);
}
