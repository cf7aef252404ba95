using System.Net;

namespace UcStack.Ice;

/// <summary>A TURN server to allocate relayed candidates on, with long-term credentials.</summary>
/// <param name="EndPoint">The server's address (UDP).</param>
/// <param name="Username">The username.</param>
/// <param name="Password">The password.</param>
public sealed record IceTurnServer(IPEndPoint EndPoint, string Username, string Password)
{
    /// <summary>Reach the server over TCP (RFC 8656 §3.1; RFC 4571-style framing of STUN and ChannelData) instead of UDP. The relayed candidate is UDP either way.</summary>
    public bool UseTcp { get; init; }

    /// <summary>Hides the password.</summary>
    /// <returns>The server and user.</returns>
    public override string ToString() => $"{Username}@{EndPoint}";
}
