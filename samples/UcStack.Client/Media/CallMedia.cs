using System.Net;
using Microsoft.Extensions.Logging;
using UcStack.Ice;
using UcStack.Sdp;
using UcStack.Srtp;

namespace UcStack.Client.Media;

/// <summary>Where a call's media may go: STUN servers for server-reflexive candidates and TURN servers (with the
/// credentials the server handed out) for relayed ones.</summary>
/// <param name="StunServers">STUN servers.</param>
/// <param name="TurnServers">TURN servers.</param>
/// <param name="RelayOnly">Offer relayed candidates only, so the media certainly goes through TURN.</param>
internal sealed record MediaSettings(IReadOnlyList<IPEndPoint> StunServers, IReadOnlyList<IceTurnServer> TurnServers, bool RelayOnly)
{
    /// <summary>Host candidates only.</summary>
    public static MediaSettings HostOnly { get; } = new([], [], false);
}

/// <summary>
/// One call's audio: an ICE agent (RFC 8445) whose candidates and credentials ride in the SDP (RFC 8839), an
/// RFC 3264 offer/answer with one PCMU stream that requires SRTP keyed by <c>a=crypto</c> (RFC 4568), and once ICE
/// has selected a pair, a tone sent and received as SRTP with SRTCP reports (see <c>CallMedia.Rtp.cs</c>).
/// </summary>
internal sealed partial class CallMedia : IAsyncDisposable
{
    private const string Suite = "AES_CM_128_HMAC_SHA1_80";
    private readonly IceAgent _agent;
    private readonly SdpOfferAnswerEngine _engine;
    private SdpNegotiatedMedia? _stream;

    private CallMedia(IceAgent agent, IceCandidate defaultCandidate)
    {
        _agent = agent;
        DefaultCandidate = defaultCandidate;
        _engine = new SdpOfferAnswerEngine(new SdpOfferAnswerOptions(
            defaultCandidate.EndPoint.Address.ToString(),
            [
                new SdpMediaCapability("audio", defaultCandidate.EndPoint.Port, [SdpCodec.Pcmu])
                {
                    Protocols = ["RTP/SAVP"],
                    Srtp = SdpSrtpPolicy.Required,
                    CryptoSuites = [Suite],
                    RtcpMux = true,
                },
            ]));
    }

    /// <summary>The candidate named in <c>c=</c>/<c>m=</c> (RFC 8445 §5.1.4: relayed if any, else reflexive, else host).</summary>
    public IceCandidate DefaultCandidate { get; }

    /// <summary>The local candidates offered.</summary>
    public IReadOnlyList<IceCandidate> LocalCandidates => _agent.LocalCandidates;

