using System.Globalization;
using UcStack.Sip.Transport;

namespace UcStack.Sip.Stack;

// Requests this endpoint originates outside dialogs (RFC 3261 §8.1).
public sealed partial class SipEndpoint
{
    /// <summary>
    /// Starts a request with every header RFC 3261 §8.1.1 requires: a Via built from the listen point of
    /// <paramref name="protocol"/> (fresh <c>z9hG4bK</c> branch from <see cref="System.Security.Cryptography.RandomNumberGenerator"/>,
    /// <c>rport</c>, RFC 3581), Max-Forwards 70, From with <see cref="SipEndpointOptions.LocalUri"/> and a fresh
    /// tag, To, a fresh Call-ID, CSeq 1, a Contact for methods that need one, and User-Agent. Add headers or a
    /// body, build it, and pass it to <see cref="SendRequestAsync"/>; Content-Length is always computed.
    /// </summary>
    /// <param name="method">The method.</param>
    /// <param name="requestUri">The Request-URI.</param>
    /// <param name="toUri">The To URI; the Request-URI when <see langword="null"/>.</param>
    /// <param name="protocol">The transport the request will use (decides the Via and Contact).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The method or a URI cannot be carried in a request.</exception>
    /// <exception cref="InvalidOperationException">The transport has no listen points.</exception>
    public SipRequestBuilder CreateRequest(string method, string requestUri, string? toUri = null, SipTransportProtocol protocol = SipTransportProtocol.Udp)
    {
        var builder = new SipRequestBuilder(method, requestUri)
            .AddHeader("Via", NewVia(protocol))
            .SetMaxForwards()
            .SetFrom(Options.LocalUri, Options.DisplayName)
            .SetTo(toUri ?? requestUri)
            .SetCallId()
            .SetCSeq(1);
        if (method is "INVITE" or "SUBSCRIBE" or "REFER" or "REGISTER" or "UPDATE" or "NOTIFY") builder.AddContact(LocalContact(protocol));
        if (Options.UserAgent is { } agent) builder.AddHeader("User-Agent", agent);
        return builder;
    }

