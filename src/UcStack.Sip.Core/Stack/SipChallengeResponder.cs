using System.Diagnostics.CodeAnalysis;
using UcStack.Sip.Transport;

namespace UcStack.Sip.Stack;

/// <summary>
/// Answers the 401/407 challenges to one request of ours and its retries (RFC 3261 §8.1.3.5, §22.2, §22.3;
/// RFC 8760): the retry is the same request with a new branch, the next CSeq and the credentials from the
/// endpoint's <see cref="DigestClient"/>. Credentials a challenge has just refused are never sent again: a new
/// challenge for a realm the request already carried credentials for is answered only when it says
/// <c>stale=true</c>. Used only on the endpoint's loop.
/// </summary>
internal sealed class SipChallengeResponder(SipEndpoint endpoint, DigestClient digest, Func<uint>? nextSequence)
{
    /// <summary>The most retries for one request: a server that answers stale=true for ever cannot keep us busy.</summary>
    internal const int MaxRetries = 3;

    private int _retries;

    /// <summary>Builds the retry for a 401/407 to <paramref name="sent"/>, or explains (in the log) why not.</summary>
    /// <param name="sent">The request the response answers.</param>
    /// <param name="response">The final response.</param>
    /// <param name="protocol">The transport of the retry (for its Via).</param>
    /// <param name="retry">The new request, which the caller owns, when the result is <see langword="true"/>.</param>
    /// <returns>Whether the challenge is answered.</returns>
    public bool TryBuildRetry(SipRequest sent, SipResponse response, SipTransportProtocol protocol, [NotNullWhen(true)] out SipRequest? retry)
    {
        retry = null;
        if (response.StatusCode is not (401 or 407)) return false;
        if (_retries >= MaxRetries)
        {
            endpoint.LogChallengeRefused(sent.Method, "too many retries");
            return false;
        }

        // RFC 3261 §22.3: a proxy challenges in Proxy-Authenticate (407), a UAS in WWW-Authenticate (401); the
        // answers go in Proxy-Authorization and Authorization respectively.
        var proxy = response.StatusCode == 407;
        var credentialsHeader = DigestClient.CredentialsHeaderName(response.StatusCode);
        IReadOnlyList<AuthenticationHeader> challenges;
        IReadOnlyList<AuthenticationHeader> carried;
        try
        {
            challenges = proxy ? response.ProxyAuthenticate : response.WwwAuthenticate;
            carried = proxy ? sent.ProxyAuthorization : sent.Authorization;
        }
        catch (SipParseException)
        {
            endpoint.LogChallengeRefused(sent.Method, "malformed challenge");
            return false;
        }

        if (RefusesCarriedCredentials(challenges, carried))
        {
            endpoint.LogChallengeRefused(sent.Method, "credentials rejected");
            return false;
        }

        // RFC 3261 §22.4: the digest-uri is the Request-URI of the request being retried.
        if (!digest.TryAnswer(challenges, sent.Method, sent.RequestUriText, out var answers))
        {
            endpoint.LogChallengeRefused(sent.Method, "no usable Digest challenge");
            return false;
        }

        // RFC 3261 §8.1.3.5: the retry keeps Call-ID, From tag and To, takes the next CSeq number (§12.2.1.1 inside a
        // dialog) and, as a new transaction, a new branch.
        var sequence = nextSequence?.Invoke() ?? sent.CSeqNumber + 1;
        try
        {
            retry = Rebuild(sent, endpoint.NewVia(protocol), sequence, credentialsHeader, answers);
        }
        catch (Exception ex) when (ex is SipParseException or ArgumentException)
        {
            endpoint.LogChallengeRefused(sent.Method, ex.Message);
            return false;
        }

        _retries++;
        endpoint.OnChallengeAnswered(sent.Method, response.StatusCode);
        return true;
    }

    /// <summary>Builds and starts the retry as a new client transaction for <paramref name="user"/>.</summary>
    /// <returns>Whether the retry is on its way (then the challenge is not the final response).</returns>
    public bool TryRetry(TransactionContext context, SipResponse response, IClientTransactionUser user)
    {
        if (context.Target is not { } target || !TryBuildRetry(context.Request, response, target.Protocol, out var retry)) return false;
        try
        {
            endpoint.StartClientTransaction(retry, target, user);
            return true;
        }
        catch (InvalidOperationException ex)
        {
            retry.Dispose();
            endpoint.LogChallengeRefused(context.Request.Method, ex.Message);
            return false;
        }
    }

    /// <summary>RFC 3261 §22.2: a challenge for a realm whose credentials the request carried means they were
    /// refused, unless the server only found the nonce stale (RFC 7616 §3.3: stale=true, the password was right).</summary>
    private static bool RefusesCarriedCredentials(IReadOnlyList<AuthenticationHeader> challenges, IReadOnlyList<AuthenticationHeader> carried)
    {
        foreach (var challenge in challenges)
        {
            if (!challenge.IsDigest || challenge.Realm is not { } realm) continue;
            var sentForRealm = carried.Any(c => c.IsDigest && string.Equals(c.Realm, realm, StringComparison.Ordinal));
            if (!sentForRealm) continue;
            var stale = challenges.Any(c => c.IsDigest && string.Equals(c.Realm, realm, StringComparison.Ordinal) && c.Stale == true);
            if (!stale) return true;
        }

        return false;
    }

    /// <summary>The request again with a new top Via, a new CSeq number and fresh credentials of one kind; every other
    /// header line and the body are kept as they were.</summary>
    internal static SipRequest Rebuild(SipRequest sent, string via, uint sequence, string credentialsHeader, IReadOnlyList<AuthenticationHeader> answers)
    {
        var builder = new SipRequestBuilder(sent.Method, sent.RequestUriText);
        var viaWritten = false;
        foreach (var header in sent.Headers)
        {
            if (header.HasName("Via"))
            {
                // A request we originate has one Via; the retry's is ours with the new branch.
                if (!viaWritten) builder.AddHeader("Via", via);
                viaWritten = true;
            }
            else if (header.HasName("CSeq"))
            {
                builder.SetCSeq(sequence);
            }
            else if (!header.HasName("Content-Length") && !header.HasName(credentialsHeader))
            {
                builder.AddHeader(header.Name, header.Value);
            }
        }

        foreach (var answer in answers) builder.AddHeader(credentialsHeader, answer.ToString());
        if (!sent.Body.IsEmpty) builder.SetBody(sent.Body.Span);
        return builder.Build();
    }
}
