namespace UcStack.C3P;

/// <summary>Settings of a <see cref="ConferenceFocusFactory"/>.</summary>
public sealed record ConferenceFocusFactoryOptions
{
    /// <summary>The MCU types conferences may ask for (the MCU registry; <c>getAvailableMcuTypes</c> returns them).
    /// <c>chat</c>, the IM MCU this library implements, by default.</summary>
    public IReadOnlyList<string> AvailableMcuTypes { get; init; } = ["chat"];

    /// <summary>Lifetime of a conference created without an expiry time.</summary>
    public TimeSpan DefaultLifetime { get; init; } = TimeSpan.FromHours(8);

    /// <summary>The longest lifetime a conference may ask for.</summary>
    public TimeSpan MaxLifetime { get; init; } = TimeSpan.FromDays(366);

    /// <summary>How many conferences may exist at once.</summary>
    public int MaxConferences { get; init; } = 10_000;

    /// <summary>How many conferences one organizer may have at once.</summary>
    public int MaxConferencesPerOrganizer { get; init; } = 100;

    /// <summary>How many users one conference's roster holds at most.</summary>
    public int MaxParticipants { get; init; } = 250;

    /// <summary>Extra <c>connection-info</c> entries for a dial-in to an MCU, beyond the MCU URIs the focus always
    /// returns: e.g. for the <c>meeting</c> MCU, the content server's URL and an admission token bound to the
    /// conference, user and role. Called after the focus has admitted the dial-in, while it holds its lock: keep
    /// it quick. A handler that throws fails the dial-in (<c>otherFailure</c>) without changing the roster.
    /// <see langword="null"/> (the default) adds nothing.</summary>
    public Func<McuDialIn, IReadOnlyList<ConnectionInfoEntry>>? DialInConnectionInfo { get; init; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(AvailableMcuTypes);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(DefaultLifetime, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLifetime, DefaultLifetime);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxConferences);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxConferencesPerOrganizer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxParticipants);
    }
}
