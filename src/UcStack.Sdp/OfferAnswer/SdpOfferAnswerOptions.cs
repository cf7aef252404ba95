using System.Net;
using System.Net.Sockets;

namespace UcStack.Sdp;

/// <summary>The local side of offer/answer: where media arrives and what each media type can do.</summary>
public sealed record SdpOfferAnswerOptions
{
    /// <summary>Creates options.</summary>
    /// <param name="address">The local media address written in c= and o= lines.</param>
    /// <param name="media">One capability per media type, in the order offers list them.</param>
    /// <exception cref="ArgumentException">The address holds spaces or there is no capability.</exception>
    public SdpOfferAnswerOptions(string address, IEnumerable<SdpMediaCapability> media)
    {
        Address = SdpText.NonWhitespace(address, nameof(address));
        ArgumentNullException.ThrowIfNull(media);
        Media = media.ToArray();
        if (Media.Count == 0)
        {
            throw new ArgumentException("At least one media capability is needed.", nameof(media));
        }

        AddressType = IPAddress.TryParse(address, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6 ? "IP6" : "IP4";
    }

    /// <summary>The local media address.</summary>
    public string Address { get; }

    /// <summary>"IP4" or "IP6", inferred from <see cref="Address"/> (FQDNs count as IP4).</summary>
    public string AddressType { get; init; }

    /// <summary>The capabilities.</summary>
    public IReadOnlyList<SdpMediaCapability> Media { get; }

    /// <summary>The o= username.</summary>
    public string Username { get; init; } = "-";

    /// <summary>The s= text.</summary>
    public string SessionName { get; init; } = "-";

    /// <summary>Where SRTP keys come from; <see cref="RandomSdpCryptoKeyProvider"/> by default.</summary>
    public ISdpCryptoKeyProvider KeyProvider { get; init; } = RandomSdpCryptoKeyProvider.Instance;
}
