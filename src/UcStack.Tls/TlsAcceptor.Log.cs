using System.Net.Security;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;

namespace UcStack.Tls;

public sealed partial class TlsAcceptor
{
    // EventIds 3010-3019 (server). Highest used: 3013.
    private static partial class Log
    {
        [LoggerMessage(EventId = 3010, Level = LogLevel.Debug, Message = "TLS server handshake completed: {Protocol}, {CipherSuite}, client certificate {ClientSubject}")]
        public static partial void ServerHandshakeCompleted(ILogger logger, SslProtocols protocol, TlsCipherSuite cipherSuite, string clientSubject);

        [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "TLS server handshake failed ({Reason}): {Detail}")]
        public static partial void ServerHandshakeFailed(ILogger logger, TlsHandshakeFailureReason reason, string detail);

        [LoggerMessage(EventId = 3012, Level = LogLevel.Warning, Message = "TLS peer {ClientSubject} refused: none of its names [{Names}] is on the allow list")]
        public static partial void PeerNotAuthorized(ILogger logger, string clientSubject, string names);

        [LoggerMessage(EventId = 3013, Level = LogLevel.Debug, Message = "TLS peer authorized as {PeerName}")]
        public static partial void PeerAuthorized(ILogger logger, string peerName);
    }
}
