using System.Net;
using System.Text;

namespace UcStack.Stun;

/// <summary>
/// One client transaction (RFC 8489 §6.2, §6.3): an explicit state, one timer re-armed for every
/// retransmission, and a completion that runs continuations asynchronously so nothing the caller does
/// runs under the lock or on the timer thread.
/// </summary>
internal sealed class StunClientTransaction
{
    private readonly StunTransactionManager _manager;
    private readonly byte[] _request;
    private readonly IPEndPoint _remote;
    private readonly StunMethod _method;
    private readonly StunIntegrityKey? _responseKey;
    private readonly TaskCompletionSource<StunResponse> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private State _state;
    private ITimer? _timer;
    private int _sentCount;
    private TimeSpan _interval;
    private CancellationTokenRegistration _cancellation;

    public StunClientTransaction(StunTransactionManager manager, StunTransactionKey key, byte[] request, IPEndPoint remote, StunMethod method, StunIntegrityKey? responseKey)
    {
        _manager = manager;
        Key = key;
        _request = request;
        _remote = remote;
        _method = method;
        _responseKey = responseKey;
        _interval = manager.Options.InitialRto;
    }

    private enum State
    {
        Created,
        Waiting,
        Done,
    }

    public StunTransactionKey Key { get; }

    public Task<StunResponse> Completion => _completion.Task;

    private bool IsReliable => _manager.Transport.IsReliable;

