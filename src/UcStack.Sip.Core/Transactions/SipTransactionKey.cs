using System.Globalization;

namespace UcStack.Sip.Transactions;

/// <summary>
/// Identifies a transaction for matching (RFC 3261 §17.1.3, §17.2.3). Client keys are the top Via branch
/// plus the CSeq method. Server keys are the branch, the sent-by of the top Via and the method (an ACK keys
/// as INVITE); when the branch lacks the RFC 3261 magic cookie <c>z9hG4bK</c>, the RFC 2543 fallback keys on
/// Request-URI, To tag, From tag, Call-ID, CSeq and the whole top Via instead.
/// </summary>
/// <remarks>
/// In the fallback an INVITE and its ACK differ in the To tag (the ACK carries the tag of the server's
/// response), so INVITE and ACK keys leave the To tag out; <see cref="SipServerInviteTransaction"/> checks
/// the ACK's To tag against the response it sent. The Request-URI is compared as text, not with the URI
/// equality rules of §19.1.4.
/// </remarks>
public readonly struct SipTransactionKey : IEquatable<SipTransactionKey>
{
    /// <summary>The branch prefix of RFC 3261 compliant requests (§8.1.1.7).</summary>
    public const string MagicCookie = "z9hG4bK";

    private readonly string? _branch;
    private readonly string? _sentBy;
    private readonly string? _method;
    private readonly string? _legacy;

    private SipTransactionKey(bool isServer, string? branch, string? sentBy, string method, string? legacy)
    {
        IsServer = isServer;
        _branch = branch;
        _sentBy = sentBy;
        _method = method;
        _legacy = legacy;
    }

    /// <summary>Whether this is a server key.</summary>
    public bool IsServer { get; }

    /// <summary>Whether the key uses the RFC 2543 fallback.</summary>
    public bool IsRfc2543 => _legacy is not null;

    /// <summary>The branch (empty for fallback keys).</summary>
    public string Branch => _branch ?? string.Empty;

    /// <summary>The method part of the key (ACK is folded into INVITE for server keys).</summary>
    public string Method => _method ?? string.Empty;

    /// <summary>The client key of a request this side sends (RFC 3261 §17.1.3).</summary>
    /// <param name="request">The request.</param>
    /// <returns>The key.</returns>
    /// <exception cref="ArgumentException">The top Via has no branch (every request we send must carry one).</exception>
    public static SipTransactionKey ForClient(SipRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var branch = request.TopViaBranch;
        if (string.IsNullOrEmpty(branch)) throw new ArgumentException("The top Via has no branch parameter.", nameof(request));
        return new(false, branch, null, request.CSeqMethod, null);
    }

    /// <summary>The client key a response matches (RFC 3261 §17.1.3: top Via branch and CSeq method).</summary>
    /// <param name="response">The response.</param>
    /// <param name="key">The key.</param>
    /// <returns><see langword="false"/> when the response has no branch and so matches no client transaction.</returns>
    public static bool TryForResponse(SipResponse response, out SipTransactionKey key)
    {
        ArgumentNullException.ThrowIfNull(response);
        var branch = response.TopViaBranch;
        if (string.IsNullOrEmpty(branch))
        {
            key = default;
            return false;
        }

        key = new(false, branch, null, response.CSeqMethod, null);
        return true;
    }

    /// <summary>The server key of a received request (RFC 3261 §17.2.3).</summary>
    /// <param name="request">The request.</param>
    /// <returns>The key.</returns>
    /// <exception cref="SipParseException">The RFC 2543 fallback needs the whole top Via, and a Via header
    /// line does not match its grammar.</exception>
    public static SipTransactionKey ForServer(SipRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);

        // RFC 3261 §17.2.3: the ACK for a non-2xx response matches the INVITE transaction.
        var method = request.MethodKind == SipMethodKind.Ack ? "INVITE" : request.Method;
        var branch = request.TopViaBranch;
        if (branch is not null && branch.StartsWith(MagicCookie, StringComparison.Ordinal))
        {
            // RFC 3261 §17.2.3: branch, sent-by (host and port of the top Via) and method.
            var port = request.TopViaPort;
            var sentBy = port is null
                ? request.TopViaHost.ToLowerInvariant()
                : string.Concat(request.TopViaHost.ToLowerInvariant(), ":", port.Value.ToString(CultureInfo.InvariantCulture));
            return new(true, branch, sentBy, method, null);
        }

        // RFC 3261 §17.2.3 (RFC 2543 fallback): Request-URI, To tag, From tag, Call-ID, CSeq and top Via.
        // INVITE and ACK leave the To tag out (see remarks).
        var inviteOrAck = request.MethodKind is SipMethodKind.Invite or SipMethodKind.Ack;
        var legacy = string.Join(
            '\n',
            request.RequestUriText,
            inviteOrAck ? string.Empty : request.ToTag ?? string.Empty,
            request.FromTag ?? string.Empty,
            request.CallId,
            request.CSeqNumber.ToString(CultureInfo.InvariantCulture),
            request.Vias[0].ToString());
        return new(true, null, null, method, legacy);
    }

    /// <inheritdoc/>
    public bool Equals(SipTransactionKey other) =>
        IsServer == other.IsServer
        && string.Equals(_branch, other._branch, StringComparison.Ordinal)
        && string.Equals(_sentBy, other._sentBy, StringComparison.Ordinal)
        && string.Equals(_method, other._method, StringComparison.Ordinal)
        && string.Equals(_legacy, other._legacy, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SipTransactionKey other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(IsServer, _branch, _sentBy, _method, _legacy);

    /// <summary>Equality.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether equal.</returns>
    public static bool operator ==(SipTransactionKey left, SipTransactionKey right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether different.</returns>
    public static bool operator !=(SipTransactionKey left, SipTransactionKey right) => !left.Equals(right);

    /// <inheritdoc/>
    public override string ToString() => IsRfc2543
        ? string.Concat(IsServer ? "server/2543 " : "client/2543 ", Method)
        : string.Concat(IsServer ? "server " : "client ", Branch, " ", _sentBy, " ", Method);
}
