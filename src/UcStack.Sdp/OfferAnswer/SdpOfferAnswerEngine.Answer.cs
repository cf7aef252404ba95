using System.Globalization;

namespace UcStack.Sdp;

/// <summary>Answering offers and checking answers (RFC 3264 §6, §7, §8).</summary>
public sealed partial class SdpOfferAnswerEngine
{
    /// <summary>
    /// Answers <paramref name="offer"/> (RFC 3264 §6): one m= line per offered line in the same order, port 0 for what
    /// cannot be used, codecs intersected by name, clock rate and channels with the offerer's payload type numbers,
    /// directions mirrored, and for secure streams the first offered crypto suite we support answered with the same
    /// tag and a fresh key.
    /// </summary>
    /// <param name="offer">The peer's offer.</param>
    /// <param name="decorate">Adds what the engine does not negotiate (ICE, fingerprints) before the version is settled.</param>
    /// <returns>The answer and the per-stream outcome.</returns>
    /// <exception cref="SdpNegotiationException">
    /// Every stream was rejected (<see cref="SdpNegotiationErrorCode.NoAcceptableMedia"/>, with <see cref="SdpNegotiationException.Rejections"/>),
    /// the offer breaks RFC 3264 §8 against the previous one, an active stream has no address, an attribute is malformed,
    /// or our own offer is outstanding.
    /// </exception>
    public SdpAnswer CreateAnswer(SdpSession offer, Action<SdpSession>? decorate = null)
    {
        ArgumentNullException.ThrowIfNull(offer);
        EnsureNoPendingOffer();
        CheckRemoteEvolution(offer);
        var answer = NewSession();
        var streams = new List<SdpNegotiatedMedia>(offer.Media.Count);
        var offeredActive = 0;
        for (var i = 0; i < offer.Media.Count; i++)
        {
            var offered = offer.Media[i];
            offeredActive += offered.Port == 0 ? 0 : 1;
            var (media, stream) = Guard(i, () => AnswerStream(offer, offered, i));
            answer.Media.Add(media);
            streams.Add(stream);
        }

        if (offeredActive > 0 && !streams.Any(static s => s.IsAccepted))
        {
            throw new SdpNegotiationException(SdpNegotiationErrorCode.NoAcceptableMedia, "No offered stream can be accepted: " +
                string.Join(", ", streams.Select(static s => $"m[{s.Index}] {s.MediaType}: {s.Rejection}")))
            {
                Rejections = streams.Select(static s => s.Rejection).ToArray(),
            };
        }

        decorate?.Invoke(answer);
        SettleVersion(answer);
        LocalDescription = answer;
        RemoteDescription = offer;
        Streams = streams;
        return new SdpAnswer(answer, streams);
    }

    /// <summary>Checks the peer's answer to <see cref="PendingOffer"/> and completes the exchange.</summary>
    /// <param name="answer">The peer's answer.</param>
    /// <returns>The per-stream outcome, also kept as <see cref="Streams"/>.</returns>
    /// <exception cref="SdpNegotiationException">
    /// No offer is outstanding, or the answer breaks RFC 3264 §6 / RFC 4568 §7 against our offer.
    /// </exception>
    public IReadOnlyList<SdpNegotiatedMedia> ApplyAnswer(SdpSession answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var offer = PendingOffer ?? throw new SdpNegotiationException(SdpNegotiationErrorCode.NoOfferOutstanding, "No offer of ours awaits an answer.");
        CheckRemoteEvolution(answer);

        // RFC 3264 §6: the answer has exactly as many m= lines as the offer, in the same order.
        if (answer.Media.Count != offer.Media.Count)
        {
            throw new SdpNegotiationException(SdpNegotiationErrorCode.AnswerMediaMismatch, $"The answer has {answer.Media.Count} m= lines; the offer had {offer.Media.Count} (RFC 3264 §6).");
        }

        var streams = new List<SdpNegotiatedMedia>(offer.Media.Count);
        for (var i = 0; i < offer.Media.Count; i++)
        {
            var index = i;
            streams.Add(Guard(i, () => CheckAnswerStream(offer, answer, index)));
        }

        LocalDescription = offer;
        RemoteDescription = answer;
        PendingOffer = null;
        Streams = streams;
        return streams;
    }

