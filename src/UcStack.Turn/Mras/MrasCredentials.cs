namespace UcStack.Turn.Mras;

/// <summary>Relay credentials handed out by <see cref="MrasCredentialIssuer.Issue"/>.</summary>
/// <param name="Username">The TURN USERNAME.</param>
/// <param name="Password">The TURN password.</param>
/// <param name="ExpiresAt">When the relay stops accepting them.</param>
/// <param name="Duration">Their lifetime from issue (whole minutes, as MRAS carries it).</param>
public sealed record MrasCredentials(string Username, string Password, DateTimeOffset ExpiresAt, TimeSpan Duration);
