namespace UcStack.Turn.Mras;

/// <summary>One relay in the response's <c>mediaRelayList</c>.</summary>
/// <param name="HostName">The relay's host name or address (<c>hostName</c>).</param>
/// <param name="UdpPort">Its UDP port (<c>udpPort</c>), or 0 for none.</param>
/// <param name="TcpPort">Its TCP port (<c>tcpPort</c>), or 0 for none.</param>
/// <param name="Location">Which clients it serves (<c>location</c>).</param>
public sealed record MrasMediaRelay(string HostName, int UdpPort, int TcpPort, MrasLocation Location = MrasLocation.Internet);

/// <summary>
/// An MRAS credentials response: <c>response</c> (<c>requestID</c>, <c>from</c>, <c>to</c>, <c>version</c>,
/// <c>reasonPhrase</c>) holding one <c>credentialsResponse</c> with <c>credentials</c>
/// (<c>username</c>, <c>password</c>, <c>duration</c>) and the <c>mediaRelayList</c>. A refusal carries only the
/// reason phrase.
/// </summary>
public sealed record MrasCredentialsResponse
{
    /// <summary><c>requestID</c>, as in the request.</summary>
    public required string RequestId { get; init; }

    /// <summary><c>from</c>: the MRAS URI.</summary>
    public required string From { get; init; }

    /// <summary><c>to</c>: the requesting user's URI.</summary>
    public required string To { get; init; }

    /// <summary><c>version</c>.</summary>
    public string Version { get; init; } = "1.0";

    /// <summary><c>reasonPhrase</c>: <c>OK</c> on success.</summary>
    public string ReasonPhrase { get; init; } = "OK";

    /// <summary><c>credentialsRequestID</c>, as in the request; null for a refusal.</summary>
    public string? CredentialsRequestId { get; init; }

    /// <summary>The TURN username; null for a refusal.</summary>
    public string? Username { get; init; }

    /// <summary>The TURN password; null for a refusal.</summary>
    public string? Password { get; init; }

    /// <summary>How long the credentials last (whole minutes on the wire).</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>The relays the credentials are good for.</summary>
    public IReadOnlyList<MrasMediaRelay> MediaRelays { get; init; } = [];

    /// <summary>Whether this is a success carrying credentials.</summary>
    public bool HasCredentials => Username is not null && Password is not null;
}
