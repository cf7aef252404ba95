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

    public SipStreamConnection(long id, SipTransportProtocol protocol, Socket socket, IPEndPoint local, IPEndPoint remote, TimeProvider time)
    {
        Id = id;
        Protocol = protocol;
        _socket = socket;
        Local = local;
        Remote = remote;
        _time = time;
        _lastActivity = _lastSent = time.GetTimestamp();
    }

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
    public async Task ReadLoopAsync(SipStreamReader framer, Func<SipStreamConnection, SipMessage, ValueTask> onMessage, Action<SipStreamConnection, SipParseError> onFramingError)
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
                await onMessage(this, message).ConfigureAwait(false);
            }

            if (error.IsError)
            {
                onFramingError(this, error);
                return;
            }

            if (buffer.Length > maxUnframed)
            {
                onFramingError(this, new SipParseError(SipParseErrorCode.MessageTooLarge, (int)Math.Min(buffer.Length, int.MaxValue), "unframed bytes exceed the message-size limit"));
                return;
            }

            _pendingFromLastRead = buffer.Length;
            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled) return;
        }
    }

    /// <summary>Closes the connection; idempotent. Pending reads and writes fail.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
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
