using UcStack.Sip.Stack;
using UcStack.Sip.Transport;

namespace UcStack.Sip.Proxy;

/// <summary>
/// The state of one proxied request (RFC 3261 §16.2 "response context"): its server transaction, one client
/// transaction per branch, and the best final response so far. Used only on the endpoint's loop.
/// </summary>
internal sealed class ProxyTransaction
{
    private readonly SipProxy _proxy;
    private readonly SipIncomingRequest _incoming;
    private readonly bool _isInvite;
    private readonly List<ProxyBranch> _branches = [];
    private int _bestStatus;
    private SipResponse? _best;
    private bool _forwarded2xx;
    private bool _starting;

    private ProxyTransaction(SipProxy proxy, SipIncomingRequest incoming)
    {
        _proxy = proxy;
        _incoming = incoming;
        _isInvite = incoming.Request.MethodKind == SipMethodKind.Invite;
    }

    private SipEndpoint Endpoint => _proxy.Endpoint;

    /// <summary>Forks the request to every target of the plan (RFC 3261 §16.6), in parallel.</summary>
    public static void Start(SipProxy proxy, SipIncomingRequest incoming, RoutePlan plan)
    {
        // A CANCEL may have answered the INVITE while the route was being decided.
        if (incoming.HasFinalResponse) return;
        var context = new ProxyTransaction(proxy, incoming) { _starting = true };
        var request = incoming.Request;
        foreach (var target in plan.Targets)
        {
            SipRequest forwarded;
            try
            {
                forwarded = proxy.BuildForward(request, target.RequestUri, incoming.Flow.Protocol, target.NextHop.Protocol, plan.RemainingRoutes, plan.RecordRoute);
            }
            catch (Exception ex) when (ex is ArgumentException or SipParseException)
            {
                SipProxy.LogBranchFailed(proxy, target, ex.Message);
                context.Consider(500, null);
                continue;
            }

            var branch = new ProxyBranch(context, forwarded, target.NextHop);
            context._branches.Add(branch);
            try
            {
                proxy.Endpoint.StartClientTransaction(forwarded, target.NextHop, branch);
            }
            catch (InvalidOperationException ex)
            {
                // The transaction table is full: the branch is as good as a 503 (RFC 3261 §16.9).
                forwarded.Dispose();
                SipProxy.LogBranchFailed(proxy, target, ex.Message);
                branch.Done = true;
                context.Consider(503, null);
            }
        }

        SipProxy.LogForwarding(proxy, request, context._branches.Count);
        if (context._isInvite)
        {
            // RFC 3261 §16.10: a CANCEL from upstream (answered 200, and 487 to the INVITE, by the endpoint)
            // cancels every pending branch.
            incoming.Cancelled.Register(static state =>
            {
                var self = (ProxyTransaction)state!;
                self.Endpoint.Post(self.CancelPending);
            }, context);
        }

        context._starting = false;
        context.MaybeFinish();
    }

    public void OnResponse(ProxyBranch branch, SipResponse response)
    {
        var code = response.StatusCode;
        if (code < 200)
        {
            branch.ProvisionalSeen = true;

            // RFC 3261 §9.1: a CANCEL waits for a provisional response; it can go now.
            if (branch.CancelRequested) SendCancel(branch);

            // RFC 3261 §16.7 step 5: provisional responses other than 100 are forwarded at once.
            if (code > 100 && !_incoming.HasFinalResponse) Forward(response);
            return;
        }

        if (code < 300)
        {
            // RFC 3261 §16.7 step 5: every 2xx to an INVITE is forwarded at once, retransmissions and forks included
            // (RFC 6026 §7.2); for other methods only the first final response goes upstream.
            branch.Done = true;
            if (_isInvite || !_incoming.HasFinalResponse) Forward(response);
            _forwarded2xx = true;

            // RFC 3261 §16.7 step 10: after a 2xx to an INVITE, the other branches are cancelled.
            if (_isInvite) CancelPending();
            return;
        }

        if (branch.Done) return;
        branch.Done = true;

        // RFC 3261 §16.7 step 5: a 6xx ends the search: cancel the other branches.
        if (code >= 600 && _isInvite) CancelPending();
        Consider(code, response);
        MaybeFinish();
    }

    public void OnFailure(ProxyBranch branch, SipClientFailure failure)
    {
        if (branch.Done) return;
        branch.Done = true;

        // RFC 3261 §16.7 step 2 / §16.9: no answer counts as 408, a transport failure as 503.
        Consider(failure == SipClientFailure.Timeout ? 408 : 503, null);
        MaybeFinish();
    }

    /// <summary>Keeps the better of the stored and the new final response (RFC 3261 §16.7 step 6: any 6xx,
    /// otherwise the lowest class; the first of a class stays).</summary>
    private void Consider(int code, SipResponse? response)
    {
        if (_bestStatus != 0 && !Better(code, _bestStatus)) return;
        SipResponse? stripped = null;
        if (response is not null)
        {
            try
            {
                stripped = SipProxy.StripTopVia(response);
            }
            catch (Exception ex) when (ex is SipParseException or ArgumentException)
            {
                SipProxy.LogResponseNotForwarded(_proxy, response.CallId, ex.Message);
                code = 502;
                if (_bestStatus != 0 && !Better(code, _bestStatus)) return;
            }
        }

        _best?.Dispose();
        _best = stripped;
        _bestStatus = code;
    }

