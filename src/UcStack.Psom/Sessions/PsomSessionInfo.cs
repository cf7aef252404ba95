namespace UcStack.Psom;

/// <summary>A live server session as the application sees it.</summary>
/// <param name="SessionId">The id announced in Welcome.</param>
/// <param name="ConferenceId">The conference joined.</param>
/// <param name="User">The admitted user.</param>
/// <param name="Role">The admitted role.</param>
public sealed record PsomSessionInfo(long SessionId, string ConferenceId, string User, PsomRole Role);
