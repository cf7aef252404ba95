using System.Net;
using System.Net.Sockets;

namespace UcStack.Ice;

/// <summary>The RFC 8445 priority arithmetic for candidates (§5.1.2) and candidate pairs (§6.1.2.3).</summary>
public static class IcePriority
{
    /// <summary>The highest local preference (RFC 8445 §5.1.2.1: 0 to 65535).</summary>
    public const int MaxLocalPreference = 65535;

    /// <summary>The recommended type preference (RFC 8445 §5.1.2.2): host 126, peer-reflexive 110, server-reflexive 100, relayed 0.</summary>
    /// <param name="type">The candidate type.</param>
    /// <returns>0 to 126.</returns>
    public static int TypePreference(IceCandidateType type) => type switch
    {
        IceCandidateType.Host => 126,
        IceCandidateType.PeerReflexive => 110,
        IceCandidateType.ServerReflexive => 100,
        _ => 0,
    };

    /// <summary>
    /// priority = 2^24 × type preference + 2^8 × local preference + (256 − component id) (RFC 8445 §5.1.2.1).
    /// </summary>
    /// <param name="typePreference">0 to 126.</param>
    /// <param name="localPreference">0 to 65535.</param>
    /// <param name="component">1 to 256.</param>
    /// <returns>The priority, 1 to 2^31 − 1.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An input is outside its range.</exception>
    public static uint ForCandidate(int typePreference, int localPreference, int component)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(typePreference);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(typePreference, 126);
        ArgumentOutOfRangeException.ThrowIfNegative(localPreference);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(localPreference, MaxLocalPreference);
        ArgumentOutOfRangeException.ThrowIfLessThan(component, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(component, 256);
        return ((uint)typePreference << 24) + ((uint)localPreference << 8) + (uint)(256 - component);
    }

    /// <summary>The priority of a candidate of <paramref name="type"/> with the recommended type preference.</summary>
    /// <param name="type">The candidate type.</param>
    /// <param name="localPreference">0 to 65535.</param>
    /// <param name="component">1 to 256.</param>
    /// <returns>The priority.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An input is outside its range.</exception>
    public static uint ForCandidate(IceCandidateType type, int localPreference, int component) =>
        ForCandidate(TypePreference(type), localPreference, component);

    /// <summary>
    /// The local preference of a TCP candidate: 2^13 × direction-pref + other-pref (RFC 6544 §4.2). Host and
    /// relayed candidates prefer active (6) over passive (4) over simultaneous-open (2); reflexive candidates
    /// prefer simultaneous-open (6) over active (4) over passive (2), since NATs rarely admit inbound connections.
    /// </summary>
    /// <param name="type">The candidate type.</param>
    /// <param name="tcpType">Active, passive or simultaneous-open.</param>
    /// <param name="otherPreference">0 to 8191 (e.g. interface order).</param>
    /// <returns>The local preference.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="otherPreference"/> is out of range or <paramref name="tcpType"/> is None.</exception>
    public static int TcpLocalPreference(IceCandidateType type, IceTcpType tcpType, int otherPreference)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(otherPreference);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(otherPreference, 8191);
        var reflexive = type is IceCandidateType.ServerReflexive or IceCandidateType.PeerReflexive;
        var direction = tcpType switch
        {
            IceTcpType.Active => reflexive ? 4 : 6,
            IceTcpType.Passive => reflexive ? 2 : 4,
            IceTcpType.SimultaneousOpen => reflexive ? 6 : 2,
            _ => throw new ArgumentOutOfRangeException(nameof(tcpType), tcpType, "A TCP candidate has a tcptype."),
        };
        return (direction << 13) + otherPreference;
    }

    /// <summary>
    /// Local preferences for the addresses of a multihomed, dual-stack host (RFC 8445 §5.1.2.1 multihoming,
    /// RFC 8421 §4): addresses keep the caller's interface order within a family, and the two families are
    /// interleaved (IPv6 first) so that checks alternate between them instead of exhausting one family before
    /// trying the other. Every address gets a distinct value, as the candidates of one type and component must.
    /// </summary>
    /// <param name="addresses">Local addresses in order of preference.</param>
    /// <returns>One local preference per address, in the same order, all distinct and descending by rank.</returns>
    /// <exception cref="ArgumentException">More than 65536 addresses.</exception>
    public static int[] LocalPreferences(IReadOnlyList<IPAddress> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        if (addresses.Count > MaxLocalPreference + 1)
        {
            throw new ArgumentException("Too many addresses for distinct local preferences.", nameof(addresses));
        }

        var result = new int[addresses.Count];
        var ipv6Rank = 0;
        var ipv4Rank = 0;
        var ipv6Count = 0;
        var ipv4Count = 0;
        foreach (var address in addresses)
        {
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                ipv6Count++;
            }
            else
            {
                ipv4Count++;
            }
        }

        for (var i = 0; i < addresses.Count; i++)
        {
            // Interleave: v6#0, v4#0, v6#1, v4#1, ...; the leftover family continues after the shorter runs out.
            int slot;
            if (addresses[i].AddressFamily == AddressFamily.InterNetworkV6)
            {
                slot = ipv6Rank < ipv4Count ? 2 * ipv6Rank : ipv4Count + ipv6Rank;
                ipv6Rank++;
            }
            else
            {
                slot = ipv4Rank < ipv6Count ? (2 * ipv4Rank) + 1 : ipv6Count + ipv4Rank;
                ipv4Rank++;
            }

            result[i] = MaxLocalPreference - slot;
        }

        return result;
    }

    /// <summary>
    /// pair priority = 2^32 × MIN(G, D) + 2 × MAX(G, D) + (G &gt; D ? 1 : 0), where G is the controlling agent's
    /// candidate priority and D the controlled agent's (RFC 8445 §6.1.2.3).
    /// </summary>
    /// <param name="controlling">The priority of the controlling agent's candidate.</param>
    /// <param name="controlled">The priority of the controlled agent's candidate.</param>
    /// <returns>The pair priority.</returns>
    public static ulong ForPair(uint controlling, uint controlled) =>
        ((ulong)Math.Min(controlling, controlled) << 32)
        + (2UL * Math.Max(controlling, controlled))
        + (controlling > controlled ? 1UL : 0UL);
}
