using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.Logging;

namespace UcStack.Ice;

/// <summary>Configuration of an <see cref="IceAgent"/>; defaults follow RFC 8445 and RFC 7675.</summary>
public sealed record IceAgentOptions
{
    /// <summary>The initial role; a role conflict (RFC 8445 §7.3.1.1) may change it.</summary>
    public IceRole Role { get; init; } = IceRole.Controlling;

    /// <summary>Components of the data stream (1 for RTP with rtcp-mux, 2 for RTP + RTCP).</summary>
    public int ComponentCount { get; init; } = 1;

    /// <summary>Where sockets come from; the machine's UDP interfaces when <see langword="null"/>.</summary>
    public IIceNetwork? Network { get; init; }

    /// <summary>STUN servers for server-reflexive candidates (RFC 8445 §5.1.1.2).</summary>
    public IReadOnlyList<IPEndPoint> StunServers { get; init; } = [];

    /// <summary>TURN servers for relayed candidates (RFC 8445 §5.1.1.2, RFC 8656).</summary>
    public IReadOnlyList<IceTurnServer> TurnServers { get; init; } = [];

    /// <summary>Which candidates to gather.</summary>
    public IceGatheringPolicy GatheringPolicy { get; init; } = IceGatheringPolicy.All;

    /// <summary>
    /// ICE-TCP host candidates to gather on every local address (RFC 6544); none by default. Needs a
    /// <see cref="Network"/> that implements <see cref="IIceTcpNetwork"/> (the default network does, without
    /// simultaneous open).
    /// </summary>
    public IceTcpCandidates TcpCandidates { get; init; } = IceTcpCandidates.None;

    /// <summary>The pacing interval Ta between new transactions (RFC 8445 §14.2: default 50 ms).</summary>
    public TimeSpan Ta { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The first retransmission timeout of a check (RFC 8445 §14.3: at least 500 ms by default).</summary>
    public TimeSpan CheckRto { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How many times a check or gathering request is sent before the pair fails (RFC 8489 §6.2.1 Rc = 7).</summary>
    public int MaxRequestCount { get; init; } = 7;

    /// <summary>
    /// How long the controlling agent waits, after the first valid pair of a component, for higher-priority pairs
    /// to finish before nominating the best valid pair (regular nomination, RFC 8445 §8.1.1).
    /// </summary>
    public TimeSpan NominationDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How this agent nominates when it is controlling; regular by default. Either kind is accepted from a controlling peer.</summary>
    public IceNomination Nomination { get; init; } = IceNomination.Regular;

    /// <summary>
    /// An ICE-lite agent (RFC 8445 §2.5): host candidates only (no STUN or TURN servers), never sends checks, answers
    /// the full peer's checks and selects the pair the peer nominates. It is always controlled (RFC 8445 §6.1.1), so
    /// <see cref="Role"/> must be <see cref="IceRole.Controlled"/>; a lite peer of a lite agent is not supported.
    /// </summary>
    public bool Lite { get; init; }

    /// <summary>The mean interval of consent checks (RFC 7675 §5.1: 5 s, randomized to 0.8-1.2 of it).</summary>
    public TimeSpan ConsentInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Consent expires this long after the last authenticated response (RFC 7675 §5.1: 30 s).</summary>
    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The most candidate pairs in the checklist (RFC 8445 §6.1.2.5 recommends 100).</summary>
    public int MaxPairs { get; init; } = 100;

    /// <summary>The most remote candidates accepted (signalled plus peer-reflexive); more are refused.</summary>
    public int MaxRemoteCandidates { get; init; } = 64;

    /// <summary>Datagrams queued per component for the application before new ones are dropped and counted.</summary>
    public int ReceiveQueueCapacity { get; init; } = 512;

    /// <summary>MS-ICE2 mode: IMPLEMENTATION-VERSION in every check and response, CANDIDATE-IDENTIFIER in checks.</summary>
    public bool MsIce2Compatibility { get; init; }

    /// <summary>The clock for pacing, retransmissions, nomination and consent.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where log events go (EventIds 4000-4099).</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Creates the <c>UcStack.Ice</c> meter; a private meter when <see langword="null"/>.</summary>
    public IMeterFactory? MeterFactory { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ComponentCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ComponentCount, 256);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Ta, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CheckRto, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRequestCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPairs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRemoteCandidates, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ReceiveQueueCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConsentInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(ConsentTimeout, ConsentInterval);
        ArgumentNullException.ThrowIfNull(StunServers);
        ArgumentNullException.ThrowIfNull(TurnServers);
        ArgumentNullException.ThrowIfNull(TimeProvider);
        if (GatheringPolicy == IceGatheringPolicy.TcpOnly && TcpCandidates == IceTcpCandidates.None)
        {
            throw new ArgumentException("The TcpOnly policy needs TcpCandidates.", nameof(GatheringPolicy));
        }

        if (TcpCandidates is < IceTcpCandidates.None or > IceTcpCandidates.All)
        {
            throw new ArgumentOutOfRangeException(nameof(TcpCandidates), TcpCandidates, "Unknown TCP candidate flags.");
        }

        if (Lite)
        {
            // RFC 8445 §2.5: a lite agent only has host candidates; §6.1.1: against a full agent it is controlled.
            if (StunServers.Count > 0 || TurnServers.Count > 0 || GatheringPolicy == IceGatheringPolicy.RelayOnly)
            {
                throw new ArgumentException("An ICE-lite agent gathers host candidates only: no STUN or TURN servers, no relay-only policy (RFC 8445 §2.5).", nameof(Lite));
            }

            if (Role != IceRole.Controlled)
            {
                throw new ArgumentException("An ICE-lite agent is controlled (RFC 8445 §6.1.1); set Role to Controlled.", nameof(Role));
            }

            if (Nomination != IceNomination.Regular)
            {
                throw new ArgumentException("An ICE-lite agent never nominates; leave Nomination at Regular.", nameof(Nomination));
            }
        }
    }
}
