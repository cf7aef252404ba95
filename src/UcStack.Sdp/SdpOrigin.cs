using System.Globalization;

namespace UcStack.Sdp;

/// <summary>
/// The o= line (RFC 8866 §5.2): <c>o=&lt;username&gt; &lt;sess-id&gt; &lt;sess-version&gt; &lt;nettype&gt; &lt;addrtype&gt; &lt;unicast-address&gt;</c>.
/// </summary>
/// <remarks>
/// The session id is kept as the digits received (it only identifies); the version is a number because
/// RFC 3264 §8 requires it to grow by one with each changed description.
/// </remarks>
public sealed record SdpOrigin
{
    /// <summary>Creates an origin.</summary>
    /// <param name="username">The user's login, or "-" (no spaces).</param>
    /// <param name="sessionId">The session id: decimal digits.</param>
    /// <param name="sessionVersion">The version number.</param>
    /// <param name="address">The originator's address (no spaces).</param>
    /// <param name="addressType">"IP4" or "IP6" (a token).</param>
    /// <param name="netType">"IN" (a token).</param>
    /// <exception cref="ArgumentException">A field is empty, holds spaces, or the session id is not digits.</exception>
    public SdpOrigin(string username, string sessionId, ulong sessionVersion, string address, string addressType = "IP4", string netType = "IN")
    {
        Username = SdpText.NonWhitespace(username, nameof(username));
        ArgumentNullException.ThrowIfNull(sessionId);
        if (sessionId.Length == 0 || sessionId.Length > 40 || !sessionId.AsSpan().ContainsOnlyDigits())
        {
            throw new ArgumentException("The session id must be 1 to 40 decimal digits (RFC 8866 §5.2).", nameof(sessionId));
        }

        SessionId = sessionId;
        SessionVersion = sessionVersion;
        NetType = SdpText.Token(netType, nameof(netType));
        AddressType = SdpText.Token(addressType, nameof(addressType));
        Address = SdpText.NonWhitespace(address, nameof(address));
    }

    /// <summary>The originator's user name, "-" when there is none.</summary>
    public string Username { get; }

    /// <summary>The numeric session id as received (digits).</summary>
    public string SessionId { get; }

    /// <summary>The version of this description (RFC 3264 §8: incremented for every changed offer or answer).</summary>
    public ulong SessionVersion { get; init; }

    /// <summary>The network type, "IN".</summary>
    public string NetType { get; }

    /// <summary>The address type, "IP4" or "IP6".</summary>
    public string AddressType { get; }

    /// <summary>The originator's address.</summary>
    public string Address { get; }

    /// <summary>A copy with <see cref="SessionVersion"/> one higher (RFC 3264 §8).</summary>
    /// <returns>The new origin.</returns>
    /// <exception cref="OverflowException">The version is already <see cref="ulong.MaxValue"/>.</exception>
    public SdpOrigin WithNextVersion() => this with { SessionVersion = checked(SessionVersion + 1) };

    /// <summary>The value after <c>o=</c>.</summary>
    /// <returns>The field text.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Username} {SessionId} {SessionVersion} {NetType} {AddressType} {Address}");
}

internal static class DigitExtensions
{
    public static bool ContainsOnlyDigits(this ReadOnlySpan<char> value) => !value.ContainsAnyExceptInRange('0', '9');
}
