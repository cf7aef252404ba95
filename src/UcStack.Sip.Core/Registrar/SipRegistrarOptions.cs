namespace UcStack.Sip.Registrar;

/// <summary>Settings of a <see cref="SipRegistrar"/>.</summary>
public sealed record SipRegistrarOptions
{
    /// <summary>The domains whose addresses of record this registrar accepts (RFC 3261 §10.3 step 1).</summary>
    public required IReadOnlyList<string> Domains { get; init; }

    /// <summary>The shortest registration accepted; shorter non-zero ones get 423 with Min-Expires
    /// (RFC 3261 §10.3 step 7). Default 60 s.</summary>
    public TimeSpan MinExpires { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest registration granted; longer requests are shortened (RFC 3261 §10.3 step 7). Default one hour.</summary>
    public TimeSpan MaxExpires { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The lifetime when neither the Contact nor the request says (RFC 3261 §10.2.1.1). Default one hour.</summary>
    public TimeSpan DefaultExpires { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The most Contact values one REGISTER may carry. Default 16.</summary>
    public int MaxContactsPerRequest { get; init; } = 16;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Domains, nameof(Domains));
        if (Domains.Count == 0) throw new ArgumentException("At least one domain is required.", nameof(Domains));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinExpires, TimeSpan.Zero, nameof(MinExpires));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxExpires, MinExpires, nameof(MaxExpires));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(DefaultExpires, TimeSpan.Zero, nameof(DefaultExpires));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxContactsPerRequest, 0, nameof(MaxContactsPerRequest));
    }
}