    private (SdpMedia Media, SdpNegotiatedMedia Stream) AnswerStream(SdpSession offer, SdpMedia offered, int index)
    {
        if (offered.Port == 0)
        {
            // RFC 3264 §6: a stream offered with port 0 is answered with port 0.
            return Rejected(offered, index, SdpStreamRejection.DisabledInOffer);
        }

        var capability = FindCapability(offered.MediaType);
        if (capability is null)
        {
            return Rejected(offered, index, SdpStreamRejection.NoCapability);
        }

        if (!capability.Protocols.Contains(offered.Protocol, StringComparer.OrdinalIgnoreCase))
        {
            return Rejected(offered, index, SdpStreamRejection.UnsupportedProtocol);
        }

        var connection = offer.GetEffectiveConnection(offered) ?? throw new SdpNegotiationException(
            SdpNegotiationErrorCode.MissingConnection, $"m[{index}] {offered.MediaType} has no c= line at media or session level (RFC 8866 §5.7).", index);

        // Crypto: RFC 4568 §7.1.2 — take the first offered line whose suite we support.
        var isDtls = offered.Protocol.StartsWith("UDP/TLS", StringComparison.OrdinalIgnoreCase);
        SdpCrypto? chosen = null;
        if (!isDtls && capability.Srtp != SdpSrtpPolicy.Disabled)
        {
            chosen = offered.GetCryptos().FirstOrDefault(c =>
                capability.CryptoSuites.Contains(c.Suite, StringComparer.Ordinal) && SdpCrypto.GetKeySaltLength(c.Suite) is not null);
        }

        if (!isDtls && chosen is null)
        {
            if (offered.IsSecureRtp)
            {
                return Rejected(offered, index, SdpStreamRejection.NoCommonCryptoSuite);
            }

            if (capability.Srtp == SdpSrtpPolicy.Required)
            {
                return Rejected(offered, index, SdpStreamRejection.EncryptionRequired);
            }
        }

        var media = new SdpMedia(offered.MediaType, capability.Port, offered.Protocol, []);
        var codecs = new List<SdpRtpMap>();
        var formats = new List<string>();
        if (offered.IsRtp)
        {
            foreach (var (map, codec) in MatchCodecs(offered, capability))
            {
                media.AddCodec(map, codec.Fmtp);
                codecs.Add(map);
            }
        }
        else
        {
            foreach (var format in offered.Formats)
            {
                if (capability.Codecs.Any(c => string.Equals(c.Name, format, StringComparison.OrdinalIgnoreCase)))
                {
                    media.Formats.Add(format);
                    formats.Add(format);
                }
            }
        }

        if (media.Formats.Count == 0)
        {
            return Rejected(offered, index, SdpStreamRejection.NoCommonFormat);
        }

        // RFC 3264 §6.1: sendonly is answered recvonly (or inactive), recvonly with sendonly (or inactive), inactive with
        // inactive. RFC 3264 §8.4: an offer with c=0.0.0.0 (RFC 2543 hold) means the offerer does not want to receive.
        var zeroHold = IsZeroAddressHold(offer, offered, connection);
        var offeredDirection = offer.GetEffectiveDirection(offered);
        if (zeroHold)
        {
            offeredDirection = SdpDirectionExtensions.FromAbilities(offeredDirection.Sends(), receives: false);
        }

        var local = SdpDirectionExtensions.FromAbilities(
            capability.Direction.Sends() && offeredDirection.Receives(),
            capability.Direction.Receives() && offeredDirection.Sends());
        if (offered.Mid is { } mid)
        {
            // RFC 5888 §9.2: the answer carries the same mid for each m= line.
            media.Mid = mid;
        }

        if (capability.PacketTime is { } ptime)
        {
            media.PacketTime = ptime;
        }

        var rtcpMux = offered.RtcpMux && capability.RtcpMux;
        media.RtcpMux = rtcpMux;
        SdpCrypto? localCrypto = null;
        if (chosen is not null)
        {
            // RFC 4568 §7.1.2: the answer uses the chosen offer line's tag and suite with the answerer's own key.
            localCrypto = NewCrypto(chosen.Tag, chosen.Suite, chosen.KeyParameters[0]);
            media.Attributes.Add(localCrypto.ToAttribute());
        }

        media.Direction = local;
        var stream = new SdpNegotiatedMedia
        {
            Index = index,
            MediaType = offered.MediaType,
            Rejection = SdpStreamRejection.None,
            Protocol = offered.Protocol,
            Codecs = codecs,
            Formats = formats,
            LocalDirection = local,
            RemoteAddress = connection.Address,
            RemotePort = offered.Port,
            RemoteUsedZeroAddressHold = zeroHold,
            RtcpMux = rtcpMux,
            LocalCrypto = localCrypto,
            RemoteCrypto = chosen,
        };
        return (media, stream);
    }

