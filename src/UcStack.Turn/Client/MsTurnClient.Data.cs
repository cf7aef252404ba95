using System.Buffers;
using System.Net;
using UcStack.Stun;
using UcStack.Turn.Protocol;

namespace UcStack.Turn.Client;

public sealed partial class MsTurnClient
{
    // Send request overhead beyond DATA: header 20, MAGIC-COOKIE 8, DESTINATION-ADDRESS up to 24, DATA header
    // and padding 7, MS-VERSION 8, MS-SEQUENCE-NUMBER 28, MESSAGE-INTEGRITY 24, USERNAME/REALM/NONCE (sized).
    private const int SendRequestFixedOverhead = 128;

    private StunEndPoint? _activeDestination;

    /// <summary>The peer data goes to unframed, or null when none is set.</summary>
    public StunEndPoint? ActiveDestination
    {
        get
        {
            lock (_lock)
            {
                return _activeDestination;
            }
        }
    }

    /// <summary>
    /// Sends <paramref name="data"/> to <paramref name="peer"/> through the relay: unframed when the peer is the
    /// active destination (over TCP in an MS-TURN data frame), otherwise in a Send request (DESTINATION-ADDRESS
    /// and DATA), which the server never answers. Sending to a peer also lets its replies in.
    /// </summary>
    /// <param name="peer">The peer transport address.</param>
    /// <param name="data">1 to 65535 bytes.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when handed to the socket.</returns>
    /// <exception cref="InvalidOperationException">No allocation.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The data is empty or longer than 65535 bytes.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public async ValueTask SendAsync(IPEndPoint peer, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentOutOfRangeException.ThrowIfZero(data.Length, nameof(data));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(data.Length, MsTurnTcpFraming.MaxPayloadLength, nameof(data));
        ThrowIfDisposed();
        var target = StunEndPoint.FromIPEndPoint(peer);
        int credentialLength;
        lock (_lock)
        {
            if (!_allocated)
            {
                throw new InvalidOperationException("No allocation: call AllocateAsync first.");
            }

            if (_activeDestination == target)
            {
                credentialLength = -1;
            }
            else
            {
                credentialLength = System.Text.Encoding.UTF8.GetByteCount(_options.Username) + System.Text.Encoding.UTF8.GetByteCount(_realm ?? string.Empty) + (_nonce?.Length ?? 0) + 12;
            }
        }

        if (credentialLength < 0)
        {
            await _connection.SendDataAsync(data, cancellationToken).ConfigureAwait(false);
            return;
        }

        var gated = _connection.IsStream;
        if (gated)
        {
            await _sequenceGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var request = BuildRequest(MsTurnMessageTypes.SendRequest, (target, data), static (ref StunMessageWriter writer, (StunEndPoint Peer, ReadOnlyMemory<byte> Data) state) =>
            {
                writer.AddMsDestinationAddress(state.Peer);
                writer.AddData(state.Data.Span);
            }, withCredentials: true, data.Length + credentialLength + SendRequestFixedOverhead, out _);
            await _connection.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (gated)
            {
                _sequenceGate.Release();
            }
        }
    }

    /// <summary>
    /// Sets the active destination (MS-TURN Set Active Destination 0x0006 with DESTINATION-ADDRESS): from the
    /// success response on, data to and from <paramref name="peer"/> travels unframed. Null clears it (the
    /// request without DESTINATION-ADDRESS), and data goes in Send requests and Data indications again.
    /// </summary>
    /// <param name="peer">The peer, or null to clear.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the server confirmed.</returns>
    /// <exception cref="TurnException">The server refused (403 for an excluded peer, 443 for another address family).</exception>
    /// <exception cref="TimeoutException">No response.</exception>
    /// <exception cref="IOException">The connection failed.</exception>
    /// <exception cref="InvalidOperationException">No allocation.</exception>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    public async Task SetActiveDestinationAsync(IPEndPoint? peer, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        _ = RelayedAddress;
        StunEndPoint? target = peer is null ? null : StunEndPoint.FromIPEndPoint(peer);
        var response = await RequestAsync(MsTurnMessageTypes.SetActiveDestinationRequest, target, static (ref StunMessageWriter writer, StunEndPoint? destination) =>
        {
            if (destination is { } value)
            {
                writer.AddMsDestinationAddress(value);
            }
        }, freshChallenge: false, cancellationToken).ConfigureAwait(false);

        TrackConnectionId(ParseResponse(response));
        lock (_lock)
        {
            _activeDestination = target;
        }

        Log.ActiveDestination(_logger, target);
    }

    /// <summary>
    /// Waits for the next packet a peer sent through the relay (Data indication, or unframed from the active
    /// destination) and copies it into <paramref name="buffer"/>.
    /// </summary>
    /// <param name="buffer">Destination; 65535 bytes never truncate.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The peer, the length, how it came and whether it was truncated.</returns>
    /// <exception cref="IOException">The connection to the server closed.</exception>
    /// <exception cref="System.Threading.Channels.ChannelClosedException">The client was disposed.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public async ValueTask<MsTurnReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ReceivedPacket packet;
        try
        {
            packet = await _received.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (System.Threading.Channels.ChannelClosedException e) when (e.InnerException is IOException io)
        {
            throw new IOException(io.Message, io);
        }

        try
        {
            var copied = Math.Min(packet.Length, buffer.Length);
            packet.Buffer.AsSpan(0, copied).CopyTo(buffer.Span);
            return new MsTurnReceiveResult(packet.Peer, copied, packet.FromActiveDestination, copied < packet.Length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(packet.Buffer);
        }
    }

    private void OnDataIndication(StunMessageReader reader)
    {
        // MS-TURN Data indication: REMOTE-ADDRESS (0x0012, not XORed) and DATA.
        if (!reader.TryGetXorPeerAddress(out var peer) || !reader.TryGetData(out var data))
        {
            Log.Dropped(_logger, "Data indication without REMOTE-ADDRESS or DATA");
            Interlocked.Increment(ref _droppedPackets);
            return;
        }

        Enqueue(peer, data, fromActiveDestination: false);
    }

    private void OnUnframedData(ReadOnlySpan<byte> data)
    {
        StunEndPoint? destination;
        lock (_lock)
        {
            destination = _activeDestination;
        }

        if (destination is not { } peer)
        {
            Log.DroppedUnframed(_logger, data.Length);
            Interlocked.Increment(ref _droppedPackets);
            return;
        }

        Enqueue(peer, data, fromActiveDestination: true);
    }

    private void Enqueue(StunEndPoint peer, ReadOnlySpan<byte> data, bool fromActiveDestination)
    {
        var copy = ArrayPool<byte>.Shared.Rent(Math.Max(data.Length, 1));
        data.CopyTo(copy);
        if (!_received.Writer.TryWrite(new ReceivedPacket(peer, copy, data.Length, fromActiveDestination)))
        {
            ArrayPool<byte>.Shared.Return(copy);
            Interlocked.Increment(ref _droppedPackets);
            Log.Dropped(_logger, "the receive queue is full");
        }
    }
}