    public async ValueTask StartAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_state != State.Created)
            {
                return;
            }

            _state = State.Waiting;
            _sentCount = 1;

            // The schedule is anchored at the first send: RFC 8489 §6.2.1 (UDP) retransmits after RTO,
            // §6.2.2 (TCP) only waits Ti.
            _timer = _manager.TimeProvider.CreateTimer(static state => ((StunClientTransaction)state!).OnTimer(), this, NextDelay(), Timeout.InfiniteTimeSpan);
        }

        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.UnsafeRegister(static (state, token) => ((StunClientTransaction)state!).Cancel(token), this);
            bool finished;
            lock (_lock)
            {
                finished = _state == State.Done;
                if (!finished)
                {
                    _cancellation = registration;
                }
            }

            if (finished)
            {
                // Completed (or cancelled) while registering: TryFinish could not see this registration.
                registration.Dispose();
                return;
            }
        }

        await SendAsync().ConfigureAwait(false);
    }

    /// <summary>Checks a response with this transaction's id; completes the transaction when it is acceptable.</summary>
    public bool TryAccept(StunMessageReader response, IPEndPoint remote)
    {
        var log = _manager.Logger;
        if (response.Method != _method)
        {
            StunTransactionLog.ResponseDiscarded(log, Key, "its method differs from the request's");
            return false;
        }

        // RFC 8489 §14.7: a FINGERPRINT that does not match means the bytes are not this STUN message.
        if (response.VerifyFingerprint() == StunVerification.Failed)
        {
            StunTransactionLog.ResponseDiscarded(log, Key, "FINGERPRINT does not match");
            return false;
        }

        var errorCode = 0;
        string? errorReason = null;
        if (response.Class == StunMessageClass.ErrorResponse && response.TryGetErrorCode(out errorCode, out var reasonUtf8))
        {
            errorReason = ToDisplayText(reasonUtf8);
        }

        var authenticated = false;
        if (_responseKey is not null)
        {
            var check = response.Contains(StunAttributeType.MessageIntegritySha256)
                ? response.VerifyMessageIntegritySha256(_responseKey)
                : response.VerifyMessageIntegrity(_responseKey);
            authenticated = check == StunVerification.Ok;

            // RFC 8489 §9.2.5: 401 and 438 carry the (new) realm and nonce the client needs to retry; they
            // are delivered even without integrity, flagged as unauthenticated.
            if (!authenticated && errorCode is not (401 or 438))
            {
                // RFC 8489 §9.1.4: over an unreliable transport the response is discarded as if never
                // received; over a reliable one the request is considered failed.
                StunTransactionLog.ResponseDiscarded(log, Key, "its message integrity is absent or wrong");
                if (IsReliable)
                {
                    Fail(new StunTransactionException(StunTransactionFailure.InvalidResponse, "The response failed its message-integrity check."));
                    return true;
                }

                return false;
            }
        }

        // RFC 8489 §6.3.3 / §6.3.4: unknown comprehension-required attributes in a response fail the transaction.
        if (response.UnknownComprehensionRequiredCount > 0)
        {
            Span<ushort> unknown = stackalloc ushort[1];
            response.GetUnknownComprehensionRequired(unknown);
            Fail(new StunTransactionException(
                StunTransactionFailure.InvalidResponse,
                $"The response carries {response.UnknownComprehensionRequiredCount} unknown comprehension-required attribute(s), first 0x{unknown[0]:X4}."));
            return true;
        }

        var result = new StunResponse(response.Message.ToArray(), _manager.Options.ParseOptions, remote, response.Type, errorCode, errorReason, authenticated);
        if (!TryFinish())
        {
            return false;
        }

        StunTransactionLog.TransactionCompleted(log, Key, response.Type, _sentCount);
        _completion.TrySetResult(result);
        return true;
    }

    public void Fail(Exception exception)
    {
        if (!TryFinish())
        {
            return;
        }

        var reason = exception switch
        {
            StunTransactionException stun => stun.Failure.ToString(),
            ObjectDisposedException => "Disposed",
            _ => exception.GetType().Name,
        };
        _manager.Metrics.TransactionFailed(_method, reason);
        StunTransactionLog.TransactionFailed(_manager.Logger, Key, reason, _sentCount, exception);
        _completion.TrySetException(exception);
    }

    private void Cancel(CancellationToken token)
    {
        if (!TryFinish())
        {
            return;
        }

        _manager.Metrics.TransactionFailed(_method, "Canceled");
        _completion.TrySetCanceled(token);
    }

    private void OnTimer()
    {
        bool timedOut;
        lock (_lock)
        {
            if (_state != State.Waiting)
            {
                return;
            }

            timedOut = IsReliable || _sentCount >= _manager.Options.MaxRequestCount;
            if (!timedOut)
            {
                _sentCount++;
                _interval *= 2;
                _timer!.Change(NextDelay(), Timeout.InfiniteTimeSpan);
            }
        }

        if (timedOut)
        {
            var options = _manager.Options;
            var message = IsReliable
                ? $"No response within Ti = {options.ReliableTimeout.TotalMilliseconds} ms (RFC 8489 §6.2.2)."
                : $"No response to {_sentCount} requests (RFC 8489 §6.2.1: Rc = {options.MaxRequestCount}, Rm = {options.FinalWaitMultiplier}).";
            Fail(new StunTransactionException(StunTransactionFailure.Timeout, message));
            return;
        }

        _manager.Metrics.Retransmitted(_method);
        StunTransactionLog.Retransmission(_manager.Logger, Key, _sentCount, _remote);
        _ = SendAsync().AsTask();
    }

    /// <summary>The wait after the request just sent: RTO doubling, then Rm × RTO after the last (UDP); Ti (TCP).</summary>
    private TimeSpan NextDelay()
    {
        var options = _manager.Options;
        if (IsReliable)
        {
            return options.ReliableTimeout;
        }

        return _sentCount >= options.MaxRequestCount ? options.InitialRto * options.FinalWaitMultiplier : _interval;
    }

    /// <summary>
    /// Sends the request. A send that completes at once (the usual UDP case) allocates nothing; only a
    /// pending one gets an async continuation.
    /// </summary>
    private ValueTask SendAsync()
    {
        ValueTask send;
        try
        {
            send = _manager.Transport.SendAsync(_request, _remote, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            FailSend(e);
            return ValueTask.CompletedTask;
        }

        if (!send.IsCompleted)
        {
            return AwaitSendAsync(send);
        }

        try
        {
            send.GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            FailSend(e);
        }

        return ValueTask.CompletedTask;
    }

    private async ValueTask AwaitSendAsync(ValueTask send)
    {
        try
        {
            await send.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            FailSend(e);
        }
    }

    private void FailSend(Exception e) =>
        Fail(new StunTransactionException(StunTransactionFailure.TransportError, $"Sending the request to {_remote} failed: {e.Message}", e));

    /// <summary>The reason phrase comes from the network and ends up in messages and terminals: controls become '?'.</summary>
    private static string ToDisplayText(ReadOnlySpan<byte> utf8)
    {
        var text = Encoding.UTF8.GetString(utf8);
        return text.Any(char.IsControl) ? string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        }) : text;
    }

    /// <summary>Moves to Done once; releases the timer, the cancellation hook and the manager's entry.</summary>
    private bool TryFinish()
    {
        ITimer? timer;
        CancellationTokenRegistration cancellation;
        lock (_lock)
        {
            if (_state == State.Done)
            {
                return false;
            }

            _state = State.Done;
            timer = _timer;
            _timer = null;
            cancellation = _cancellation;
            _cancellation = default;
        }

        timer?.Dispose();
        cancellation.Dispose();
        _manager.Remove(this);
        return true;
    }
}
