using System.ComponentModel;
using System.Net.Sockets;
using System.Security.Authentication;

namespace UcStack.Tls;

/// <summary>What our certificate callback decided during one handshake, and how a failure is classified.</summary>
internal sealed class TlsHandshakeRejection
{
    internal TlsHandshakeFailureReason? Reason { get; private set; }

    internal string Detail { get; private set; } = string.Empty;

    /// <summary>The allow-list match for the client certificate, set when the server authorized the peer.</summary>
    internal string? AuthorizedPeerName { get; set; }

    internal void Reject(TlsHandshakeFailureReason reason, string detail)
    {
        Reason = reason;
        Detail = detail;
    }

    /// <summary>Whether an exception from the TLS handshake is one we classify (rather than a programming error).</summary>
    internal static bool IsHandshakeFailure(Exception ex) =>
        ex is AuthenticationException or IOException or OperationCanceledException or ObjectDisposedException
            or SocketException or Win32Exception;

    /// <summary>Turns a handshake exception into a typed failure.</summary>
    internal TlsHandshakeException Classify(Exception ex, bool timedOut, string side)
    {
        if (Reason is { } reason)
        {
            return new TlsHandshakeException(reason, $"TLS {side} handshake refused: {Detail}.", ex);
        }

        if (timedOut)
        {
            return new TlsHandshakeException(TlsHandshakeFailureReason.Timeout, $"TLS {side} handshake did not complete in time.", ex);
        }

        if (ex is IOException or ObjectDisposedException or SocketException
            || ex.InnerException is IOException or SocketException)
        {
            return new TlsHandshakeException(
                TlsHandshakeFailureReason.RemoteClosed,
                $"TLS {side} handshake failed: the peer closed the connection ({ex.Message}).",
                ex);
        }

        return new TlsHandshakeException(TlsHandshakeFailureReason.Protocol, $"TLS {side} handshake failed: {ex.Message}", ex);
    }
}
