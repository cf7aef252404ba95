namespace UcStack.Sdp;

/// <summary>The media direction attributes of RFC 8866 §6.7 (sendrecv is the default when none is given).</summary>
public enum SdpDirection
{
    /// <summary><c>a=sendrecv</c>: send and receive.</summary>
    SendRecv = 0,

    /// <summary><c>a=sendonly</c>: send only.</summary>
    SendOnly,

    /// <summary><c>a=recvonly</c>: receive only.</summary>
    RecvOnly,

    /// <summary><c>a=inactive</c>: neither.</summary>
    Inactive,
}

/// <summary>Helpers for <see cref="SdpDirection"/>.</summary>
public static class SdpDirectionExtensions
{
    /// <summary>The attribute name for the direction.</summary>
    /// <param name="direction">The direction.</param>
    /// <returns>"sendrecv", "sendonly", "recvonly" or "inactive".</returns>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined direction.</exception>
    public static string ToAttributeName(this SdpDirection direction) => direction switch
    {
        SdpDirection.SendRecv => SdpNames.SendRecv,
        SdpDirection.SendOnly => SdpNames.SendOnly,
        SdpDirection.RecvOnly => SdpNames.RecvOnly,
        SdpDirection.Inactive => SdpNames.Inactive,
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, null),
    };

    /// <summary>Whether this side sends.</summary>
    /// <param name="direction">The direction.</param>
    /// <returns><see langword="true"/> for sendrecv and sendonly.</returns>
    public static bool Sends(this SdpDirection direction) => direction is SdpDirection.SendRecv or SdpDirection.SendOnly;

    /// <summary>Whether this side receives.</summary>
    /// <param name="direction">The direction.</param>
    /// <returns><see langword="true"/> for sendrecv and recvonly.</returns>
    public static bool Receives(this SdpDirection direction) => direction is SdpDirection.SendRecv or SdpDirection.RecvOnly;

    /// <summary>The direction made of the two abilities.</summary>
    /// <param name="sends">Whether this side sends.</param>
    /// <param name="receives">Whether this side receives.</param>
    /// <returns>The direction.</returns>
    public static SdpDirection FromAbilities(bool sends, bool receives) => (sends, receives) switch
    {
        (true, true) => SdpDirection.SendRecv,
        (true, false) => SdpDirection.SendOnly,
        (false, true) => SdpDirection.RecvOnly,
        _ => SdpDirection.Inactive,
    };

    /// <summary>The direction seen from the other side (sendonly ↔ recvonly).</summary>
    /// <param name="direction">The direction.</param>
    /// <returns>The mirrored direction.</returns>
    public static SdpDirection Reverse(this SdpDirection direction) => FromAbilities(direction.Receives(), direction.Sends());

    internal static SdpDirection? FromAttributeName(string name) => name switch
    {
        SdpNames.SendRecv => SdpDirection.SendRecv,
        SdpNames.SendOnly => SdpDirection.SendOnly,
        SdpNames.RecvOnly => SdpDirection.RecvOnly,
        SdpNames.Inactive => SdpDirection.Inactive,
        _ => null,
    };
}