    /// <summary>Creates the agent and gathers candidates (bounded by <paramref name="cancellationToken"/>).</summary>
    /// <param name="controlling">The offerer controls ICE (RFC 8445 §6.1.1).</param>
    /// <param name="settings">STUN/TURN servers.</param>
    /// <param name="loggerFactory">Logging.</param>
    /// <param name="cancellationToken">Bounds gathering.</param>
    /// <exception cref="InvalidOperationException">No candidate could be gathered.</exception>
    public static async Task<CallMedia> CreateAsync(bool controlling, MediaSettings settings, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var agent = new IceAgent(new IceAgentOptions
        {
            Role = controlling ? IceRole.Controlling : IceRole.Controlled,
            // The sample stays on loopback: the server and both clients run on 127.0.0.1.
            Network = new IceUdpNetwork(addresses: [IPAddress.Loopback]),
            StunServers = settings.StunServers,
            TurnServers = settings.TurnServers,
            GatheringPolicy = settings.RelayOnly ? IceGatheringPolicy.RelayOnly : IceGatheringPolicy.All,
            NominationDelay = TimeSpan.FromMilliseconds(300),
            LoggerFactory = loggerFactory,
        });
        try
        {
            agent.StartGathering();
            await agent.GatheringCompletion.WaitAsync(cancellationToken).ConfigureAwait(false);
            var candidates = agent.LocalCandidates;
            var best = candidates.OrderBy(c => c.Type switch
            {
                IceCandidateType.Relayed => 0,
                IceCandidateType.ServerReflexive => 1,
                _ => 2,
            }).FirstOrDefault() ?? throw new InvalidOperationException(
                settings.RelayOnly ? "no relayed candidate: the TURN allocation failed" : "no ICE candidate could be gathered");
            return new CallMedia(agent, best);
        }
        catch
        {
            await agent.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The SDP offer: PCMU over RTP/SAVP with our key, ICE credentials and every candidate.</summary>
    public byte[] CreateOffer() => _engine.CreateOffer(AddIce).Encode();

    /// <summary>Answers an offer and starts ICE towards the offerer's candidates.</summary>
    /// <exception cref="SdpParseException">The offer is not SDP.</exception>
    /// <exception cref="SdpNegotiationException">Nothing acceptable in it (answer the INVITE with 488).</exception>
    public byte[] CreateAnswer(ReadOnlySpan<byte> offerBytes)
    {
        var offer = SdpSession.Parse(offerBytes);
        var answer = _engine.CreateAnswer(offer, AddIce);
        _stream = answer.Streams.FirstOrDefault(s => s.IsAccepted)
            ?? throw new SdpNegotiationException("the offer has no audio stream we accept");
        UseRemoteIce(offer);
        return answer.Session.Encode();
    }

    /// <summary>Applies the answer to our offer and starts ICE towards the answerer's candidates.</summary>
    /// <exception cref="SdpParseException">The answer is not SDP.</exception>
    /// <exception cref="SdpNegotiationException">The answer does not fit the offer.</exception>
    public void ApplyAnswer(ReadOnlySpan<byte> answerBytes)
    {
        var answer = SdpSession.Parse(answerBytes);
        _stream = _engine.ApplyAnswer(answer).FirstOrDefault(s => s.IsAccepted)
            ?? throw new SdpNegotiationException("the answer accepted no audio stream");
        UseRemoteIce(answer);
    }

    /// <summary>Waits for ICE to select a pair.</summary>
    /// <returns>The selected pair.</returns>
    /// <exception cref="InvalidOperationException">ICE failed: no pair works.</exception>
    public async Task<IceCandidatePair> ConnectAsync(CancellationToken cancellationToken)
    {
        var state = await _agent.WhenSettledAsync(cancellationToken).ConfigureAwait(false);
        if (state != IceAgentState.Completed) throw new InvalidOperationException($"ICE ended {state}: no candidate pair works");
        return _agent.GetSelectedPair(1) ?? throw new InvalidOperationException("ICE completed without a selected pair");
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _agent.DisposeAsync();

    private void AddIce(SdpSession session)
    {
        // RFC 8839 §5.4: ice-ufrag and ice-pwd, and one a=candidate per local candidate, in the media section.
        var media = session.Media[0];
        media.IceUfrag = _agent.LocalUfrag;
        media.IcePwd = _agent.LocalPassword;
        foreach (var candidate in _agent.LocalCandidates) media.Attributes.Add("candidate", candidate.ToAttributeValue());
    }

    private void UseRemoteIce(SdpSession remote)
    {
        var media = remote.Media[_stream!.Index];
        var ufrag = remote.GetEffectiveIceUfrag(media);
        var password = remote.GetEffectiveIcePwd(media);
        if (ufrag is null || password is null) throw new SdpNegotiationException("the peer's SDP carries no ICE credentials (a=ice-ufrag, a=ice-pwd)");
        _agent.SetRemoteCredentials(ufrag, password);
        foreach (var line in media.Attributes.FindAll("candidate"))
        {
            // RFC 8445 §5.1.3: a candidate we cannot read is skipped, not fatal; the rest may still connect.
            if (IceCandidate.TryParse(line.Value, out var candidate, out _)) _agent.AddRemoteCandidate(candidate);
        }

        _agent.AddRemoteEndOfCandidates();
    }

    private static SrtpPolicy CreatePolicy(SdpCrypto? crypto, string which)
    {
        if (crypto is null || !SrtpSuite.TryParse(crypto.Suite, out var suite))
        {
            throw new InvalidOperationException($"no usable {which} a=crypto after offer/answer");
        }

        return SrtpPolicy.FromSdesInline(suite, string.Join(";", crypto.KeyParameters.Select(k => k.ToString())));
    }
}
