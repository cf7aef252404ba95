using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using UcStack.Stun;
using UcStack.Turn.Protocol;

namespace UcStack.Turn.Client;

public sealed partial class TurnClient
{
    /// <summary>
    /// RFC 6062 §4.3: asks the relay to open a TCP connection to <paramref name="peer"/> (Connect), then opens
    /// a data connection to the server and binds it (ConnectionBind, §4.4). A permission for the peer's
    /// address is needed first.
    /// </summary>
    /// <param name="peer">The peer to connect to.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The relayed connection; its stream carries the peer's bytes.</returns>
    /// <exception cref="TurnException">The server refused (403, 446 connection exists, 447 connect failed).</exception>
    /// <exception cref="TimeoutException">No response.</exception>
    /// <exception cref="InvalidOperationException">No allocation, or the allocation relays UDP.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public async Task<TurnPeerConnection> ConnectPeerAsync(IPEndPoint peer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ThrowIfTcpRelayUnavailable();
        var target = StunEndPoint.FromIPEndPoint(peer);
        var response = await RequestAsync(StunMethod.Connect, target, static (ref StunMessageWriter writer, StunEndPoint p) => writer.AddXorPeerAddress(p), cancellationToken)
            .ConfigureAwait(false);
        // RFC 6062 §4.3: the success response carries the CONNECTION-ID for ConnectionBind.
        if (!ParseResponse(response).TryGetConnectionId(out var connectionId))
        {
            throw new TurnException("The Connect success response lacks CONNECTION-ID.");
        }

        return await BindConnectionAsync(connectionId, target, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// RFC 6062 §4.5: waits for a peer to connect to the relayed address (ConnectionAttempt indication) and
    /// binds a data connection for it. Peers need a permission, as for UDP.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The relayed connection.</returns>
    /// <exception cref="TurnException">ConnectionBind was refused.</exception>
    /// <exception cref="InvalidOperationException">No TCP allocation.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public async Task<TurnPeerConnection> AcceptPeerConnectionAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfTcpRelayUnavailable();
        var attempt = await _attempts.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return await BindConnectionAsync(attempt.ConnectionId, attempt.Peer, cancellationToken).ConfigureAwait(false);
    }

    private void ThrowIfTcpRelayUnavailable()
    {
        ThrowIfDisposed();
        _ = RelayedAddress;
        if (_options.RelayTransport != TurnTransport.Tcp)
        {
            throw new InvalidOperationException("TCP relaying needs RelayTransport = Tcp (RFC 6062).");
        }
    }

    private void OnConnectionAttempt(StunMessageReader reader)
    {
        if (!reader.TryGetConnectionId(out var connectionId) || !reader.TryGetXorPeerAddress(out var peer))
        {
            Log.Dropped(_logger, "ConnectionAttempt without CONNECTION-ID or XOR-PEER-ADDRESS");
            return;
        }

        if (!_attempts.Writer.TryWrite(new ConnectionAttempt(connectionId, peer)))
        {
            // The server closes the peer connection when no ConnectionBind arrives within 30 s (RFC 6062 §5.3).
            Log.DroppedFrom(_logger, "ConnectionAttempt with the accept queue full", peer);
        }
    }

    private async Task<TurnPeerConnection> BindConnectionAsync(uint connectionId, StunEndPoint peer, CancellationToken cancellationToken)
    {
        // RFC 6062 §4.4: ConnectionBind must arrive within 30 s of the Connect response or attempt.
        using var deadline = new CancellationTokenSource(TurnConstants.ConnectionBindTimeout, _time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var socket = new Socket(_options.Server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var stream = default(NetworkStream);
        try
        {
            await socket.ConnectAsync(_options.Server, timeout.Token).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: true);
            for (var round = 0; round < MaxAuthenticationRounds; round++)
            {
                var request = BuildRequest(StunMethod.ConnectionBind, connectionId, static (ref StunMessageWriter writer, uint id) => writer.AddConnectionId(id), out _);
                await stream.WriteAsync(request, timeout.Token).ConfigureAwait(false);
                var response = await ReadOneMessageAsync(stream, timeout.Token).ConfigureAwait(false);
                if (!StunMessageReader.TryParse(response, out var reader, out var error)
                    || !reader.TransactionId.SequenceEqual(request.AsSpan(8, 12)))
                {
                    throw new TurnException($"Unexpected answer to ConnectionBind ({error}).");
                }

                if (reader.Class == StunMessageClass.SuccessResponse)
                {
                    // From here on the connection carries only the peer's bytes (RFC 6062 §4.4).
                    var connection = new TurnPeerConnection(peer, connectionId, stream);
                    stream = null;
                    return connection;
                }

                TryReadError(response, out var code, out var reason, out var realm, out var nonce);
                if (code == (int)TurnErrorCode.StaleNonce && nonce is not null)
                {
                    SetNonce(realm, nonce);
                    continue;
                }

                throw new TurnException($"TURN ConnectionBind failed: {code} {reason}", code, reason);
            }

            throw new TurnException("TURN ConnectionBind kept getting stale nonces.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException("ConnectionBind did not complete within 30 s (RFC 6062 §4.4).");
        }
        finally
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
            else if (socket.Connected is false)
            {
                socket.Dispose();
            }
        }
    }

    /// <summary>Reads exactly one STUN message and nothing after it: what follows is the peer's data.</summary>
    private static async Task<byte[]> ReadOneMessageAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var header = new byte[20];
        await stream.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
        var bodyLength = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2));
        if ((header[0] & 0xC0) != 0 || bodyLength % 4 != 0)
        {
            throw new TurnException("The data connection did not answer with a STUN message.");
        }

        var message = new byte[20 + bodyLength];
        header.CopyTo(message, 0);
        await stream.ReadExactlyAsync(message.AsMemory(20), cancellationToken).ConfigureAwait(false);
        return message;
    }
}
