namespace UcStack.C3P;

/// <summary>A participant dialing in to one of a conference's MCUs (addUser with an <c>mcuUri</c>), as the focus
/// has admitted it: what a <see cref="ConferenceFocusFactoryOptions.DialInConnectionInfo"/> handler sees.</summary>
/// <param name="ConferenceId">The conference.</param>
/// <param name="McuType">The MCU type, e.g. <c>meeting</c>.</param>
/// <param name="User">The participant's URI.</param>
/// <param name="IsPresenter">Whether the focus holds the participant as a presenter (otherwise an attendee).</param>
public sealed record McuDialIn(string ConferenceId, string McuType, string User, bool IsPresenter);