    private static List<(SdpRtpMap Map, SdpCodec Codec)> MatchCodecs(SdpMedia offered, SdpMediaCapability capability)
    {
        var matches = new List<(SdpRtpMap Map, SdpCodec Codec, int Rank)>();
        foreach (var format in offered.Formats)
        {
            if (!SdpAttributeValue.TryParseInt(format, 0, 127, out var payloadType))
            {
                continue;
            }

            // Dynamic types need an rtpmap; static ones may rely on RFC 3551's table (RFC 8866 §6.6).
            var map = offered.GetRtpMap(format) ?? SdpCodec.GetStaticRtpMap(payloadType);
            if (map is null || map.PayloadType != payloadType)
            {
                continue;
            }

            var fmtp = offered.GetFmtp(format);
            for (var rank = 0; rank < capability.Codecs.Count; rank++)
            {
                var codec = capability.Codecs[rank];
                if (codec.Matches(map) && codec.ParametersMatch(fmtp))
                {
                    // RFC 3264 §6.1: the answer uses the offerer's payload type number for the codec.
                    matches.Add((map, codec, rank));
                    break;
                }
            }
        }

        if (capability.AnswerInLocalPreferenceOrder)
        {
            matches = matches.OrderBy(static m => m.Rank).ToList();
        }

        return matches.Select(static m => (m.Map, m.Codec)).ToList();
    }

    private static (SdpMedia, SdpNegotiatedMedia) Rejected(SdpMedia offered, int index, SdpStreamRejection reason)
    {
        // RFC 3264 §6: a rejected stream keeps its m= line with port 0 and the offered formats.
        var media = new SdpMedia(offered.MediaType, 0, offered.Protocol, offered.Formats);
        return (media, new SdpNegotiatedMedia { Index = index, MediaType = offered.MediaType, Rejection = reason, Protocol = offered.Protocol });
    }

    private static SdpNegotiatedMedia CheckAnswerStream(SdpSession offer, SdpSession answer, int index)
    {
        var ours = offer.Media[index];
        var theirs = answer.Media[index];
        if (!string.Equals(ours.MediaType, theirs.MediaType, StringComparison.OrdinalIgnoreCase))
        {
            throw new SdpNegotiationException(SdpNegotiationErrorCode.AnswerMediaMismatch, $"m[{index}] is {theirs.MediaType} in the answer but {ours.MediaType} in the offer (RFC 3264 §6).", index);
        }

        if (ours.Port == 0 || theirs.Port == 0)
        {
            return new SdpNegotiatedMedia
            {
                Index = index,
                MediaType = ours.MediaType,
                Rejection = ours.Port == 0 ? SdpStreamRejection.DisabledInOffer : SdpStreamRejection.RejectedByPeer,
                Protocol = ours.Protocol,
            };
        }

        var connection = answer.GetEffectiveConnection(theirs) ?? throw new SdpNegotiationException(
            SdpNegotiationErrorCode.MissingConnection, $"m[{index}] of the answer has no c= line (RFC 8866 §5.7).", index);
        var codecs = new List<SdpRtpMap>();
        var formats = new List<string>();
        foreach (var format in theirs.Formats)
        {
            if (!ours.Formats.Contains(format))
            {
                continue;
            }

            formats.Add(format);
            if (ours.IsRtp && SdpAttributeValue.TryParseInt(format, 0, 127, out var payloadType)
                && (ours.GetRtpMap(format) ?? SdpCodec.GetStaticRtpMap(payloadType)) is { } map)
            {
                codecs.Add(map);
            }
        }

        if (formats.Count == 0)
        {
            throw new SdpNegotiationException(SdpNegotiationErrorCode.AnswerFormatNotOffered, $"m[{index}] of the answer lists no format we offered (RFC 3264 §6.1).", index);
        }

        SdpCrypto? localCrypto = null;
        SdpCrypto? remoteCrypto = null;
        var answered = theirs.GetCryptos();
        if (answered.Count > 0)
        {
            // RFC 4568 §7.1.3 / §7.5: the answer's single crypto line echoes one offered tag and its suite.
            remoteCrypto = answered[0];
            localCrypto = ours.GetCryptos().FirstOrDefault(c => c.Tag == remoteCrypto.Tag);
            if (localCrypto is null || !string.Equals(localCrypto.Suite, remoteCrypto.Suite, StringComparison.Ordinal))
            {
                throw new SdpNegotiationException(SdpNegotiationErrorCode.AnswerCryptoMismatch,
                    $"m[{index}] answers crypto tag {remoteCrypto.Tag.ToString(CultureInfo.InvariantCulture)} with suite {remoteCrypto.Suite}, which we did not offer (RFC 4568 §7.1.3).", index);
            }
        }
        else if (ours.IsSecureRtp && !ours.Protocol.StartsWith("UDP/TLS", StringComparison.OrdinalIgnoreCase))
        {
            throw new SdpNegotiationException(SdpNegotiationErrorCode.AnswerCryptoMismatch, $"m[{index}] is {ours.Protocol} but the answer has no a=crypto (RFC 4568 §7.1.3).", index);
        }

        var zeroHold = IsZeroAddressHold(answer, theirs, connection);
        var answeredDirection = answer.GetEffectiveDirection(theirs);
        if (zeroHold)
        {
            answeredDirection = SdpDirectionExtensions.FromAbilities(answeredDirection.Sends(), receives: false);
        }

        var offeredDirection = offer.GetEffectiveDirection(ours);
        return new SdpNegotiatedMedia
        {
            Index = index,
            MediaType = ours.MediaType,
            Rejection = SdpStreamRejection.None,
            Protocol = ours.Protocol,
            Codecs = codecs,
            Formats = ours.IsRtp ? [] : formats,
            LocalDirection = SdpDirectionExtensions.FromAbilities(
                offeredDirection.Sends() && answeredDirection.Receives(),
                offeredDirection.Receives() && answeredDirection.Sends()),
            RemoteAddress = connection.Address,
            RemotePort = theirs.Port,
            RemoteUsedZeroAddressHold = zeroHold,
            RtcpMux = ours.RtcpMux && theirs.RtcpMux,
            LocalCrypto = localCrypto,
            RemoteCrypto = remoteCrypto,
        };
    }

