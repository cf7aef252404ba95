using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using UcStack.Tls;

namespace UcStack.Sip.Transport;

/// <summary>
/// One TCP or TLS connection of a <see cref="SipSocketTransportLayer"/>: a <see cref="PipeReader"/> and
/// <see cref="PipeWriter"/> over the socket's stream, one read loop that frames messages (RFC 3261 §18.3) and
/// answers keep-alive pings (RFC 5626 §3.5.1), and serialized writes.
/// </summary>
/// <remarks>Memory per connection is bounded: the loop reads again only after the messages already framed have
/// been handed to the layer's bounded channel, and unframed bytes may not exceed one message.</remarks>
internal sealed class SipStreamConnection : IAsyncDisposable
{
    private static readonly byte[] Pong = "\r\n"u8.ToArray();
    private static readonly byte[] Ping = "\r\n\r\n"u8.ToArray();

    private readonly Socket _socket;
    private readonly CancellationTokenSource _closing = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly TimeProvider _time;
    private readonly SipBufferBudget _budget;

    // Never disposed: a reader may hand a slot back after the connection is gone, and a SemaphoreSlim whose wait
    // handle was never asked for holds nothing to release.
    private readonly SemaphoreSlim _queueSlots;
    private Stream? _stream;
    private TlsConnection? _tls;
    private PipeReader? _reader;
    private PipeWriter? _writer;
    private long _lastActivity;
    private long _lastSent;
    private long _bytesRead;
    private long _maxUnconsumed;
    private int _closed;
    private long _pendingFromLastRead;
    private long _pendingBytes;
    private long _messageStarted = NoMessage;
    private int _delivered;
    private string? _abortReason;

    /// <summary>The timestamp value meaning "no partial message is held".</summary>
    private const long NoMessage = long.MaxValue;

    public SipStreamConnection(
        long id, SipTransportProtocol protocol, Socket socket, IPEndPoint local, IPEndPoint remote, TimeProvider time, SipBufferBudget budget, bool accepted,
        int maxQueued)
    {
        _queueSlots = new SemaphoreSlim(maxQueued, maxQueued);
        Id = id;
        Protocol = protocol;
        _socket = socket;
        Local = local;
        Remote = remote;
        _time = time;
        _budget = budget;
        IsAccepted = accepted;
        _lastActivity = _lastSent = time.GetTimestamp();
    }

    /// <summary>Waits until fewer than the layer's per-source share of this connection's messages are queued.</summary>
    public Task WaitQueueSlotAsync(CancellationToken cancellationToken) => _queueSlots.WaitAsync(cancellationToken);

    /// <summary>One of this connection's messages left the queue.</summary>
    public void ReleaseQueueSlot()
    {
        try
        {
            _queueSlots.Release();
        }
        catch (SemaphoreFullException)
        {
            // A slot handed back twice (a failed publish racing a read): the count stays at its maximum.
        }
    }

    /// <summary>Whether the peer connected to us (as opposed to a connection we opened).</summary>
    public bool IsAccepted { get; }

    public long Id { get; }

    public SipTransportProtocol Protocol { get; }

    public IPEndPoint Local { get; }

    public IPEndPoint Remote { get; }

    public SipFlow Flow => new(Protocol, Local, Remote, Id);

    public bool IsOpen => Volatile.Read(ref _closed) == 0 && _writer is not null;

    /// <summary>Whether the pipes were set up (the TLS handshake, if any, succeeded).</summary>
    public bool IsAttached => _writer is not null;

    public CancellationToken Closing => _closing.Token;

    /// <summary>Bytes read from the socket so far.</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>The most bytes read but not yet consumed at any time (what backpressure bounds).</summary>
    public long MaxUnconsumedBytes => Interlocked.Read(ref _maxUnconsumed);

    public TimeSpan IdleFor => _time.GetElapsedTime(Interlocked.Read(ref _lastActivity));

    public TimeSpan SilentFor => _time.GetElapsedTime(Interlocked.Read(ref _lastSent));

    /// <summary>Whether <see cref="Close"/> or <see cref="Abort"/> ran.</summary>
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Whether at least one complete message was framed on this connection. A connection that has not
    /// (a TLS handshake in progress, a silent or trickling peer) is the first to go when the table is full.</summary>
    public bool HasDeliveredMessage => Volatile.Read(ref _delivered) != 0;

    /// <summary>Bytes of an incomplete message held now (0 between messages).</summary>
    public long PendingBytes => Interlocked.Read(ref _pendingBytes);

