using System.Net;
using Microsoft.Extensions.Logging;

namespace UcStack.Ice;

public sealed partial class IceAgent
{
    /// <summary>EventIds 4000-4099 belong to UcStack.Ice (highest used: 4021).</summary>
    private static partial class Log
    {
        [LoggerMessage(EventId = 4000, Level = LogLevel.Debug, Message = "Agent state {State}")]
        public static partial void StateChanged(ILogger logger, IceAgentState state);

        [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Gathered {Candidate}")]
        public static partial void CandidateGathered(ILogger logger, IceCandidate candidate);

        [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Gathering completed with {Count} local candidates")]
        public static partial void GatheringCompleted(ILogger logger, int count);

        [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Binding a socket to {Address} failed")]
        public static partial void BindFailed(ILogger logger, IPAddress address, Exception exception);

        [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Allocation on TURN server {Server} failed")]
        public static partial void RelayFailed(ILogger logger, IceTurnServer server, Exception exception);

        [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Server-reflexive discovery via {Server} failed: {Reason}")]
        public static partial void GatherFailed(ILogger logger, IPEndPoint server, string reason);

        [LoggerMessage(EventId = 4006, Level = LogLevel.Trace, Message = "Check sent on {Pair} (USE-CANDIDATE: {UseCandidate})")]
        public static partial void CheckSent(ILogger logger, IceCheckPair pair, bool useCandidate);

        [LoggerMessage(EventId = 4007, Level = LogLevel.Debug, Message = "Pair {Pair} failed: {Reason}")]
        public static partial void PairFailed(ILogger logger, IceCheckPair pair, string reason);

        [LoggerMessage(EventId = 4008, Level = LogLevel.Debug, Message = "Valid pair {Pair}")]
        public static partial void PairValid(ILogger logger, IceCheckPair pair);

        [LoggerMessage(EventId = 4009, Level = LogLevel.Debug, Message = "Nominating {Pair}")]
        public static partial void Nominating(ILogger logger, IceCheckPair pair);

        [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Component {Component} selected {Pair}")]
        public static partial void PairSelected(ILogger logger, int component, IceCheckPair pair);

        [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "Consent expired on component {Component}, pair {Pair}")]
        public static partial void ConsentExpired(ILogger logger, int component, IceCheckPair pair);

        [LoggerMessage(EventId = 4012, Level = LogLevel.Warning, Message = "Component {Component} failed: no valid pair and nothing left to check")]
        public static partial void ComponentFailed(ILogger logger, int component);

        [LoggerMessage(EventId = 4013, Level = LogLevel.Information, Message = "Role switched to {Role} ({Reason})")]
        public static partial void RoleSwitched(ILogger logger, IceRole role, string reason);

        [LoggerMessage(EventId = 4014, Level = LogLevel.Debug, Message = "Peer-reflexive local candidate {Candidate}")]
        public static partial void PeerReflexiveLocal(ILogger logger, IceCandidate candidate);

        [LoggerMessage(EventId = 4015, Level = LogLevel.Debug, Message = "Peer-reflexive remote candidate {Candidate}")]
        public static partial void PeerReflexiveRemote(ILogger logger, IceCandidate candidate);

        [LoggerMessage(EventId = 4016, Level = LogLevel.Debug, Message = "Sent error {Code} to {Remote}")]
        public static partial void ErrorSent(ILogger logger, int code, IPEndPoint remote);

        [LoggerMessage(EventId = 4017, Level = LogLevel.Debug, Message = "Dropped a response from {Remote} that failed MESSAGE-INTEGRITY")]
        public static partial void UnauthenticatedResponse(ILogger logger, IPEndPoint remote);

        [LoggerMessage(EventId = 4018, Level = LogLevel.Debug, Message = "Dropped {Length} bytes from {Remote}: not a valid STUN message")]
        public static partial void DroppedStun(ILogger logger, IPEndPoint remote, int length);

        [LoggerMessage(EventId = 4019, Level = LogLevel.Information, Message = "ICE restart: new local credentials")]
        public static partial void Restarted(ILogger logger);

        [LoggerMessage(EventId = 4021, Level = LogLevel.Debug, Message = "Pair {Pair} failed: error response {Code}")]
        public static partial void PairFailedWithError(ILogger logger, IceCheckPair pair, int code);

        [LoggerMessage(EventId = 4020, Level = LogLevel.Warning, Message = "A send or event handler failed")]
        public static partial void EffectFailed(ILogger logger, Exception exception);
    }
}
