using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace UcStack.Sdp;

/// <summary>
/// RFC 3264 offer/answer for one session (one dialog): builds offers and re-offers (hold, resume), answers a peer's
/// offer from <see cref="SdpOfferAnswerOptions"/>, and checks the peer's answer. It keeps the last local and remote
/// descriptions so that o= versions grow as RFC 3264 §8 requires.
/// </summary>
/// <remarks>
/// Not thread-safe: drive one instance from the dialog's serial executor. ICE attributes, DTLS fingerprints and
/// BUNDLE are not negotiated here; add them through the <c>decorate</c> callbacks before the version is settled.
/// </remarks>
public sealed partial class SdpOfferAnswerEngine
{
    private readonly SdpOfferAnswerOptions _options;
    private SdpOrigin? _origin;

    /// <summary>Creates an engine.</summary>
    /// <param name="options">The local capabilities.</param>
    public SdpOfferAnswerEngine(SdpOfferAnswerOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    /// <summary>The last description this side sent and that was completed by an answer (or was an answer), or <see langword="null"/>.</summary>
    public SdpSession? LocalDescription { get; private set; }

    /// <summary>The last description the peer sent (offer or answer), or <see langword="null"/>.</summary>
    public SdpSession? RemoteDescription { get; private set; }

    /// <summary>Our offer that awaits an answer, or <see langword="null"/>.</summary>
    public SdpSession? PendingOffer { get; private set; }

    /// <summary>The outcome of the last completed exchange, one entry per m= line.</summary>
    public IReadOnlyList<SdpNegotiatedMedia> Streams { get; private set; } = [];

    /// <summary>
    /// Creates an offer. The first offer lists one m= line per capability; later offers (RFC 3264 §8) repeat the
    /// current local description with the o= version increased when anything changed.
    /// </summary>
    /// <param name="decorate">Adds what the engine does not negotiate (ICE, fingerprints) before the version is settled.</param>
    /// <returns>The offer, also kept as <see cref="PendingOffer"/>.</returns>
    /// <exception cref="SdpNegotiationException">An offer is already outstanding.</exception>
    public SdpSession CreateOffer(Action<SdpSession>? decorate = null)
    {
        EnsureNoPendingOffer();
        var offer = LocalDescription is null ? BuildInitialOffer() : LocalDescription.Clone();
        return FinishOffer(offer, decorate);
    }

    /// <summary>
    /// Creates a hold re-offer (RFC 3264 §8.4): each active stream that was sendrecv becomes sendonly and each that was
    /// recvonly becomes inactive.
    /// </summary>
    /// <param name="decorate">Adds what the engine does not negotiate before the version is settled.</param>
    /// <returns>The offer, also kept as <see cref="PendingOffer"/>.</returns>
    /// <exception cref="SdpNegotiationException">Nothing was negotiated yet, or an offer is outstanding.</exception>
    public SdpSession CreateHoldOffer(Action<SdpSession>? decorate = null) => CreateDirectionOffer(hold: true, decorate);

    /// <summary>Creates a resume re-offer: each active stream goes back to its capability's direction.</summary>
    /// <param name="decorate">Adds what the engine does not negotiate before the version is settled.</param>
    /// <returns>The offer, also kept as <see cref="PendingOffer"/>.</returns>
    /// <exception cref="SdpNegotiationException">Nothing was negotiated yet, or an offer is outstanding.</exception>
    public SdpSession CreateResumeOffer(Action<SdpSession>? decorate = null) => CreateDirectionOffer(hold: false, decorate);

    /// <summary>Forgets the outstanding offer (for example after a SIP 488 or 491), keeping the last completed state.</summary>
    public void CancelOffer() => PendingOffer = null;

    private SdpSession CreateDirectionOffer(bool hold, Action<SdpSession>? decorate)
    {
        EnsureNoPendingOffer();
        if (LocalDescription is null)
        {
            throw new SdpNegotiationException(SdpNegotiationErrorCode.NotNegotiated, "Hold and resume need a completed offer/answer exchange.");
        }

        var offer = LocalDescription.Clone();
        var sessionDirection = offer.Direction;
        offer.Direction = null;
        for (var i = 0; i < offer.Media.Count; i++)
        {
            var media = offer.Media[i];
            if (media.Port == 0)
            {
                continue;
            }

            var current = media.Direction ?? sessionDirection ?? SdpDirection.SendRecv;
            var capability = FindCapability(media.MediaType);
            media.Direction = hold
                ? SdpDirectionExtensions.FromAbilities(current.Sends(), receives: false)
                : capability?.Direction ?? SdpDirection.SendRecv;
        }

        return FinishOffer(offer, decorate);
    }

    private SdpSession FinishOffer(SdpSession offer, Action<SdpSession>? decorate)
    {
        decorate?.Invoke(offer);
        SettleVersion(offer);
        PendingOffer = offer;
        return offer;
    }

    private SdpSession BuildInitialOffer()
    {
        var session = NewSession();
        foreach (var capability in _options.Media)
        {
            var protocol = capability.Srtp == SdpSrtpPolicy.Required
                ? capability.Protocols.FirstOrDefault(static p => p.EndsWith("SAVP", StringComparison.OrdinalIgnoreCase) || p.EndsWith("SAVPF", StringComparison.OrdinalIgnoreCase)) ?? "RTP/SAVP"
                : capability.Protocols.FirstOrDefault(static p => !p.Contains("SAVP", StringComparison.OrdinalIgnoreCase)) ?? capability.Protocols[0];
            var media = new SdpMedia(capability.MediaType, capability.Port, protocol);
            var used = new HashSet<int>();
            var nextDynamic = 96;
            foreach (var codec in capability.Codecs)
            {
                var payloadType = codec.PayloadType ?? codec.GetStaticPayloadType();
                if (payloadType is null || !used.Add(payloadType.Value))
                {
                    while (!used.Add(nextDynamic))
                    {
                        nextDynamic++;
                    }

                    payloadType = nextDynamic;
                }

                if (payloadType > 127)
                {
                    throw new InvalidOperationException($"More codecs for {capability.MediaType} than RTP payload types.");
                }

                media.AddCodec(new SdpRtpMap(payloadType.Value, codec.Name, codec.ClockRate, codec.Channels == 1 ? null : SdpAttributeValue.Format(codec.Channels)), codec.Fmtp);
            }

            if (capability.PacketTime is { } ptime)
            {
                media.PacketTime = ptime;
            }

            if (capability.RtcpMux)
            {
                media.RtcpMux = true;
            }

            if (capability.Srtp != SdpSrtpPolicy.Disabled && !protocol.StartsWith("UDP/TLS", StringComparison.OrdinalIgnoreCase))
            {
                var tag = 1;
                foreach (var suite in capability.CryptoSuites)
                {
                    media.Attributes.Add(NewCrypto(tag++, suite, template: null).ToAttribute());
                }
            }

            media.Direction = capability.Direction;
            session.Media.Add(media);
        }

        return session;
    }

    private SdpSession NewSession()
    {
        _origin ??= new SdpOrigin(_options.Username, NewSessionId(), 1, _options.Address, _options.AddressType);
        var session = new SdpSession(_origin, _options.SessionName)
        {
            Connection = new SdpConnection(_options.Address, _options.AddressType),
        };
        return session;
    }

    /// <summary>RFC 3264 §8: same o= line as before, version one higher only when the description changed.</summary>
    private void SettleVersion(SdpSession description)
    {
        var previous = LocalDescription;
        if (previous is null)
        {
            description.Origin = _origin!;
            return;
        }

        description.Origin = previous.Origin;
        if (!description.Encode().AsSpan().SequenceEqual(previous.Encode()))
        {
            description.Origin = previous.Origin.WithNextVersion();
        }
    }

    private SdpCrypto NewCrypto(int tag, string suite, SdpSrtpKeyParameter? template)
    {
        var length = SdpCrypto.GetKeySaltLength(suite) ?? throw new InvalidOperationException($"Unknown key length for crypto suite {suite}.");
        Span<byte> keySalt = stackalloc byte[64];
        keySalt = keySalt[..length];
        try
        {
            _options.KeyProvider.Fill(suite, keySalt);

            // Mirror the offer's lifetime and MKI presence: [MS-SDPEXT] peers pair |2^31|1:1 with MKI on.
            var key = SdpSrtpKeyParameter.FromKeySalt(
                keySalt,
                template?.Lifetime,
                template?.MkiLength is { } mkiLength ? 1UL : null,
                template?.MkiLength);
            return new SdpCrypto(tag, suite, [key]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keySalt);
        }
    }

    private SdpMediaCapability? FindCapability(string mediaType) =>
        _options.Media.FirstOrDefault(c => string.Equals(c.MediaType, mediaType, StringComparison.OrdinalIgnoreCase));

    private void EnsureNoPendingOffer()
    {
        if (PendingOffer is not null)
        {
            throw new SdpNegotiationException(SdpNegotiationErrorCode.OfferOutstanding, "An offer is outstanding; apply its answer or cancel it first.");
        }
    }

    private static string NewSessionId()
    {
        // RFC 8866 §5.2 leaves the method open; a random 62-bit number cannot collide in practice or overflow 2^63.
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        var id = BinaryPrimitives.ReadUInt64BigEndian(bytes) >> 2;
        return id.ToString(CultureInfo.InvariantCulture);
    }
}
