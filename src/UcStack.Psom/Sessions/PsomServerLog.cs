using Microsoft.Extensions.Logging;

namespace UcStack.Psom;

/// <summary>Psom log events 7000-7099 (highest used: 7008). Tokens and property values are never logged.</summary>
internal static partial class PsomServerLog
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Information, Message = "Psom session {SessionId} opened: user {User} as {Role} in conference {ConferenceId}, protocol {Version}")]
    public static partial void SessionOpened(ILogger logger, long sessionId, string user, PsomRole role, string conferenceId, int version);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Psom session {SessionId} closed: {Code} {Detail} (by peer: {ByPeer})")]
    public static partial void SessionClosed(ILogger logger, long sessionId, PsomErrorCode code, string detail, bool byPeer);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Psom admission refused for user {User} in conference {ConferenceId}: {Reason}")]
    public static partial void AdmissionDenied(ILogger logger, string user, string conferenceId, PsomAdmissionError reason);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Psom session {SessionId}: protocol error {Detail}")]
    public static partial void ProtocolError(ILogger logger, long sessionId, string detail);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "Psom session {SessionId} dropped as a slow consumer (send queue full)")]
    public static partial void SlowConsumer(ILogger logger, long sessionId);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Error, Message = "Psom store failed for conference {ConferenceId}; the change was refused")]
    public static partial void StoreFailed(ILogger logger, string conferenceId, Exception exception);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Information, Message = "Psom conference {ConferenceId} loaded: {Count} stored objects, tree version {TreeVersion}")]
    public static partial void ConferenceLoaded(ILogger logger, string conferenceId, int count, long treeVersion);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Warning, Message = "Psom conference {ConferenceId}: stored object {ObjectId} has no parent and was kept out of the tree")]
    public static partial void OrphanSkipped(ILogger logger, string conferenceId, long objectId);

    [LoggerMessage(EventId = 7008, Level = LogLevel.Debug, Message = "Psom connection failed before its session started")]
    public static partial void HandshakeFailed(ILogger logger, Exception exception);
}
