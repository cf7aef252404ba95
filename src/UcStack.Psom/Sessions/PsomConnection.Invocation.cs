using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace UcStack.Psom;

internal sealed partial class PsomConnection
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource<PsomResultMessage>> _pendingCalls = new();
    private long _nextCallId;

    /// <summary>
    /// Invokes a method on the peer and waits for its Result, at most <paramref name="timeout"/> (measured on
    /// the injected clock). Failures are typed: the peer's error code, <see cref="PsomErrorCode.Timeout"/>, or
    /// the close reason when the connection goes down first.
    /// </summary>
    public async Task<ImmutableSortedDictionary<string, PsomValue>> InvokeAsync(
        long objectId, string method, ImmutableSortedDictionary<string, PsomValue> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var callId = Interlocked.Increment(ref _nextCallId);
        var completion = new TaskCompletionSource<PsomResultMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pendingCalls[callId] = completion;
        try
        {
            if (!TrySend(new PsomInvokeMessage { CallId = callId, ObjectId = objectId, Method = method, Arguments = arguments }))
            {
                throw ClosedException();
            }

            using var timeoutSource = new CancellationTokenSource(timeout, _settings.TimeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
            PsomResultMessage result;
            try
            {
                result = await completion.Task.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new PsomOperationException(PsomErrorCode.Timeout, $"{method} got no result within {timeout.TotalMilliseconds:0} ms");
            }

            return result.Code == PsomErrorCode.None ? result.Values : throw new PsomOperationException(result.Code, result.Detail);
        }
        finally
        {
            _pendingCalls.TryRemove(callId, out _);
        }
    }

    private void CompleteCall(PsomResultMessage result)
    {
        // A late Result for a call that timed out finds nothing and is ignored.
        if (_pendingCalls.TryRemove(result.CallId, out var completion))
        {
            completion.TrySetResult(result);
        }
    }

    private void FailPendingCalls()
    {
        foreach (var pair in _pendingCalls)
        {
            if (_pendingCalls.TryRemove(pair.Key, out var completion))
            {
                completion.TrySetException(ClosedException());
            }
        }
    }

    private PsomOperationException ClosedException()
    {
        var reason = _closed.Task.IsCompletedSuccessfully ? _closed.Task.Result : new PsomCloseReason(PsomErrorCode.InvalidState, "closing", false);
        return new PsomOperationException(reason.Code == PsomErrorCode.None ? PsomErrorCode.InvalidState : reason.Code, "session closed: " + reason.Detail);
    }
}
