using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using UcStack.Sip.Stack;

namespace UcStack.Sip.Registrar;

/// <summary>
/// A registrar (RFC 3261 §10.3): authenticates REGISTER requests with digest (401), checks that the user may
/// register the address of record, applies the Contact changes to an <see cref="ILocationService"/> under the
/// Call-ID/CSeq ordering rules, and answers 200 listing every current binding.
/// </summary>
/// <remarks>Thread-safe; holds no per-request state. Log EventIds 1300–1319 (highest used: 1302).</remarks>
public sealed partial class SipRegistrar
{
    private readonly SipRegistrarOptions _options;
    private readonly ILocationService _locations;
    private readonly ISipUserStore _users;
    private readonly DigestAuthenticator? _authenticator;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates a registrar.</summary>
    /// <param name="options">Domains and expiry limits.</param>
    /// <param name="locations">Where bindings are kept.</param>
    /// <param name="users">The users of the domain (unknown users get 404).</param>
    /// <param name="authenticator">Digest authentication (RFC 3261 §22); <see langword="null"/> accepts every
    /// REGISTER for a known user without authentication (for closed test networks only).</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">Logging; none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">A required argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public SipRegistrar(
        SipRegistrarOptions options, ILocationService locations, ISipUserStore users, DigestAuthenticator? authenticator,
        TimeProvider? timeProvider = null, ILogger<SipRegistrar>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(locations);
        ArgumentNullException.ThrowIfNull(users);
        options.Validate();
        _options = options;
        _locations = locations;
        _users = users;
        _authenticator = authenticator;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Answers a REGISTER. Other methods get 405.</summary>
    /// <param name="incoming">The request.</param>
    /// <param name="cancellationToken">Cancels lookups.</param>
    /// <returns>A task that completes when the request is answered.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="incoming"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The request was already answered.</exception>
    public async Task HandleAsync(SipIncomingRequest incoming, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        var request = incoming.Request;
        if (request.MethodKind != SipMethodKind.Register)
        {
            await incoming.RespondAsync(405, null, [new("Allow", "REGISTER")], cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        RegisterDecision decision;
        try
        {
            decision = Inspect(request);
        }
        catch (SipParseException ex)
        {
            // RFC 3261 §21.4.1: a header we cannot read is a bad request; say which.
            await incoming.RespondAsync(400, Reason(ex.Message), cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        if (decision.Status != 0)
        {
            await incoming.RespondAsync(decision.Status, decision.Reason, decision.Headers, cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        // RFC 3261 §10.3 step 3: authenticate; the challenge is 401 with WWW-Authenticate.
        string? authenticated = null;
        if (_authenticator is not null)
        {
            var verification = await incoming.AuthenticateAsync(_authenticator, proxy: false, cancellationToken).ConfigureAwait(false);
            if (!verification.IsAuthenticated)
            {
                Log.Challenged(_logger, decision.AddressOfRecord!, verification.Status);
                return;
            }

            authenticated = verification.Username;

            // RFC 3261 §10.3 step 4: the authenticated user must be allowed to change this address of record;
            // here a user may register only their own.
            if (!string.Equals(authenticated, decision.User, StringComparison.Ordinal))
            {
                await incoming.RespondAsync(403, "Not Your Address Of Record", cancellationToken: cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        // RFC 3261 §10.3 step 5: an address of record the domain does not know gets 404.
        if (!await _users.ExistsAsync(decision.User!, cancellationToken).ConfigureAwait(false))
        {
            await incoming.RespondAsync(404, cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        var update = new SipBindingUpdate(decision.AddressOfRecord!, request.CallId, request.CSeqNumber, decision.RemoveAll, decision.Changes,
            incoming.Flow, authenticated);
        var result = await _locations.ApplyAsync(update, cancellationToken).ConfigureAwait(false);
        switch (result.Status)
        {
            case SipBindingUpdateStatus.OutOfOrder:
                // RFC 3261 §10.3 step 7: a REGISTER older than the binding it touches fails without effect.
                await incoming.RespondAsync(500, "Out Of Order Registration", [new("Retry-After", "1")], cancellationToken: cancellationToken).ConfigureAwait(false);
                return;
            case SipBindingUpdateStatus.TooManyBindings:
                await incoming.RespondAsync(403, "Too Many Bindings", cancellationToken: cancellationToken).ConfigureAwait(false);
                return;
            case SipBindingUpdateStatus.Full:
                await incoming.RespondAsync(503, "Location Service Full", [new("Retry-After", "60")], cancellationToken: cancellationToken).ConfigureAwait(false);
                return;
        }

        Log.Registered(_logger, decision.AddressOfRecord!, result.Bindings.Count);

        // RFC 3261 §10.3 step 8: the 200 lists every current binding with its remaining lifetime, and a Date.
        var now = _time.GetUtcNow();
        var headers = new List<KeyValuePair<string, string>>(result.Bindings.Count + 1);
        foreach (var binding in result.Bindings)
        {
            var remaining = (long)Math.Ceiling(Math.Max(0, (binding.Expires - now).TotalSeconds));
            var q = binding.Q == 1m ? string.Empty : string.Concat(";q=", binding.Q.ToString("0.###", CultureInfo.InvariantCulture));
            headers.Add(new("Contact", string.Concat("<", binding.Contact.ToString(), ">;expires=", remaining.ToString(CultureInfo.InvariantCulture), q)));
        }

        headers.Add(new("Date", now.ToString("r", CultureInfo.InvariantCulture)));
        await incoming.RespondAsync(200, null, headers, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The checks that need no lookups: domain, address of record, Contact syntax and lifetimes.</summary>
    private RegisterDecision Inspect(SipRequest request)
    {
        // RFC 3261 §10.3 step 1: the Request-URI names the domain this registrar serves.
        if (!SipAddressOfRecord.IsInDomain(request.RequestUri, _options.Domains)) return RegisterDecision.Fail(404, "Domain Not Served");

        // RFC 3261 §10.3 step 5: the address of record is the To URI, canonicalized.
        var to = request.To.Uri;
        if (!SipAddressOfRecord.IsInDomain(to, _options.Domains)) return RegisterDecision.Fail(404, "Domain Not Served");
        if (!SipAddressOfRecord.TryCanonicalize(to, out var addressOfRecord)) return RegisterDecision.Fail(400, "To Has No User");
        var user = SipAddressOfRecord.UserOf(to)!;
        var contacts = request.Contacts;
        if (contacts.Count > _options.MaxContactsPerRequest) return RegisterDecision.Fail(403, "Too Many Contacts");

        // RFC 3261 §10.3 step 6: '*' is allowed only alone and with Expires: 0.
        if (contacts.Any(c => c.IsWildcard))
        {
            if (contacts.Count != 1 || request.Expires != 0) return RegisterDecision.Fail(400, "Invalid Wildcard Contact");
            return new RegisterDecision(0, null, null, addressOfRecord, user, true, []);
        }

        var changes = new List<SipContactChange>(contacts.Count);
        foreach (var contact in contacts)
        {
            // RFC 3261 §10.3 step 7: the lifetime is the Contact's expires, else Expires, else the default; a
            // non-zero one below the minimum gets 423 with Min-Expires; a longer one is shortened.
            var seconds = (long?)contact.Expires ?? request.Expires ?? (long)_options.DefaultExpires.TotalSeconds;
            var expires = TimeSpan.FromSeconds(seconds);
            if (seconds != 0 && expires < _options.MinExpires)
            {
                var min = ((long)_options.MinExpires.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                return RegisterDecision.Fail(423, null, [new("Min-Expires", min)]);
            }

            if (expires > _options.MaxExpires) expires = _options.MaxExpires;
            changes.Add(new SipContactChange(contact.Uri!, expires, contact.Q ?? 1m));
        }

        return new RegisterDecision(0, null, null, addressOfRecord, user, false, changes);
    }

    private static string Reason(string message) =>
        new([.. message.Take(100).Select(c => c is '\r' or '\n' || char.IsControl(c) ? ' ' : c)]);

    private sealed record RegisterDecision(
        int Status, string? Reason, IReadOnlyList<KeyValuePair<string, string>>? Headers, string? AddressOfRecord, string? User, bool RemoveAll,
        IReadOnlyList<SipContactChange> Changes)
    {
        public static RegisterDecision Fail(int status, string? reason, IReadOnlyList<KeyValuePair<string, string>>? headers = null) =>
            new(status, reason, headers, null, null, false, []);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1300, Level = LogLevel.Debug, Message = "REGISTER for {AddressOfRecord} challenged ({Status})")]
        public static partial void Challenged(ILogger logger, string addressOfRecord, DigestVerificationStatus status);

        [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "{AddressOfRecord} now has {Count} binding(s)")]
        public static partial void Registered(ILogger logger, string addressOfRecord, int count);
    }
}
