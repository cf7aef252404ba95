using UcStack.Sip.Dialogs;
using UcStack.Sip.Transactions;
using UcStack.Sip.Transport;

namespace UcStack.Sip.Stack;

/// <summary>
/// A received request with its server transaction: answer it with <see cref="RespondAsync"/>. Provisional
/// responses may precede one final response; retransmissions of the request are absorbed by the transaction.
/// </summary>
/// <remarks>Thread-safe: responses are queued to the endpoint's loop. <see cref="Request"/> belongs to the
/// endpoint and is disposed when the transaction ends (after the final response has been retransmitted as
/// needed); read or copy what you need before then.</remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification =
    "The CancellationTokenSource has no timer and its wait handle is never created; the token must stay valid for the application after the transaction ends.")]
public sealed class SipIncomingRequest
{
    private readonly SipEndpoint _endpoint;
    private readonly TransactionContext _context;
    private readonly CancellationTokenSource _cancelled = new();
    private string? _localTag;
    private volatile bool _final;

    internal SipIncomingRequest(SipEndpoint endpoint, TransactionContext context, SipFlow flow)
    {
        _endpoint = endpoint;
        _context = context;
        Flow = flow;
    }

    /// <summary>The request.</summary>
    public SipRequest Request => _context.Request;

    /// <summary>The flow it arrived on (responses go back along it, RFC 3261 §18.2.2).</summary>
    public SipFlow Flow { get; }

    /// <summary>The dialog an in-dialog request belongs to, or the dialog a response created; otherwise
    /// <see langword="null"/>.</summary>
    public SipDialog? Dialog { get; internal set; }

    /// <summary>Whether a final (200–699) response was sent.</summary>
    public bool HasFinalResponse => _final;

    /// <summary>Cancelled when a CANCEL for this INVITE arrived (RFC 3261 §9.2); the stack has then already
    /// answered 487 (Request Terminated).</summary>
    public CancellationToken Cancelled => _cancelled.Token;

    /// <summary>The To tag this side uses in responses (RFC 3261 §8.2.6.2): the request's own To tag inside a
    /// dialog, otherwise one random tag for all responses to this request.</summary>
    public string LocalTag => _context.Request.ToTag ?? (_localTag ??= SipMessageComposer.NewId(16));