    /// <summary>RFC 3264 §8: a later description keeps the o= line except a growing version, and never drops m= lines.</summary>
    private void CheckRemoteEvolution(SdpSession remote)
    {
        if (RemoteDescription is not { } previous)
        {
            return;
        }

        var before = previous.Origin;
        var now = remote.Origin;
        if (before.Username != now.Username || before.SessionId != now.SessionId || before.NetType != now.NetType
            || before.AddressType != now.AddressType || before.Address != now.Address)
        {
            throw new SdpNegotiationException(SdpNegotiationErrorCode.OriginChanged, "The o= line changed other than its version (RFC 3264 §8).");
        }

        if (now.SessionVersion < before.SessionVersion
            || (now.SessionVersion == before.SessionVersion && !remote.Encode().AsSpan().SequenceEqual(previous.Encode())))
        {
            throw new SdpNegotiationException(SdpNegotiationErrorCode.VersionNotIncremented,
                $"The description changed but its version went from {before.SessionVersion} to {now.SessionVersion} (RFC 3264 §8).");
        }

        if (remote.Media.Count < previous.Media.Count)
        {
            throw new SdpNegotiationException(SdpNegotiationErrorCode.MediaSectionsRemoved,
                $"The new description has {remote.Media.Count} m= lines; the previous had {previous.Media.Count} (RFC 3264 §8).");
        }
    }

    /// <summary>
    /// RFC 3264 §8.4: c=0.0.0.0 is the RFC 2543 hold form. With ICE (RFC 8839 §4.2.1, RFC 8840 §4.2) the same
    /// address with port 9 is only a placeholder default destination, so streams with ICE credentials are exempt.
    /// </summary>
    private static bool IsZeroAddressHold(SdpSession session, SdpMedia media, SdpConnection connection) =>
        connection.IsUnspecifiedHoldAddress && session.GetEffectiveIceUfrag(media) is null;

    private static T Guard<T>(int index, Func<T> step)
    {
        try
        {
            return step();
        }
        catch (SdpParseException exception)
        {
            throw new SdpNegotiationException(SdpNegotiationErrorCode.MalformedAttribute, $"m[{index}]: {exception.Message}", index, exception);
        }
    }
}
