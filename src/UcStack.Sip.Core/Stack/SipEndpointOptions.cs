using UcStack.Sip.Transactions;
using UcStack.Sip.Transport;

namespace UcStack.Sip.Stack;

/// <summary>Settings of a <see cref="SipEndpoint"/>. Immutable once the endpoint is built.</summary>
public sealed record SipEndpointOptions
{
    /// <summary>The timer base values T1, T2, T4 (RFC 3261 §17, Table 4).</summary>
    public SipTimerOptions Timers { get; init; } = SipTimerOptions.Default;

    /// <summary>The address of record this endpoint speaks for: the From URI of requests it originates
    /// (RFC 3261 §8.1.1.3). Default <c>sip:anonymous@anonymous.invalid</c>.</summary>
    public string LocalUri { get; init; } = "sip:anonymous@anonymous.invalid";

    /// <summary>The display name put into From, or <see langword="null"/>.</summary>
    public string? DisplayName { get; init; }

    /// <summary>The user part of the Contact URI built from the listen points; <see langword="null"/> for none.</summary>
    public string? ContactUser { get; init; }

    /// <summary>The User-Agent (requests) and Server (responses) header value; <see langword="null"/> to send none.</summary>
    public string? UserAgent { get; init; } = "UcStack";

    /// <summary>The most transactions held at once; a request beyond it is answered 503 (RFC 3261 §21.5.4).
    /// Size it for the load: over UDP a completed server transaction lingers 64*T1 = 32 s (timer J, and the INVITE's
    /// RFC 6026 Accepted state, timer L), so each call holds two for that long and the default of 10 000 caps a UAS
    /// near 150 calls/s; <c>ucstack sip uas</c> uses 160 000 for 2 000 calls/s.</summary>
    public int MaxTransactions { get; init; } = 10_000;

    /// <summary>The Retry-After sent with the 503 that refuses a request while the transaction table is full
    /// (RFC 3261 §21.5.4, §20.33), rounded up to whole seconds. It tells well-behaved clients to back off for about
    /// as long as it takes lingering transactions to drain instead of retrying at once. Default 5 s; 1 s to 1 hour.</summary>
    public TimeSpan OverloadRetryAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The most dialogs held at once; an INVITE beyond it is answered 503.</summary>
    public int MaxDialogs { get; init; } = 10_000;

    /// <summary>How many received messages the loop handles before it lets queued timer firings and API calls in.</summary>
    public int ReceiveBatch { get; init; } = 32;

    /// <summary>Answers 401 (Unauthorized) and 407 (Proxy Authentication Required) challenges to the requests
    /// this endpoint originates: INVITEs of calls, requests inside dialogs, SUBSCRIBE and those sent with
    /// <see cref="SipEndpoint.SendRequestAsync"/> (RFC 3261 §8.1.3.5, §22.2; RFC 8760). <see langword="null"/>
    /// (the default) passes challenges to the caller as final responses.</summary>
    public DigestClient? DigestClient { get; init; }

    /// <summary>Reliable provisional responses (RFC 3262). As UAC: INVITEs of calls carry <c>Supported: 100rel</c>,
    /// and each reliable provisional response (<c>Require: 100rel</c> with an RSeq) is acknowledged with PRACK in its
    /// early dialog, in RSeq order. As UAS: <c>Require: 100rel</c> is accepted, and an incoming call can send
    /// reliable provisional responses (<c>SipCall.SendProvisionalAsync</c>). Default <see langword="false"/>
    /// (a <c>Require: 100rel</c> then gets 420).</summary>
    public bool ReliableProvisionals { get; init; }

    /// <summary>Maps a URI (a remote target or a route) to the address to send to. The default accepts only
    /// IP-literal hosts (a resolver for RFC 3263 is not part of this layer) and reads the port and the
    /// <c>transport</c> parameter.</summary>
    public Func<AddressUri, SipTransportTarget>? ResolveTarget { get; init; }

    internal void Validate()
    {
        Timers.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxTransactions, 0, nameof(MaxTransactions));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxDialogs, 0, nameof(MaxDialogs));
        ArgumentOutOfRangeException.ThrowIfLessThan(OverloadRetryAfter, TimeSpan.FromSeconds(1), nameof(OverloadRetryAfter));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(OverloadRetryAfter, TimeSpan.FromHours(1), nameof(OverloadRetryAfter));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReceiveBatch, 0, nameof(ReceiveBatch));
        _ = AddressUri.Parse(LocalUri);
    }
}
