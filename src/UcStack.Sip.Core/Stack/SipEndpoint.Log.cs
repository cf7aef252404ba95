using Microsoft.Extensions.Logging;

namespace UcStack.Sip.Stack;

public sealed partial class SipEndpoint
{
    // EventIds 1100-1199 belong to the SIP endpoint, dialogs and UA; highest used: 1117.
    private static partial class Log
    {
        [LoggerMessage(1100, LogLevel.Error, "A work item on the SIP loop failed")]
        public static partial void LoopItemFailed(ILogger logger, Exception exception);

        [LoggerMessage(1101, LogLevel.Debug, "Client {Method} transaction {Branch} to {Target} started")]
        public static partial void ClientTransactionStarted(ILogger logger, string method, string branch, string target);

        [LoggerMessage(1102, LogLevel.Warning, "Transaction table full ({Capacity}); {Method} answered 503")]
        public static partial void TransactionTableFull(ILogger logger, string method, int capacity);

        [LoggerMessage(1103, LogLevel.Information, "Sending {What} failed: {Reason}")]
        public static partial void SendFailed(ILogger logger, string what, string reason);

        [LoggerMessage(1104, LogLevel.Information, "{Method} transaction timed out (timer {Timer})")]
        public static partial void TransactionTimedOut(ILogger logger, string method, string timer);

        [LoggerMessage(1105, LogLevel.Debug, "Received message dropped: {Reason}")]
        public static partial void MalformedReceived(ILogger logger, string reason);

        [LoggerMessage(1106, LogLevel.Debug, "Stray {Status} response to {Method} dropped")]
        public static partial void StrayResponse(ILogger logger, int status, string method);

        [LoggerMessage(1107, LogLevel.Warning, "Request handler for {Method} failed")]
        public static partial void HandlerFailed(ILogger logger, string method, Exception exception);

        [LoggerMessage(1108, LogLevel.Debug, "{Method} for no known dialog answered 481")]
        public static partial void NoDialog(ILogger logger, string method);

        [LoggerMessage(1109, LogLevel.Debug, "Dialog {CallId} {State}")]
        public static partial void DialogState(ILogger logger, string callId, string state);

        [LoggerMessage(1110, LogLevel.Information, "No ACK for the 2xx of dialog {CallId} within 64*T1: ending it with BYE")]
        public static partial void AckTimeout(ILogger logger, string callId);

        [LoggerMessage(1111, LogLevel.Debug, "ACK dropped: no dialog {CallId}")]
        public static partial void AckWithoutDialog(ILogger logger, string callId);

        [LoggerMessage(1112, LogLevel.Debug, "In-dialog {Method} with CSeq {CSeq} not above {Last}: 500")]
        public static partial void CSeqOutOfOrder(ILogger logger, string method, uint cseq, uint last);

        [LoggerMessage(1113, LogLevel.Warning, "Dialog table full ({Capacity})")]
        public static partial void DialogTableFull(ILogger logger, int capacity);

        [LoggerMessage(1114, LogLevel.Warning, "A dialog event handler failed")]
        public static partial void DialogHandlerFailed(ILogger logger, Exception exception);

        [LoggerMessage(1115, LogLevel.Debug, "Answering the {Status} challenge to {Method} with credentials")]
        public static partial void ChallengeAnswered(ILogger logger, int status, string method);

        [LoggerMessage(1116, LogLevel.Information, "The challenge to {Method} is not answered: {Reason}")]
        public static partial void ChallengeNotAnswered(ILogger logger, string method, string reason);

        [LoggerMessage(1117, LogLevel.Information, "Subscription {CallId} got no NOTIFY within 64*T1 of its 2xx: terminated")]
        public static partial void NoNotify(ILogger logger, string callId);
    }
}
