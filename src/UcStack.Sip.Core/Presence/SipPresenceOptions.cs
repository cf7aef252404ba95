namespace UcStack.Sip.Presence;

/// <summary>Settings of a <see cref="SipPresenceServer"/>.</summary>
public sealed record SipPresenceOptions
{
    /// <summary>The domains whose users' presence this server holds.</summary>
    public required IReadOnlyList<string> Domains { get; init; }

    /// <summary>The shortest publication or subscription accepted; shorter non-zero ones get 423 with Min-Expires
    /// (RFC 3903 §6 step 5, RFC 6665 §4.2.1.1). Default 60 s.</summary>
    public TimeSpan MinExpires { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest publication or subscription granted. Default one hour.</summary>
    public TimeSpan MaxExpires { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The lifetime of a publication without Expires (RFC 3903 §6 step 5). Default one hour.</summary>
    public TimeSpan DefaultExpires { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The most publications one presentity may hold at once (one per device). Default 8.</summary>
    public int MaxPublicationsPerPresentity { get; init; } = 8;

    /// <summary>The most watchers one presentity may have at once. Default 64.</summary>
    public int MaxWatchersPerPresentity { get; init; } = 64;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Domains, nameof(Domains));
        if (Domains.Count == 0) throw new ArgumentException("At least one domain is required.", nameof(Domains));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinExpires, TimeSpan.Zero, nameof(MinExpires));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxExpires, MinExpires, nameof(MaxExpires));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(DefaultExpires, TimeSpan.Zero, nameof(DefaultExpires));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxPublicationsPerPresentity, 0, nameof(MaxPublicationsPerPresentity));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxWatchersPerPresentity, 0, nameof(MaxWatchersPerPresentity));
    }
}
