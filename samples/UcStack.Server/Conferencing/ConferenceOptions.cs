namespace UcStack.Server;

/// <summary>The <c>Server:Conference</c> section: the C3P focus factory, its conferences and MCUs.</summary>
internal sealed class ConferenceOptions
{
    /// <summary>Whether conferencing is served.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many conferences may exist at once.</summary>
    public int MaxConferences { get; set; } = 1000;

    /// <summary>How many users one conference holds.</summary>
    public int MaxParticipants { get; set; } = 250;

    /// <summary>Lifetime of a conference created without an expiry time, in hours.</summary>
    public int DefaultLifetimeHours { get; set; } = 8;
}
