using System.Diagnostics;
using UcStack.Sip.Transactions;
using UcStack.Sip.Transport;

namespace UcStack.Sip.Stack;

// Creating, feeding and disposing transactions, and the sink that connects them to the transport and the TU.
public sealed partial class SipEndpoint
{
    /// <summary>Set while a received message is dispatched: whether a user kept it (so it is not disposed).</summary>
    private bool _retain;

    /// <summary>Server INVITE transactions by branch and sent-by, for matching CANCEL (RFC 3261 §9.2).</summary>
    private readonly Dictionary<string, TransactionContext> _invitesForCancel = new(StringComparer.Ordinal);

    internal TransactionContext StartClientTransaction(SipRequest request, SipTransportTarget target, IClientTransactionUser user)
    {
        var reliable = target.Protocol != SipTransportProtocol.Udp;
        SipTransaction transaction = request.MethodKind == SipMethodKind.Invite
            ? new SipClientInviteTransaction(request, reliable, _sink, _time, Options.Timers)
            : new SipClientNonInviteTransaction(request, reliable, _sink, _time, Options.Timers);
        var outcome = _transactions.TryAdd(transaction);
        if (outcome != SipTransactionAddResult.Added)
        {
            transaction.Dispose();
            throw new InvalidOperationException(outcome == SipTransactionAddResult.Full
                ? $"The transaction table is full ({Options.MaxTransactions})."
                : "A transaction with the same branch and method is in progress.");
        }

        var context = new TransactionContext(transaction, request) { Target = target, ClientUser = user };
        _contexts.Add(transaction, context);
        context.Activity = StartActivity(request, ActivityKind.Client);
        _metrics.TransactionStarted(client: true, request.Method);
        Log.ClientTransactionStarted(_logger, request.Method, transaction.Key.Branch, target.EndPoint.ToString());
        transaction.Start();
        return context;
    }

    private bool StartServerTransaction(SipRequest request, SipFlow flow)
    {
        SipTransaction transaction = request.MethodKind == SipMethodKind.Invite
            ? new SipServerInviteTransaction(request, flow.IsReliable, _sink, _time, Options.Timers)
            : new SipServerNonInviteTransaction(request, flow.IsReliable, _sink, _time, Options.Timers);
        if (_transactions.TryAdd(transaction) != SipTransactionAddResult.Added)
        {
            // RFC 3261 §21.5.4: 503 when the server is overloaded, with a Retry-After (§20.33) so clients back off
            // while lingering transactions (timers J/K/L) drain; answered statelessly, nothing is kept.
            transaction.Dispose();
            _metrics.TransactionFailed(client: false, request.Method);
            _metrics.Refused(request.Method);
            Log.TransactionTableFull(_logger, request.Method, Options.MaxTransactions);
            SendStatelessResponse(request, 503, flow, retryAfterSeconds: (int)Math.Ceiling(Options.OverloadRetryAfter.TotalSeconds));
            return false;
        }

        var context = new TransactionContext(transaction, request) { Flow = flow };
        context.Incoming = new SipIncomingRequest(this, context, flow);
        _contexts.Add(transaction, context);
        if (request.MethodKind == SipMethodKind.Invite && CancelKey(request) is { } key) _invitesForCancel[key] = context;
        context.Activity = StartActivity(request, ActivityKind.Server);
        _metrics.TransactionStarted(client: false, request.Method);
        transaction.Start();
        if (context.RoutePending)
        {
            context.RoutePending = false;
            try
            {
                RouteNewRequest(context);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or SipTransportException)
            {
                // The request stays owned by its transaction; a failure here must not dispose it under it.
                Log.LoopItemFailed(_logger, ex);
            }
        }

        return true;
    }

