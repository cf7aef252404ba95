using System.Net.Security;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;

namespace UcStack.Tls;

public sealed partial class TlsConnector
{
    // EventIds 3000-3009 (client). Highest used: 3005.
    private static partial class Log
    {
        [LoggerMessage(EventId = 3000, Level = LogLevel.Debug, Message = "TLS client handshake with {TargetHost} starting")]
        public static partial void ClientHandshakeStarting(ILogger logger, string targetHost);

        [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "TLS client handshake with {TargetHost} completed: {Protocol}, {CipherSuite}")]
        public static partial void ClientHandshakeCompleted(ILogger logger, string targetHost, SslProtocols protocol, TlsCipherSuite cipherSuite);

        [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "TLS client handshake with {TargetHost} failed ({Reason}): {Detail}")]
        public static partial void ClientHandshakeFailed(ILogger logger, string targetHost, TlsHandshakeFailureReason reason, string detail);

        [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "TLS server certificate validation is DISABLED for {TargetHost} (DangerousAcceptAnyServerCertificate): the server is not authenticated")]
        public static partial void ServerCertificateValidationDisabled(ILogger logger, string targetHost);

        [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "TLS server certificate for {TargetHost} accepted despite {Errors} (DangerousAcceptAnyServerCertificate)")]
        public static partial void ServerCertificateErrorsIgnored(ILogger logger, string targetHost, SslPolicyErrors errors);
    }
}