    /// <summary>Sends a response.</summary>
    /// <param name="statusCode">100–699.</param>
    /// <param name="reasonPhrase">The Reason-Phrase, or <see langword="null"/> for the standard one.</param>
    /// <param name="headers">Extra header lines, in order, or <see langword="null"/>.</param>
    /// <param name="body">The body (copied), empty for none.</param>
    /// <param name="contentType">The body's media type (e.g. <c>application/sdp</c>), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops waiting (the response may still be sent).</param>
    /// <returns>A task that completes when the transaction has taken the response.</returns>
    /// <exception cref="InvalidOperationException">A final response was already sent.</exception>
    /// <exception cref="ArgumentException">A header or the reason phrase cannot be carried.</exception>
    /// <exception cref="ObjectDisposedException">The endpoint was disposed or the transaction is gone.</exception>
    public Task RespondAsync(
        int statusCode,
        string? reasonPhrase = null,
        IEnumerable<KeyValuePair<string, string>>? headers = null,
        ReadOnlyMemory<byte> body = default,
        string? contentType = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 699);
        var list = headers?.ToList();
        return _endpoint.InvokeAsync(() =>
        {
            RespondInLoop(statusCode, reasonPhrase, list, body, contentType);
            return true;
        }).WaitAsync(cancellationToken);
    }

    /// <summary>UAS digest authentication (RFC 3261 §22.2, §22.3): verifies the request's Authorization
    /// (or Proxy-Authorization) and, unless it is valid, answers 401 (or 407) with fresh challenges, flagged
    /// stale when the nonce had only expired.</summary>
    /// <param name="authenticator">The authenticator (realm, credential store, nonces).</param>
    /// <param name="proxy"><see langword="true"/> to act as a proxy: Proxy-Authorization and 407.</param>
    /// <param name="cancellationToken">Cancels the credential lookup.</param>
    /// <returns>The verification; when it is not <see cref="DigestVerification.IsAuthenticated"/> the challenge
    /// has already been sent and the request is answered.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="authenticator"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">A final response was already sent.</exception>
    /// <exception cref="ObjectDisposedException">The authenticator or endpoint was disposed.</exception>
    public async Task<DigestVerification> AuthenticateAsync(DigestAuthenticator authenticator, bool proxy = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(authenticator);
        var verification = await authenticator.VerifyAsync(Request, proxy, cancellationToken).ConfigureAwait(false);
        if (verification.IsAuthenticated) return verification;
        var name = DigestAuthenticator.ChallengeHeaderName(proxy);
        var challenges = authenticator.CreateChallenges(stale: verification.IsStale)
            .Select(c => new KeyValuePair<string, string>(name, c.ToString()));
        await RespondAsync(proxy ? 407 : 401, null, challenges, cancellationToken: cancellationToken).ConfigureAwait(false);
        return verification;
    }

    internal void RespondInLoop(
        int statusCode, string? reasonPhrase, IReadOnlyList<KeyValuePair<string, string>>? headers, ReadOnlyMemory<byte> body, string? contentType)
    {
        if (_context.Disposed) throw new ObjectDisposedException(nameof(SipIncomingRequest), "The transaction is gone.");
        if (_final) throw new InvalidOperationException("A final response was already sent.");
        var request = _context.Request;
        var builder = SipResponseBuilder.For(request, statusCode, reasonPhrase);

        // RFC 3261 §8.2.6.2: every response but 100 carries a To tag, the same for all responses to the request.
        if (statusCode > 100) builder.WithToTag(LocalTag);
        if (IsDialogForming(request.MethodKind, statusCode))
        {
            // RFC 3261 §12.1.1: the UAS copies Record-Route into dialog-creating responses and adds a Contact.
            if (request.ToTag is null)
            {
                foreach (var header in request.Headers)
                {
                    if (header.HasName("Record-Route")) builder.AddHeader("Record-Route", header.Value);
                }
            }

            builder.AddContact(_endpoint.LocalContact(Flow.Protocol));
        }

        if (_endpoint.Options.UserAgent is { } server) builder.AddHeader("Server", server);
        if (headers is not null)
        {
            foreach (var (name, value) in headers) builder.AddHeader(name, value);
        }

        if (!body.IsEmpty || contentType is not null) builder.SetBody(body.Span, contentType);
        var response = builder.Build();
        _context.OwnedResponses.Add(response);
        if (statusCode >= 200) _final = true;
        ResponseObserver?.Invoke(response);
        _context.Transaction.Process(SipTransactionInput.Respond(response));
    }

    /// <summary>Sends a response built elsewhere (a proxy forwarding a downstream response, RFC 3261 §16.7)
    /// through this request's server transaction, which takes ownership of it. On the loop only.</summary>
    internal void ForwardInLoop(SipResponse response)
    {
        if (_context.Disposed) throw new ObjectDisposedException(nameof(SipIncomingRequest), "The transaction is gone.");
        if (_final) throw new InvalidOperationException("A final response was already sent.");
        _context.OwnedResponses.Add(response);
        if (response.StatusCode >= 200) _final = true;
        _context.Transaction.Process(SipTransactionInput.Respond(response));
    }

    /// <summary>Responses that carry a Contact: 101–299 to methods that create or refresh a dialog
    /// (RFC 3261 §12.1.1, §14; RFC 6665 §4.1.2.1; RFC 3515 §2.4.1; RFC 3311 §5.2).</summary>
    internal static bool IsDialogForming(SipMethodKind method, int statusCode) =>
        statusCode is > 100 and < 300
        && method is SipMethodKind.Invite or SipMethodKind.Subscribe or SipMethodKind.Refer or SipMethodKind.Update;

    internal SipTransaction Transaction => _context.Transaction;

    /// <summary>Sees every response before the transaction sends it (on the loop): the INVITE session uses it
    /// to create dialogs and retransmit 2xx.</summary>
    internal Action<SipResponse>? ResponseObserver { get; set; }

    internal void SignalCancelled() => _endpoint.StartHandler(() =>
    {
        try
        {
            _cancelled.Cancel();
        }
        catch (AggregateException)
        {
            // a registration callback threw; nothing the stack can do about it
        }

        return Task.CompletedTask;
    });

    internal void OnTransactionGone()
    {
        // Once gone, nothing can be sent: mark final so handlers fail fast with a clear error.
        _final = true;
    }

    internal void OnEndpointClosed() => OnTransactionGone();
}
