using System.Buffers;
using System.Buffers.Binary;
using System.Formats.Cbor;
using System.IO.Pipelines;
using System.Threading.Channels;

namespace UcStack.Psom;

/// <summary>
/// One framed Psom connection over a duplex pipe: a reader loop that decodes frames and checks their
/// sequence, a writer loop fed by a bounded queue (a peer that does not keep up overflows it and is
/// dropped, never buffered without bound), keep-alive pings on the injected clock, and correlated
/// invocations with timeouts. Both the server and the client sessions are built on it.
/// </summary>
internal sealed partial class PsomConnection : IDisposable
{
    private readonly IDuplexPipe _transport;
    private readonly PsomConnectionSettings _settings;
    private readonly IPsomConnectionHandler _handler;
    private readonly Channel<OutgoingFrame> _queue;
    private readonly CborWriter _writer = PsomFrameCodec.CreateWriter();
    private readonly Lock _encodeLock = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource<PsomCloseReason> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationToken _closingToken;
    private ulong _sendSequence;
    private ulong _receiveSequence;
    private long _lastReceived;
    private long _pingNonce;
    private int _closeStarted;

    public PsomConnection(IDuplexPipe transport, PsomConnectionSettings settings, IPsomConnectionHandler handler)
    {
        _transport = transport;
        _settings = settings;
        _handler = handler;
        _queue = Channel.CreateBounded<OutgoingFrame>(new BoundedChannelOptions(settings.SendQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _lastReceived = settings.TimeProvider.GetTimestamp();
        _closingToken = _closing.Token;
    }

    /// <summary>Completes with the close reason once the connection is down.</summary>
    public Task<PsomCloseReason> Closed => _closed.Task;

    public bool IsClosing => Volatile.Read(ref _closeStarted) != 0;

    /// <summary>The largest frame either side may send on this connection.</summary>
    public int MaxFrameLength => _settings.MaxFrameLength;

    /// <summary>Runs the reader, writer and keep-alive until the connection closes.</summary>
    public async Task<PsomCloseReason> RunAsync(CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(static s => ((PsomConnection)s!).Abort(PsomErrorCode.ServerShutdown, "cancelled", byPeer: false), this);
        var writing = WriteLoopAsync();
        var timer = _settings.PingInterval > TimeSpan.Zero
            ? _settings.TimeProvider.CreateTimer(static s => ((PsomConnection)s!).OnKeepAliveTick(), this, _settings.PingInterval, _settings.PingInterval)
            : null;
        try
        {
            await ReadLoopAsync().ConfigureAwait(false);
        }
        finally
        {
            if (timer is not null)
            {
                await timer.DisposeAsync().ConfigureAwait(false);
            }

            Abort(PsomErrorCode.None, "transport closed", byPeer: true);
            CancelClosingToken();
            try
            {
                // A peer that stopped reading must not pin this connection: give the Bye a bounded chance.
                await writing.WaitAsync(TimeSpan.FromSeconds(5), _settings.TimeProvider, CancellationToken.None).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                _transport.Output.CancelPendingFlush();
                await writing.ConfigureAwait(false);
            }

            await _transport.Input.CompleteAsync().ConfigureAwait(false);
            FailPendingCalls();
        }

        return await _closed.Task.ConfigureAwait(false);
    }

    /// <summary>Queues a message; false when the connection is closing or its queue overflowed (it is then dropped).</summary>
    public bool TrySend(PsomMessage message)
    {
        byte[] payload;
        lock (_encodeLock)
        {
            _writer.Reset();
            PsomPayloadWriter.Write(_writer, message);
            payload = _writer.Encode();
        }

        return TrySendPayload(message.Type, payload);
    }

    /// <summary>Queues an already-encoded payload (shared across connections for fan-out).</summary>
    public bool TrySendPayload(PsomMessageType type, ReadOnlyMemory<byte> payload)
    {
        if (IsClosing)
        {
            return false;
        }

        if (PsomWireLimits.HeaderLength + payload.Length > _settings.MaxFrameLength)
        {
            throw new InvalidOperationException($"A {type} frame of {PsomWireLimits.HeaderLength + payload.Length} bytes exceeds the maximum frame length.");
        }

        if (_queue.Writer.TryWrite(new OutgoingFrame(type, payload)))
        {
            return true;
        }

        // The peer is not reading fast enough: drop it rather than buffer without bound.
        Abort(PsomErrorCode.SlowConsumer, "send queue full", byPeer: false);
        return false;
    }

    /// <summary>Sends Bye and closes once the queue has drained.</summary>
    public void Close(PsomErrorCode code, string detail)
    {
        if (Interlocked.Exchange(ref _closeStarted, 1) != 0)
        {
            return;
        }

        _closed.TrySetResult(new PsomCloseReason(code, detail, ByPeer: false));
        var bye = PsomPayloadWriterHelpers.Encode(_writer, _encodeLock, new PsomByeMessage { Code = code, Detail = detail });
        _queue.Writer.TryWrite(new OutgoingFrame(PsomMessageType.Bye, bye));
        _queue.Writer.TryComplete();
    }

    /// <summary>Tears the connection down without waiting for queued frames (overflow, idle, protocol error, cancel).</summary>
    public void Abort(PsomErrorCode code, string detail, bool byPeer)
    {
        if (Interlocked.Exchange(ref _closeStarted, 1) == 0)
        {
            _closed.TrySetResult(new PsomCloseReason(code, detail, byPeer));
            if (code is not (PsomErrorCode.None or PsomErrorCode.SlowConsumer))
            {
                // Best effort: tell the peer why, ahead of nothing else (the queue is abandoned).
                var bye = PsomPayloadWriterHelpers.Encode(_writer, _encodeLock, new PsomByeMessage { Code = code, Detail = detail });
                _queue.Writer.TryWrite(new OutgoingFrame(PsomMessageType.Bye, bye));
            }

            _queue.Writer.TryComplete();
        }

        _transport.Input.CancelPendingRead();
        if (code is PsomErrorCode.SlowConsumer or PsomErrorCode.IdleTimeout or PsomErrorCode.ServerShutdown)
        {
            _transport.Output.CancelPendingFlush();
            CancelClosingToken();
        }
    }

    /// <summary>Releases the cancellation source; call after <see cref="RunAsync"/> has returned.</summary>
    public void Dispose() => _closing.Dispose();

    private void CancelClosingToken()
    {
        try
        {
            _closing.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already torn down.
        }
    }

    private async Task ReadLoopAsync()
    {
        var input = _transport.Input;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
            {
                Abort(PsomErrorCode.None, "transport failed", byPeer: true);
                return;
            }

            var buffer = result.Buffer;
            try
            {
                while (!IsClosingByAbort())
                {
                    var status = PsomFrameCodec.TryDecode(buffer, _settings.MaxFrameLength, out var frame, out var consumed, out var error);
                    if (status == PsomDecodeStatus.Incomplete)
                    {
                        break;
                    }

                    if (status == PsomDecodeStatus.Invalid)
                    {
                        Abort(PsomErrorCode.ProtocolError, error.ToString(), byPeer: false);
                        return;
                    }

                    buffer = buffer.Slice(consumed);
                    if (frame.Sequence != _receiveSequence + 1)
                    {
                        var sequenceError = new PsomParseError(PsomParseErrorCode.SequenceOutOfOrder, 8, "expected " + (_receiveSequence + 1));
                        Abort(PsomErrorCode.ProtocolError, sequenceError.ToString(), byPeer: false);
                        return;
                    }

                    _receiveSequence = frame.Sequence;
                    Volatile.Write(ref _lastReceived, _settings.TimeProvider.GetTimestamp());
                    if (!await DispatchAsync(frame.Message).ConfigureAwait(false))
                    {
                        return;
                    }
                }
            }
            finally
            {
                input.AdvanceTo(buffer.Start, buffer.End);
            }

            if (result.IsCompleted || result.IsCanceled || IsClosingByAbort())
            {
                return;
            }
        }
    }

    private bool IsClosingByAbort() => _closed.Task.IsCompleted && _queue.Reader.Completion.IsCompleted;

    private async ValueTask<bool> DispatchAsync(PsomMessage message)
    {
        switch (message)
        {
            case PsomPingMessage ping:
                TrySend(new PsomPongMessage { Nonce = ping.Nonce });
                return true;
            case PsomPongMessage:
                return true;
            case PsomByeMessage bye:
                Abort(PsomErrorCode.None, "peer said bye", byPeer: true);
                _peerBye = bye;
                return false;
            case PsomResultMessage result:
                CompleteCall(result);
                return true;
            case PsomInvokeMessage invoke:
                // Calls run concurrently with the reader, but only so many at once: a peer flooding
                // Invokes gets typed refusals instead of an unbounded pile of tasks.
                if (Interlocked.Increment(ref _runningInvocations) > MaxConcurrentInvocations)
                {
                    Interlocked.Decrement(ref _runningInvocations);
                    TrySend(new PsomResultMessage { CallId = invoke.CallId, Code = PsomErrorCode.LimitExceeded, Detail = "too many concurrent calls" });
                    return true;
                }

                _ = RunInvocationAsync(invoke);
                return true;
            default:
                try
                {
                    await _handler.OnMessageAsync(message, _closingToken).ConfigureAwait(false);
                }
                catch (PsomProtocolException e)
                {
                    Abort(PsomErrorCode.ProtocolError, e.Error.Detail, byPeer: false);
                    return false;
                }
                catch (OperationCanceledException)
                {
                    return false;
                }

                return true;
        }
    }

    private PsomByeMessage? _peerBye;

    /// <summary>The peer's Bye, when it sent one.</summary>
    public PsomByeMessage? PeerBye => _peerBye;

    private async Task RunInvocationAsync(PsomInvokeMessage invoke)
    {
        PsomResultMessage result;
        try
        {
            result = await _handler.OnInvokeAsync(invoke, _closingToken).ConfigureAwait(false);
        }
        catch (PsomOperationException e)
        {
            result = new PsomResultMessage { CallId = invoke.CallId, Code = e.Code, Detail = e.Detail };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Handler bugs become a typed failure for the caller, never a crashed connection; the text stays generic.
            result = new PsomResultMessage { CallId = invoke.CallId, Code = PsomErrorCode.MethodFailed, Detail = e.GetType().Name };
        }

        Interlocked.Decrement(ref _runningInvocations);
        TrySend(result);
    }

    /// <summary>Most peer invocations running at once on one connection.</summary>
    public const int MaxConcurrentInvocations = 32;

    private int _runningInvocations;

    private void OnKeepAliveTick()
    {
        if (IsClosing)
        {
            return;
        }

        var idle = _settings.TimeProvider.GetElapsedTime(Volatile.Read(ref _lastReceived));
        if (idle >= _settings.IdleTimeout)
        {
            Abort(PsomErrorCode.IdleTimeout, "nothing received for " + (long)idle.TotalSeconds + " s", byPeer: false);
            return;
        }

        TrySend(new PsomPingMessage { Nonce = Interlocked.Increment(ref _pingNonce) });
    }

    private async Task WriteLoopAsync()
    {
        var output = _transport.Output;
        try
        {
            var reader = _queue.Reader;
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (reader.TryRead(out var frame))
                {
                    WriteFrame(output, frame);
                }

                var flush = await output.FlushAsync().ConfigureAwait(false);
                if (flush.IsCompleted || flush.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            Abort(PsomErrorCode.None, "transport failed", byPeer: true);
        }
        finally
        {
            await output.CompleteAsync().ConfigureAwait(false);

            // Our side is done writing; stop reading too so RunAsync can return.
            _transport.Input.CancelPendingRead();
        }
    }

    private void WriteFrame(PipeWriter output, OutgoingFrame frame)
    {
        var length = PsomWireLimits.HeaderLength + frame.Payload.Length;
        var header = output.GetSpan(PsomWireLimits.HeaderLength);
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)(length - 4));
        header[4] = PsomFrameCodec.FrameVersion;
        header[5] = (byte)frame.Type;
        BinaryPrimitives.WriteUInt16BigEndian(header[6..], 0);
        BinaryPrimitives.WriteUInt64BigEndian(header[8..], ++_sendSequence);
        output.Advance(PsomWireLimits.HeaderLength);
        output.Write(frame.Payload.Span);
    }

    private readonly record struct OutgoingFrame(PsomMessageType Type, ReadOnlyMemory<byte> Payload);
}

/// <summary>Encodes a payload with a shared writer under its lock.</summary>
internal static class PsomPayloadWriterHelpers
{
    public static byte[] Encode(CborWriter writer, Lock gate, PsomMessage message)
    {
        lock (gate)
        {
            writer.Reset();
            PsomPayloadWriter.Write(writer, message);
            return writer.Encode();
        }
    }

    public static byte[] Encode(PsomMessage message)
    {
        var writer = PsomFrameCodec.CreateWriter();
        PsomPayloadWriter.Write(writer, message);
        return writer.Encode();
    }
}
