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