    /// <summary>RFC 3261 §9.2: a CANCEL matches the INVITE with the same top Via branch and sent-by.</summary>
    private static string? CancelKey(SipRequest request)
    {
        var branch = request.TopViaBranch;
        if (branch is null || !branch.StartsWith(SipTransactionKey.MagicCookie, StringComparison.Ordinal)) return null;
        return string.Concat(branch, "\n", request.TopViaHost.ToLowerInvariant(), ":", request.TopViaPort?.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private Activity? StartActivity(SipRequest request, ActivityKind kind)
    {
        var previous = Activity.Current;
        var activity = _metrics.ActivitySource.StartActivity(string.Concat("SIP ", request.Method), kind);
        if (activity is not null)
        {
            activity.SetTag("sip.method", request.Method);
            activity.SetTag("sip.call_id", request.CallId);
            activity.SetTag("sip.branch", request.TopViaBranch);
        }

        // The loop serves many transactions: no span may become the parent of the next one's.
        Activity.Current = previous;
        return activity;
    }

    private void SendForTransaction(SipTransaction transaction, SipMessage message)
    {
        if (!_contexts.TryGetValue(transaction, out var context)) return;
        if (context.Sends++ > 0 && ReferenceEquals(message, context.LastSent)) _metrics.Retransmission(transaction.Request.Method);
        context.LastSent = message;
        try
        {
            if (message is SipRequest request)
            {
                var pending = _transport.SendRequestAsync(request, context.Target!, _stopping.Token);
                if (pending.IsCompletedSuccessfully)
                {
                    context.Flow ??= pending.Result;
                    return;
                }

                context.PendingSends++;
                _ = CompleteSendAsync(context, pending.AsTask());
            }
            else
            {
                var pending = _transport.SendResponseAsync((SipResponse)message, context.Flow!.Value, _stopping.Token);
                if (pending.IsCompletedSuccessfully) return;
                context.PendingSends++;
                _ = CompleteSendAsync(context, pending.AsTask());
            }
        }
        catch (Exception ex) when (ex is SipTransportException or ObjectDisposedException or OperationCanceledException)
        {
            // Reported through the loop: the transaction is inside Process right now.
            Post(() => OnSendFailed(context, ex));
        }
    }

    private async Task CompleteSendAsync(TransactionContext context, Task send)
    {
        Exception? error = null;
        try
        {
            await send.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            error = ex;
        }

        Post(() =>
        {
            context.PendingSends--;
            if (error is null && send is Task<SipFlow> withFlow) context.Flow ??= withFlow.Result;
            if (error is not null) OnSendFailed(context, error);
            MaybeDispose(context);
        });
    }

    private void OnSendFailed(TransactionContext context, Exception error)
    {
        Log.SendFailed(_logger, context.Request.Method, error.Message);
        context.LastError = error;
        if (context.Disposed || context.Terminated) return;
        context.Transaction.Process(SipTransactionInput.TransportError());
    }

    private void OnTimerElapsed(SipTransaction transaction, SipTimer timer)
    {
        if (!_contexts.TryGetValue(transaction, out var context) || context.Disposed) return;
        transaction.Process(SipTransactionInput.TimerFired(timer));
    }

    private void OnDeliver(SipTransaction transaction, SipMessage message)
    {
        if (!_contexts.TryGetValue(transaction, out var context)) return;
        if (message is SipResponse response)
        {
            if (context.ClientUser is null) return;
            if (response.StatusCode >= 200) context.Finished = true;
            _retain |= context.ClientUser.OnResponse(context, response);
        }
        else if (message is SipRequest { MethodKind: SipMethodKind.Ack } ack)
        {
            OnAckForDialog(ack);
        }
        else
        {
            // Routed right after Start returns (StartServerTransaction), so nothing answers from inside the
            // transaction's own Start, and requests are routed in arrival order.
            context.RoutePending = true;
        }
    }

    private void OnTimedOut(SipTransaction transaction, SipTimer timer)
    {
        if (!_contexts.TryGetValue(transaction, out var context)) return;
        _metrics.TimedOut(transaction.IsClient, transaction.Request.Method);
        Log.TransactionTimedOut(_logger, transaction.Request.Method, timer.ToString());
        if (context.ClientUser is not null && !context.Finished)
        {
            context.Finished = true;
            context.ClientUser.OnFailure(context, SipClientFailure.Timeout);
        }
    }

    private void OnTransportFailed(SipTransaction transaction)
    {
        if (!_contexts.TryGetValue(transaction, out var context)) return;
        _metrics.TransactionFailed(transaction.IsClient, transaction.Request.Method);
        if (context.ClientUser is not null && !context.Finished)
        {
            context.Finished = true;
            context.ClientUser.OnFailure(context, SipClientFailure.TransportError);
        }
    }

    private void OnTerminated(SipTransaction transaction)
    {
        if (!_contexts.TryGetValue(transaction, out var context)) return;
        _transactions.Remove(transaction);
        context.Terminated = true;
        if (transaction.Request.MethodKind == SipMethodKind.Invite && !transaction.IsClient
            && CancelKey(transaction.Request) is { } key && _invitesForCancel.TryGetValue(key, out var held) && ReferenceEquals(held, context))
        {
            _invitesForCancel.Remove(key);
        }

        // Disposed on the next turn: the transaction is still inside its own Process call.
        Post(() => MaybeDispose(context));
    }

    private void MaybeDispose(TransactionContext context)
    {
        if (context.Terminated && context.PendingSends <= 0 && !context.Disposed) DisposeContext(context);
    }

    private void DisposeContext(TransactionContext context)
    {
        if (context.Disposed) return;
        context.Disposed = true;
        _contexts.Remove(context.Transaction);
        context.Transaction.Dispose();
        context.Incoming?.OnTransactionGone();
        foreach (var response in context.OwnedResponses) response.Dispose();
        context.OwnedResponses.Clear();
        context.Request.Dispose();
        context.Activity?.Dispose();
    }

    private void SendStatelessResponse(SipRequest request, int statusCode, SipFlow flow, int retryAfterSeconds = 0)
    {
        SipResponse response;
        try
        {
            var builder = SipResponseBuilder.For(request, statusCode).WithToTag();
            if (retryAfterSeconds > 0) builder.AddHeader("Retry-After", retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            response = builder.Build();
        }
        catch (SipParseException ex)
        {
            Log.MalformedReceived(_logger, ex.Message);
            return;
        }

        _ = SendAndDisposeAsync(response, flow);
    }

    private async Task SendAndDisposeAsync(SipResponse response, SipFlow flow)
    {
        try
        {
            await _transport.SendResponseAsync(response, flow, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SipTransportException or ObjectDisposedException or OperationCanceledException)
        {
            Log.SendFailed(_logger, "response", ex.Message);
        }
        finally
        {
            response.Dispose();
        }
    }

    /// <summary>Sends a request outside any transaction (an ACK for a 2xx, RFC 3261 §13.2.2.4); the caller
    /// keeps ownership and must keep it alive until the returned task completes.</summary>
    internal async Task SendWithoutTransactionAsync(SipRequest request, SipTransportTarget target)
    {
        try
        {
            await _transport.SendRequestAsync(request, target, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SipTransportException or ObjectDisposedException or OperationCanceledException)
        {
            Log.SendFailed(_logger, request.Method, ex.Message);
        }
    }

    /// <summary>Sends a response outside any transaction (a 2xx retransmission, RFC 3261 §13.3.1.4).</summary>
    internal async Task SendResponseWithoutTransactionAsync(SipResponse response, SipFlow flow)
    {
        try
        {
            await _transport.SendResponseAsync(response, flow, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SipTransportException or ObjectDisposedException or OperationCanceledException)
        {
            Log.SendFailed(_logger, "response", ex.Message);
        }
    }

    /// <summary>Connects the transaction machines to this endpoint. Every call except
    /// <see cref="TimerElapsed"/> comes from inside <see cref="SipTransaction.Process"/> on the loop.</summary>
    private sealed class TransactionSink(SipEndpoint owner) : ISipTransactionSink
    {
        public void Send(SipTransaction transaction, SipMessage message) => owner.SendForTransaction(transaction, message);

        public void Deliver(SipTransaction transaction, SipMessage message) => owner.OnDeliver(transaction, message);

        public void TimedOut(SipTransaction transaction, SipTimer timer) => owner.OnTimedOut(transaction, timer);

        public void TransportFailed(SipTransaction transaction) => owner.OnTransportFailed(transaction);

        public void Terminated(SipTransaction transaction) => owner.OnTerminated(transaction);

        // The timer thread: hop onto the loop (ISipTransactionSink.TimerElapsed).
        public void TimerElapsed(SipTransaction transaction, SipTimer timer) => owner.Post(() => owner.OnTimerElapsed(transaction, timer));
    }
}
