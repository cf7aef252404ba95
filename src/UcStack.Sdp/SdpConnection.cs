using System.Globalization;

namespace UcStack.Sdp;

/// <summary>
/// A c= line (RFC 8866 §5.7): <c>c=&lt;nettype&gt; &lt;addrtype&gt; &lt;connection-address&gt;</c>, where a multicast
/// IP4 address carries <c>/ttl</c> and either family may carry <c>/number-of-addresses</c>.
/// </summary>
public sealed record SdpConnection
{
    /// <summary>Creates a connection line.</summary>
    /// <param name="address">The address (or FQDN), without suffixes.</param>
    /// <param name="addressType">"IP4" or "IP6" (a token).</param>
    /// <param name="netType">"IN" (a token).</param>
    /// <param name="ttl">The multicast TTL (IP4 only, 0..255), or <see langword="null"/>.</param>
    /// <param name="addressCount">The number of addresses, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">A field is malformed, or a TTL is given for a non-IP4 address.</exception>
    public SdpConnection(string address, string addressType = "IP4", string netType = "IN", int? ttl = null, int? addressCount = null)
    {
        Address = SdpText.NonWhitespace(address, nameof(address));
        if (address.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException("Pass the TTL and address count separately, not as '/' suffixes.", nameof(address));
        }

        AddressType = SdpText.Token(addressType, nameof(addressType));
        NetType = SdpText.Token(netType, nameof(netType));
        if (ttl is { } t && (t is < 0 or > 255 || !string.Equals(addressType, "IP4", StringComparison.Ordinal)))
        {
            throw new ArgumentException("A TTL (0..255) applies to IP4 multicast only (RFC 8866 §5.7).", nameof(ttl));
        }

        if (addressCount is { } n && n < 1)
        {
            throw new ArgumentException("The number of addresses must be positive.", nameof(addressCount));
        }

        if (addressCount is not null && ttl is null && string.Equals(addressType, "IP4", StringComparison.Ordinal))
        {
            throw new ArgumentException("RFC 8866 §5.7: an IP4 address count follows the TTL.", nameof(addressCount));
        }

        Ttl = ttl;
        AddressCount = addressCount;
    }

    /// <summary>The network type, "IN".</summary>
    public string NetType { get; }

    /// <summary>The address type, "IP4" or "IP6".</summary>
    public string AddressType { get; }

    /// <summary>The address without suffixes.</summary>
    public string Address { get; }

    /// <summary>The IP4 multicast TTL, or <see langword="null"/>.</summary>
    public int? Ttl { get; }

    /// <summary>The number of consecutive multicast addresses, or <see langword="null"/>.</summary>
    public int? AddressCount { get; }

    /// <summary>
    /// Whether this is the RFC 2543 hold form <c>0.0.0.0</c> (RFC 3264 §8.4: still recognised when received, never sent).
    /// </summary>
    public bool IsUnspecifiedHoldAddress => string.Equals(Address, "0.0.0.0", StringComparison.Ordinal);

    /// <summary>The value after <c>c=</c>.</summary>
    /// <returns>The field text.</returns>
    public override string ToString()
    {
        var text = $"{NetType} {AddressType} {Address}";
        if (Ttl is { } ttl)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"/{ttl}");
        }

        if (AddressCount is { } count)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"/{count}");
        }

        return text;
    }
}