    /// <summary>
    /// Sends a request outside a dialog in a new client transaction and returns its final response. Provisional
    /// responses are skipped. The endpoint takes ownership of <paramref name="request"/>; the caller owns
    /// the returned response.
    /// </summary>
    /// <param name="request">A request other than INVITE, ACK and CANCEL, with a <c>z9hG4bK</c> branch in its top Via
    /// (as <see cref="CreateRequest"/> builds). Calls (INVITE) go through the call API.</param>
    /// <param name="target">Where to send it.</param>
    /// <param name="cancellationToken">Stops waiting. A non-INVITE request cannot be withdrawn (RFC 3261 §9.1),
    /// so the transaction itself runs on.</param>
    /// <returns>The final response.</returns>
    /// <exception cref="ArgumentException">The method is INVITE, ACK or CANCEL, or the branch lacks the magic cookie.</exception>
    /// <exception cref="SipRequestTimeoutException">No final response in 64*T1 (timer F).</exception>
    /// <exception cref="SipTransportException">The transport could not send it (RFC 3261 §8.1.3.1: as if 503).</exception>
    /// <exception cref="InvalidOperationException">The transaction table is full.</exception>
    /// <exception cref="ObjectDisposedException">The endpoint was disposed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<SipResponse> SendRequestAsync(SipRequest request, SipTransportTarget target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(target);
        if (request.MethodKind is SipMethodKind.Invite or SipMethodKind.Ack or SipMethodKind.Cancel)
            throw new ArgumentException("INVITE, ACK and CANCEL are sent by the call API, not as plain requests.", nameof(request));
        if (request.TopViaBranch is not { } branch || !branch.StartsWith(Transactions.SipTransactionKey.MagicCookie, StringComparison.Ordinal))
            throw new ArgumentException("The top Via needs a branch starting with z9hG4bK (RFC 3261 §8.1.1.7).", nameof(request));
        return SendAsync(request, target, answerChallenges: true, cancellationToken);
    }

    /// <summary>Starts a client transaction from any thread and awaits its final response; with
    /// <paramref name="answerChallenges"/> a 401/407 is answered with <see cref="SipEndpointOptions.DigestClient"/>.</summary>
    internal Task<SipResponse> SendAsync(SipRequest request, SipTransportTarget target, bool answerChallenges, CancellationToken cancellationToken)
    {
        var pending = new PendingRequest(null) { Challenges = answerChallenges ? NewChallengeResponder(null) : null };
        if (!Post(() => StartPending(request, target, pending))) pending.Fail(new ObjectDisposedException(nameof(SipEndpoint)));
        return pending.Task.WaitAsync(cancellationToken);
    }

    /// <summary>A responder for the challenges to one request and its retries, or <see langword="null"/> without
    /// <see cref="SipEndpointOptions.DigestClient"/>.</summary>
    /// <param name="nextSequence">Takes the retry's CSeq number (a dialog's next local one); <see langword="null"/>: the
    /// challenged request's plus one.</param>
    internal SipChallengeResponder? NewChallengeResponder(Func<uint>? nextSequence) =>
        Options.DigestClient is { } digest ? new SipChallengeResponder(this, digest, nextSequence) : null;

    internal void OnChallengeAnswered(string method, int status)
    {
        _metrics.ChallengeAnswered(method);
        Log.ChallengeAnswered(_logger, status, method);
    }

    internal void LogChallengeRefused(string method, string reason) => Log.ChallengeNotAnswered(_logger, method, reason);

    /// <summary>Starts a client transaction on the loop; the result arrives through the returned pending request.</summary>
    internal PendingRequest StartPending(SipRequest request, SipTransportTarget target, PendingRequest pending)
    {
        try
        {
            StartClientTransaction(request, target, pending);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            request.Dispose();
            pending.Fail(ex);
        }

        return pending;
    }

    /// <summary>The Via for a new request: sent-by from the listen point, fresh branch, rport (RFC 3581 §3).</summary>
    internal string NewVia(SipTransportProtocol protocol)
    {
        var point = ListenPointFor(protocol);
        return string.Concat(
            SipRequestBuilder.FormatVia(SipTargetResolution.ViaToken(protocol), SipTargetResolution.HostText(point.EndPoint.Address),
                point.EndPoint.Port, SipMessageComposer.NewBranch()),
            ";rport");
    }

    /// <summary>The Contact URI for a protocol: our address as the transport listens on it.</summary>
    internal string LocalContact(SipTransportProtocol protocol)
    {
        var point = ListenPointFor(protocol);
        var user = Options.ContactUser is { } u ? u + "@" : string.Empty;
        var scheme = protocol == SipTransportProtocol.Tls ? "sips:" : "sip:";
        var transport = protocol == SipTransportProtocol.Tcp ? ";transport=tcp" : string.Empty;
        return string.Concat(scheme, user, SipTargetResolution.HostText(point.EndPoint.Address), ":",
            point.EndPoint.Port.ToString(CultureInfo.InvariantCulture), transport);
    }

    internal SipListenPoint ListenPointFor(SipTransportProtocol protocol)
    {
        var points = _transport.ListenPoints;
        if (points.Count == 0) throw new InvalidOperationException("The transport layer has no listen points.");
        foreach (var point in points)
        {
            if (point.Protocol == protocol) return point;
        }

        return points[0];
    }

    /// <summary>Maps a URI to a transport target with <see cref="SipEndpointOptions.ResolveTarget"/>.</summary>
    internal SipTransportTarget Resolve(AddressUri uri) => _resolve(uri);

    /// <summary>A client transaction user that completes a task with the final response.</summary>
    internal sealed class PendingRequest(
        Action<SipResponse>? provisional, Action<SipResponse>? final = null, Action<SipClientFailure>? failed = null) : IClientTransactionUser
    {
        private readonly TaskCompletionSource<SipResponse> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<SipResponse> Task => _done.Task;

        /// <summary>Answers 401/407 with a retry in a new transaction (the same user), or <see langword="null"/>.</summary>
        public SipChallengeResponder? Challenges { get; init; }

        public bool OnResponse(TransactionContext context, SipResponse response)
        {
            if (response.StatusCode < 200)
            {
                provisional?.Invoke(response);
                return false;
            }

            // Only the first final response is the result; the loop-side callback sees it before the caller can.
            if (_done.Task.IsCompleted) return false;

            // RFC 3261 §8.1.3.5: a 401/407 we can answer is not the result; the retry's final response will be.
            if (response.StatusCode is 401 or 407 && Challenges is { } challenges && challenges.TryRetry(context, response, this)) return false;
            final?.Invoke(response);
            return _done.TrySetResult(response);
        }

        public void OnFailure(TransactionContext context, SipClientFailure failure)
        {
            failed?.Invoke(failure);
            Fail(Error(context, failure));
        }

        private static Exception Error(TransactionContext context, SipClientFailure failure) => failure switch
        {
            SipClientFailure.Timeout => new SipRequestTimeoutException(
                string.Concat(context.Request.Method, " timed out (RFC 3261 §8.1.3.1: treated as 408).")),
            SipClientFailure.TransportError => new SipTransportException(
                string.Concat(context.Request.Method, " could not be sent (RFC 3261 §8.1.3.1: treated as 503)."),
                context.LastError ?? new SipTransportException("transport error")),
            _ => new ObjectDisposedException(nameof(SipEndpoint)),
        };

        public void Fail(Exception error) => _done.TrySetException(error);
    }
}
