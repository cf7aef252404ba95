namespace UcStack.C3P;

/// <summary>
/// The failure reasons C3P responses carry in the command element's <c>reason</c> attribute. The wire text is kept
/// beside the enum (<see cref="C3PCommand.Reason"/>), so a reason not listed here survives as <see cref="Unrecognized"/>.
/// </summary>
public enum C3PFailureReason
{
    /// <summary>No reason attribute.</summary>
    None = 0,

    /// <summary>A reason this library does not know; see the raw text.</summary>
    Unrecognized,

    /// <summary><c>conferenceDoesNotExist</c>.</summary>
    ConferenceDoesNotExist,

    /// <summary><c>conferenceExists</c>.</summary>
    ConferenceExists,

    /// <summary><c>endpointDoesNotExist</c>.</summary>
    EndpointDoesNotExist,

    /// <summary><c>userDoesNotExist</c>.</summary>
    UserDoesNotExist,

    /// <summary><c>invalidRole</c>.</summary>
    InvalidRole,

    /// <summary><c>invalidPasscode</c>.</summary>
    InvalidPasscode,

    /// <summary><c>mcuTypeNotAvailable</c>.</summary>
    McuTypeNotAvailable,

    /// <summary><c>maximumConferencesExceeded</c>.</summary>
    MaximumConferencesExceeded,

    /// <summary><c>notSupported</c>.</summary>
    NotSupported,

    /// <summary><c>forbidden</c>.</summary>
    Forbidden,

    /// <summary><c>requestMalformed</c>.</summary>
    RequestMalformed,

    /// <summary><c>timeout</c>.</summary>
    Timeout,

    /// <summary><c>otherFailure</c>: used only when no other reason describes the failure ([MS-CONFPRO] §2.2.3.8).</summary>
    OtherFailure,
}

/// <summary>Maps <see cref="C3PFailureReason"/> to and from its wire text.</summary>
public static class C3PFailureReasons
{
    /// <summary>The wire text of a reason.</summary>
    /// <param name="reason">A known reason.</param>
    /// <returns>The lower-camel-case text.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reason"/> has no wire text (None, Unrecognized).</exception>
    public static string ToText(C3PFailureReason reason) => reason switch
    {
        C3PFailureReason.ConferenceDoesNotExist => "conferenceDoesNotExist",
        C3PFailureReason.ConferenceExists => "conferenceExists",
        C3PFailureReason.EndpointDoesNotExist => "endpointDoesNotExist",
        C3PFailureReason.UserDoesNotExist => "userDoesNotExist",
        C3PFailureReason.InvalidRole => "invalidRole",
        C3PFailureReason.InvalidPasscode => "invalidPasscode",
        C3PFailureReason.McuTypeNotAvailable => "mcuTypeNotAvailable",
        C3PFailureReason.MaximumConferencesExceeded => "maximumConferencesExceeded",
        C3PFailureReason.NotSupported => "notSupported",
        C3PFailureReason.Forbidden => "forbidden",
        C3PFailureReason.RequestMalformed => "requestMalformed",
        C3PFailureReason.Timeout => "timeout",
        C3PFailureReason.OtherFailure => "otherFailure",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "this reason has no wire text"),
    };

    /// <summary>Classifies wire text; the match is exact (the reasons are case-sensitive tokens).</summary>
    /// <param name="text">The attribute value, or null when absent.</param>
    /// <returns>The reason; <see cref="C3PFailureReason.Unrecognized"/> for other text.</returns>
    public static C3PFailureReason FromText(string? text) => text switch
    {
        null => C3PFailureReason.None,
        "conferenceDoesNotExist" => C3PFailureReason.ConferenceDoesNotExist,
        "conferenceExists" => C3PFailureReason.ConferenceExists,
        "endpointDoesNotExist" => C3PFailureReason.EndpointDoesNotExist,
        "userDoesNotExist" => C3PFailureReason.UserDoesNotExist,
        "invalidRole" => C3PFailureReason.InvalidRole,
        "invalidPasscode" => C3PFailureReason.InvalidPasscode,
        "mcuTypeNotAvailable" => C3PFailureReason.McuTypeNotAvailable,
        "maximumConferencesExceeded" => C3PFailureReason.MaximumConferencesExceeded,
        "notSupported" => C3PFailureReason.NotSupported,
        "forbidden" => C3PFailureReason.Forbidden,
        "requestMalformed" => C3PFailureReason.RequestMalformed,
        "timeout" => C3PFailureReason.Timeout,
        "otherFailure" => C3PFailureReason.OtherFailure,
        _ => C3PFailureReason.Unrecognized,
    };
}