    /// <summary>When the first octet of the incomplete message held now arrived (a <see cref="TimeProvider"/>
    /// timestamp), or <see cref="long.MaxValue"/> when none is held.</summary>
    public long MessageStartedAt => Interlocked.Read(ref _messageStarted);

    /// <summary>How long the incomplete message held now has been arriving; zero when none is held.</summary>
    public TimeSpan PendingMessageFor
    {
        get
        {
            var started = MessageStartedAt;
            return started == NoMessage ? TimeSpan.Zero : _time.GetElapsedTime(started);
        }
    }

    /// <summary>Why the layer closed the connection, when it did (idle, slow message, eviction...).</summary>
    public string? AbortReason => Volatile.Read(ref _abortReason);

    /// <summary>Sets up the pipes over a plain stream or a finished TLS handshake.</summary>
    public void Attach(Stream stream, TlsConnection? tls)
    {
        _stream = stream;
        _tls = tls;
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, minimumReadSize: 4 * 1024, leaveOpen: true));
        _writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
    }

    /// <summary>Writes one message, serialized after other writes on this connection.</summary>
    public async ValueTask SendAsync(SipMessage message, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var writer = _writer ?? throw new SipTransportException("the connection is not established");
            if (!IsOpen) throw new SipTransportException($"connection {Id} to {Remote} is closed");
            message.WriteTo(writer);
            await FlushAsync(writer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Writes raw bytes (a 400, a keep-alive), serialized after other writes.</summary>
    public async ValueTask SendRawAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var writer = _writer ?? throw new SipTransportException("the connection is not established");
            if (!IsOpen) throw new SipTransportException($"connection {Id} to {Remote} is closed");
            writer.Write(bytes.Span);
            await FlushAsync(writer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>RFC 5626 §3.5.1: a client "pings" with a double CRLF.</summary>
    public ValueTask SendPingAsync(CancellationToken cancellationToken) => SendRawAsync(Ping, cancellationToken);

    private async ValueTask FlushAsync(PipeWriter writer, CancellationToken cancellationToken)
    {
        FlushResult result;
        try
        {
            result = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            // A write cut short leaves the stream mid-message: the connection cannot be used again.
            Close();
            if (e is OperationCanceledException && cancellationToken.IsCancellationRequested) throw;
            throw new SipTransportException($"writing to {Remote} failed", e);
        }

        if (result.IsCompleted || result.IsCanceled)
        {
            Close();
            throw new SipTransportException($"connection {Id} to {Remote} is closed");
        }

        var now = _time.GetTimestamp();
        Interlocked.Exchange(ref _lastSent, now);
        Interlocked.Exchange(ref _lastActivity, now);
    }

    /// <summary>Reads until the peer closes, a framing error, or <see cref="Close"/>. Each framed message goes to
    /// <paramref name="onMessage"/>, which applies backpressure by not completing while the channel is full.</summary>
    /// <remarks>On a framing error <paramref name="onFramingError"/> gets the unconsumed bytes (valid during the
    /// call) so it can answer the request before the loop ends. After each read the bytes of an incomplete message
    /// are charged to the layer's <see cref="SipBufferBudget"/>; when the total goes over it,
    /// <paramref name="onOverBudget"/> is called.</remarks>
    public async Task ReadLoopAsync(
        SipStreamReader framer,
        Func<SipStreamConnection, SipMessage, ValueTask> onMessage,
        Func<SipStreamConnection, SipParseError, ReadOnlySequence<byte>, ValueTask> onFramingError,
        Action<SipStreamConnection> onOverBudget)
    {
        var reader = _reader!;
        var maxUnframed = framer.Limits.MaxMessageBytes + framer.Limits.MaxHeaderSectionBytes;
        var token = _closing.Token;
        while (true)
        {
            var result = await reader.ReadAsync(token).ConfigureAwait(false);
            var buffer = result.Buffer;
            Interlocked.Exchange(ref _lastActivity, _time.GetTimestamp());
            Interlocked.Add(ref _bytesRead, buffer.Length - _pendingFromLastRead);
            if (buffer.Length > Interlocked.Read(ref _maxUnconsumed)) Interlocked.Exchange(ref _maxUnconsumed, buffer.Length);

            SipParseError error = default;
            var framed = false;
            while (true)
            {
                if (StartsWith(buffer, Ping))
                {
                    // RFC 5626 §3.5.1: "...the server ... MUST respond with a single CRLF (the pong)."
                    buffer = buffer.Slice(Ping.Length);
                    await SendRawAsync(Pong, token).ConfigureAwait(false);
                    continue;
                }

                // A lone CRLF may be the first half of a ping: wait for the next octets before deciding.
                if (buffer.Length < Ping.Length && IsCrlfPrefix(buffer) && !result.IsCompleted) break;
                if (!framer.TryRead(ref buffer, out var message, out error)) break;
                framed = true;
                Volatile.Write(ref _delivered, 1);

                // The message is complete: while it waits for room in the queue (our backpressure, not the peer's
                // slowness) no message clock runs.
                Interlocked.Exchange(ref _messageStarted, NoMessage);
                await onMessage(this, message).ConfigureAwait(false);
            }

            if (error.IsError)
            {
                await onFramingError(this, error, buffer).ConfigureAwait(false);
                return;
            }

            if (buffer.Length > maxUnframed)
            {
                var tooLarge = new SipParseError(SipParseErrorCode.MessageTooLarge, (int)Math.Min(buffer.Length, int.MaxValue), "unframed bytes exceed the message-size limit");
                await onFramingError(this, tooLarge, buffer).ConfigureAwait(false);
                return;
            }

            TrackPartialMessage(buffer, framed, onOverBudget);
            _pendingFromLastRead = buffer.Length;
            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled) return;
        }
    }

    /// <summary>Starts or stops the message clock (slow-loris defence) and charges the held bytes to the budget.</summary>
    private void TrackPartialMessage(in ReadOnlySequence<byte> buffer, bool framed, Action<SipStreamConnection> onOverBudget)
    {
        // A lone CRLF may be the first half of a keep-alive ping or a pong (RFC 5626 §4.4.1): not a message.
        var holdsMessage = !buffer.IsEmpty && !(buffer.Length < Ping.Length && IsCrlfPrefix(buffer));
        if (!holdsMessage)
        {
            Interlocked.Exchange(ref _messageStarted, NoMessage);
        }
        else if (framed || Interlocked.Read(ref _messageStarted) == NoMessage)
        {
            // The bytes left after a framed message are the start of the next one, which began in this read.
            Interlocked.Exchange(ref _messageStarted, _time.GetTimestamp());
        }

        var held = holdsMessage ? buffer.Length : 0;
        var delta = held - Interlocked.Exchange(ref _pendingBytes, held);
        var over = _budget.Add(delta);

        // Close may have released the charge just before the exchange above: release it again.
        if (IsClosed) _budget.Add(-Interlocked.Exchange(ref _pendingBytes, 0));
        else if (over && delta > 0) onOverBudget(this);
    }

    /// <summary>Closes the connection for a reason the layer reports (idle, slow message, eviction); idempotent,
    /// and the first reason given wins.</summary>
    public void Abort(string reason)
    {
        Interlocked.CompareExchange(ref _abortReason, reason, null);
        Close();
    }

    /// <summary>Closes the connection; idempotent. Pending reads and writes fail.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        _budget.Add(-Interlocked.Exchange(ref _pendingBytes, 0));
        Interlocked.Exchange(ref _messageStarted, NoMessage);
        _closing.Cancel();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already reset by the peer.
        }

        _socket.Dispose();
    }

    /// <summary>Releases the pipes and streams once the read loop has ended.</summary>
    public async ValueTask DisposeAsync()
    {
        Close();
        if (_reader is not null) await _reader.CompleteAsync().ConfigureAwait(false);
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_writer is not null) await _writer.CompleteAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }

        if (_tls is not null) await _tls.DisposeAsync().ConfigureAwait(false);
        else if (_stream is not null) await _stream.DisposeAsync().ConfigureAwait(false);
        _closing.Dispose();
    }

    private static bool StartsWith(in ReadOnlySequence<byte> buffer, ReadOnlySpan<byte> prefix)
    {
        if (buffer.Length < prefix.Length) return false;
        var first = buffer.FirstSpan;
        if (first.Length >= prefix.Length) return first.StartsWith(prefix);
        Span<byte> head = stackalloc byte[prefix.Length];
        buffer.Slice(0, prefix.Length).CopyTo(head);
        return head.SequenceEqual(prefix);
    }

    private static bool IsCrlfPrefix(in ReadOnlySequence<byte> buffer)
    {
        if (buffer.IsEmpty) return false;
        Span<byte> head = stackalloc byte[4];
        var n = (int)Math.Min(buffer.Length, 4);
        buffer.Slice(0, n).CopyTo(head);
        return head[..n].SequenceEqual(Ping.AsSpan(0, n));
    }
}
