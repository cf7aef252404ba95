using System.Net;
using Microsoft.Extensions.Logging;

namespace UcStack.Stun;

/// <summary>
/// Client transaction events. UcStack.Stun uses EventIds 1000-1099: 1000-1019 transactions, 1020-1039 the
/// Binding server and client. Highest used: 1025.
/// </summary>
internal static partial class StunTransactionLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Debug, Message = "STUN transaction {TransactionId} started: {Method} to {RemoteEndPoint} (reliable: {Reliable})")]
    public static partial void TransactionStarted(ILogger logger, StunTransactionKey transactionId, StunMethod method, IPEndPoint remoteEndPoint, bool reliable);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "STUN transaction {TransactionId}: request {Count} sent again to {RemoteEndPoint}")]
    public static partial void Retransmission(ILogger logger, StunTransactionKey transactionId, int count, IPEndPoint remoteEndPoint);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "STUN transaction {TransactionId} completed with {Type} after {Count} request(s)")]
    public static partial void TransactionCompleted(ILogger logger, StunTransactionKey transactionId, StunMessageType type, int count);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "STUN transaction {TransactionId} failed ({Reason}) after {Count} request(s)")]
    public static partial void TransactionFailed(ILogger logger, StunTransactionKey transactionId, string reason, int count, Exception exception);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Debug, Message = "STUN response for {TransactionId} discarded: {Reason}")]
    public static partial void ResponseDiscarded(ILogger logger, StunTransactionKey transactionId, string reason);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Debug, Message = "STUN response {TransactionId} from {RemoteEndPoint} matches no pending transaction")]
    public static partial void UnmatchedResponse(ILogger logger, StunTransactionKey transactionId, IPEndPoint remoteEndPoint);
}
