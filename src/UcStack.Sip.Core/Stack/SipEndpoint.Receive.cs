using UcStack.Sip.Transactions;
using UcStack.Sip.Transport;

namespace UcStack.Sip.Stack;

// Dispatch of received messages (RFC 3261 §17.1.3, §17.2.3, §8.2, §9.2).
public sealed partial class SipEndpoint
{
    private readonly Dictionary<SipMethodKind, Func<SipIncomingRequest, bool>> _outOfDialogHandlers = [];

    /// <summary>Lets a UA component (calls, notifier) take new out-of-dialog requests of a method on the loop.
    /// The handler returns <see langword="false"/> to pass the request on to <see cref="RequestReceived"/>.</summary>
    internal void SetOutOfDialogHandler(SipMethodKind method, Func<SipIncomingRequest, bool>? handler)
    {
        if (handler is null) _outOfDialogHandlers.Remove(method);
        else _outOfDialogHandlers[method] = handler;
    }

    private void HandleReceived(SipReceivedMessage received)
    {
        var message = received.Message;
        var keep = false;
        try
        {
            _retain = false;
            keep = message is SipResponse response ? OnResponseReceived(response) : OnRequestReceived((SipRequest)message, received.Flow);
        }
        catch (SipParseException ex)
        {
            // A header the matching needed (e.g. the whole top Via for the RFC 2543 key) is malformed.
            Log.MalformedReceived(_logger, ex.Message);
        }
        finally
        {
            if (!keep) message.Dispose();
        }
    }

    private bool OnResponseReceived(SipResponse response)
    {
        // RFC 3261 §17.1.3: a response matches the client transaction with its top Via branch and CSeq method.
        if (_transactions.TryMatch(response, out var transaction))
        {
            transaction.Process(SipTransactionInput.Received(response));
            return _retain;
        }

        // RFC 3261 §13.2.2.4: a 2xx retransmission after the INVITE transaction is gone still gets its ACK.
        if (response.CSeqMethodKind == SipMethodKind.Invite && response.StatusCode is >= 200 and < 300)
        {
            OnStray2xx(response);
            return false;
        }

        Log.StrayResponse(_logger, response.StatusCode, response.CSeqMethod);
        return false;
    }

    private bool OnRequestReceived(SipRequest request, SipFlow flow)
    {
        // RFC 3261 §17.2.3: retransmissions (and the ACK for a non-2xx) match their server transaction.
        if (_transactions.TryMatch(request, out var transaction))
        {
            transaction.Process(SipTransactionInput.Received(request));
            return _retain;
        }

        switch (request.MethodKind)
        {
            case SipMethodKind.Ack:
                // RFC 3261 §17.2.3: an ACK that matches no transaction (the ACK for a 2xx) goes to the UA core.
                OnAckForDialog(request);
                return false;
            default:
                return StartServerTransaction(request, flow);
        }
    }

    /// <summary>A new request's transaction has started; decide who answers it.</summary>
    private void RouteNewRequest(TransactionContext context)
    {
        if (context.Disposed) return;
        var incoming = context.Incoming!;
        var request = context.Request;
        try
        {
            if (request.MethodKind == SipMethodKind.Cancel)
            {
                OnCancel(incoming);
                return;
            }

            // RFC 3261 §8.2.2.3: a Require naming an extension we do not support gets 420 with Unsupported; 100rel
            // (RFC 3262) is supported when reliable provisional responses are on.
            if (request.Require.Count > 0)
            {
                var unsupported = request.Require
                    .Where(tag => !(Options.ReliableProvisionals && tag.Equals("100rel", StringComparison.OrdinalIgnoreCase)))
                    .ToArray();
                if (unsupported.Length > 0)
                {
                    incoming.RespondInLoop(420, null, [new("Unsupported", string.Join(", ", unsupported))], default, null);
                    return;
                }
            }

            if (request.ToTag is not null)
            {
                OnInDialogRequest(incoming);
                return;
            }

            if (_outOfDialogHandlers.TryGetValue(request.MethodKind, out var handler) && handler(incoming)) return;
            DispatchToApplication(incoming);
        }
        catch (SipParseException ex)
        {
            // RFC 3261 §21.4.1: a request whose headers cannot be read is answered 400.
            Log.MalformedReceived(_logger, ex.Message);
            if (!incoming.HasFinalResponse) incoming.RespondInLoop(400, null, null, default, null);
        }
    }

    /// <summary>Hands a request to <see cref="RequestReceived"/> on the thread pool, or answers it by default.</summary>
    internal void DispatchToApplication(SipIncomingRequest incoming)
    {
        var handler = RequestReceived;
        if (handler is null)
        {
            // RFC 3261 §11.2: OPTIONS is answered as an INVITE would be (200 with Allow); RFC 3261 §8.2.1:
            // a method the UAS does not support gets 405 with Allow.
            var code = incoming.Request.MethodKind == SipMethodKind.Options ? 200 : 405;
            incoming.RespondInLoop(code, null, [new("Allow", AllowedMethods)], default, null);
            return;
        }

        StartHandler(async () =>
        {
            try
            {
                await handler(incoming).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.HandlerFailed(_logger, incoming.Request.Method, ex);
                if (!incoming.HasFinalResponse)
                {
                    try
                    {
                        await incoming.RespondAsync(500).ConfigureAwait(false);
                    }
                    catch (Exception inner) when (inner is InvalidOperationException or ObjectDisposedException)
                    {
                        // answered meanwhile, or the endpoint closed
                    }
                }
            }
        });
    }

    /// <summary>The methods this endpoint accepts (the Allow header).</summary>
    internal const string AllowedMethods = "INVITE, ACK, CANCEL, BYE, OPTIONS, MESSAGE, INFO, UPDATE, REFER, SUBSCRIBE, NOTIFY";

    private void OnCancel(SipIncomingRequest cancel)
    {
        // RFC 3261 §9.2: find the INVITE server transaction the CANCEL is for. None: 481. Otherwise 200 to the
        // CANCEL and, when the INVITE has no final response yet, 487 (Request Terminated) to the INVITE.
        if (CancelKey(cancel.Request) is not { } key || !_invitesForCancel.TryGetValue(key, out var invite) || invite.Disposed)
        {
            cancel.RespondInLoop(481, null, null, default, null);
            return;
        }

        cancel.RespondInLoop(200, null, null, default, null);
        var incoming = invite.Incoming!;
        if (incoming.HasFinalResponse) return;
        incoming.RespondInLoop(487, null, null, default, null);
        incoming.SignalCancelled();
    }
}
