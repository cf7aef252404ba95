namespace UcStack.C3P;

/// <summary>Who may join a conference (the <c>msci:admission-policy</c> values of digest §4).</summary>
public enum ConferenceAdmissionPolicy
{
    /// <summary><c>openAuthenticated</c>: every authenticated user joins; anonymous users are refused.</summary>
    OpenAuthenticated = 1,

    /// <summary><c>closedAuthenticated</c>: the organizer and the invitees join; other authenticated users wait
    /// in the lobby until a presenter admits them; anonymous users are refused.</summary>
    ClosedAuthenticated,

    /// <summary><c>anonymous</c>: authenticated users join; anonymous users wait in the lobby.</summary>
    Anonymous,
}

/// <summary>Wire text of <see cref="ConferenceAdmissionPolicy"/>.</summary>
public static class ConferenceAdmissionPolicies
{
    /// <summary>The wire text.</summary>
    /// <param name="policy">The policy.</param>
    /// <returns>The text, e.g. <c>openAuthenticated</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined policy.</exception>
    public static string ToText(ConferenceAdmissionPolicy policy) => policy switch
    {
        ConferenceAdmissionPolicy.OpenAuthenticated => "openAuthenticated",
        ConferenceAdmissionPolicy.ClosedAuthenticated => "closedAuthenticated",
        ConferenceAdmissionPolicy.Anonymous => "anonymous",
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "not a defined admission policy"),
    };

    /// <summary>Parses the wire text (exact spelling).</summary>
    /// <param name="text">The text.</param>
    /// <param name="policy">The policy when this returns <see langword="true"/>.</param>
    /// <returns>Whether the text names a policy.</returns>
    public static bool TryParse(string? text, out ConferenceAdmissionPolicy policy)
    {
        policy = text switch
        {
            "openAuthenticated" => ConferenceAdmissionPolicy.OpenAuthenticated,
            "closedAuthenticated" => ConferenceAdmissionPolicy.ClosedAuthenticated,
            "anonymous" => ConferenceAdmissionPolicy.Anonymous,
            _ => 0,
        };
        return policy != 0;
    }
}
