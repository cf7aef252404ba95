namespace UcStack.Turn.Mras;

/// <summary>
/// An MRAS credentials request (the body of the SIP SERVICE, <c>application/msrtc-media-relay-auth+xml</c>):
/// <c>request</c> (<c>requestID</c>, <c>from</c>, <c>to</c>, <c>version</c>) holding one <c>credentialsRequest</c>
/// (<c>credentialsRequestID</c>) with <c>identity</c>, <c>location</c> and <c>duration</c> (minutes).
/// </summary>
public sealed record MrasCredentialsRequest
{
    /// <summary><c>requestID</c>: echoed in the response.</summary>
    public required string RequestId { get; init; }

    /// <summary><c>from</c>: the requesting user's URI.</summary>
    public required string From { get; init; }

    /// <summary><c>to</c>: the MRAS URI.</summary>
    public required string To { get; init; }

    /// <summary><c>version</c>; <c>1.0</c>.</summary>
    public string Version { get; init; } = "1.0";

    /// <summary><c>credentialsRequestID</c>: echoed in the credentials response.</summary>
    public required string CredentialsRequestId { get; init; }

    /// <summary><c>identity</c>: the user the credentials are for.</summary>
    public required string Identity { get; init; }

    /// <summary><c>location</c>.</summary>
    public MrasLocation Location { get; init; } = MrasLocation.Internet;

    /// <summary><c>duration</c>: how long the credentials should last (whole minutes on the wire).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(480);
}