    private static bool Better(int code, int current)
    {
        if (current >= 600) return false;
        if (code >= 600) return true;
        return code / 100 < current / 100;
    }

    private void MaybeFinish()
    {
        if (_starting || _branches.Any(b => !b.Done)) return;
        var best = _best;
        _best = null;
        if (_forwarded2xx || _incoming.HasFinalResponse)
        {
            best?.Dispose();
            return;
        }

        try
        {
            // RFC 3261 §16.7 step 6: a 503 is not passed on (it would say this proxy is unavailable): 500.
            if (best is not null && best.StatusCode != 503)
            {
                _incoming.ForwardInLoop(best);
                return;
            }

            best?.Dispose();
            var status = _bestStatus switch
            {
                0 => 480,
                503 => 500,
                _ => _bestStatus,
            };
            _incoming.RespondInLoop(status, null, null, default, null);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
        {
            SipProxy.LogResponseNotForwarded(_proxy, _incoming.Request.CallId, ex.Message);
        }
    }

    private void Forward(SipResponse response)
    {
        SipResponse stripped;
        try
        {
            stripped = SipProxy.StripTopVia(response);
        }
        catch (Exception ex) when (ex is SipParseException or ArgumentException)
        {
            SipProxy.LogResponseNotForwarded(_proxy, response.CallId, ex.Message);
            return;
        }

        if (!_incoming.HasFinalResponse)
        {
            try
            {
                _incoming.ForwardInLoop(stripped);
                return;
            }
            catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
            {
                // the server transaction ended or answered meanwhile: a 2xx still goes upstream statelessly
            }
        }

        if (stripped.StatusCode is >= 200 and < 300)
        {
            // RFC 3261 §16.7 step 10 / RFC 6026 §7.2: later 2xx responses go upstream without the transaction.
            _ = SendStatelessAsync(stripped, _incoming.Flow);
            return;
        }

        stripped.Dispose();
    }

    private async Task SendStatelessAsync(SipResponse response, SipFlow flow)
    {
        try
        {
            await Endpoint.SendResponseWithoutTransactionAsync(response, flow).ConfigureAwait(false);
        }
        finally
        {
            response.Dispose();
        }
    }

    private void CancelPending()
    {
        foreach (var branch in _branches)
        {
            if (branch.Done || branch.CancelRequested) continue;
            branch.CancelRequested = true;
            if (branch.ProvisionalSeen) SendCancel(branch);
        }
    }

    private void SendCancel(ProxyBranch branch)
    {
        if (branch.CancelSent || !_isInvite) return;
        branch.CancelSent = true;
        SipRequest cancel;
        try
        {
            cancel = SipProxy.BuildCancel(branch.RequestUri, branch.Via, branch.From, branch.To, branch.CallId, branch.CSeq);
        }
        catch (Exception ex) when (ex is ArgumentException or SipParseException)
        {
            SipProxy.LogResponseNotForwarded(_proxy, branch.CallId, ex.Message);
            return;
        }

        var pending = Endpoint.StartPending(cancel, branch.Target, new SipEndpoint.PendingRequest(null));
        _ = pending.Task.ContinueWith(
            static t =>
            {
                if (t.IsCompletedSuccessfully) t.Result.Dispose();
                else _ = t.Exception;
            },
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}

/// <summary>One branch of a proxied request: its client transaction's user, and what a CANCEL for it repeats.</summary>
internal sealed class ProxyBranch : IClientTransactionUser
{
    private readonly ProxyTransaction _owner;

    public ProxyBranch(ProxyTransaction owner, SipRequest forwarded, SipTransportTarget target)
    {
        _owner = owner;
        Target = target;
        RequestUri = forwarded.RequestUriText;
        Via = forwarded.Headers.TryGetFirst("Via", out var via) ? FirstValue(via.Value) : string.Empty;
        From = forwarded.Headers.TryGetFirst("From", out var from) ? from.Value : string.Empty;
        To = forwarded.Headers.TryGetFirst("To", out var to) ? to.Value : string.Empty;
        CallId = forwarded.CallId;
        CSeq = forwarded.CSeqNumber;
    }

    public SipTransportTarget Target { get; }

    public string RequestUri { get; }

    public string Via { get; }

    public string From { get; }

    public string To { get; }

    public string CallId { get; }

    public uint CSeq { get; }

    public bool ProvisionalSeen { get; set; }

    public bool CancelRequested { get; set; }

    public bool CancelSent { get; set; }

    public bool Done { get; set; }

    public bool OnResponse(TransactionContext context, SipResponse response)
    {
        _owner.OnResponse(this, response);
        return false;
    }

    public void OnFailure(TransactionContext context, SipClientFailure failure) => _owner.OnFailure(this, failure);

    // Our Via is written alone on its line, so the line is the value.
    private static string FirstValue(string value) => value;
}
