using UcStack.Sdp;

namespace UcStack.Fuzz;

/// <summary>SDP target. The parser's errors are a false TryParse; typed accessors may throw only SdpParseException.</summary>
internal static class SdpTarget
{
    public static void Session(byte[] input)
    {
        if (!SdpSession.TryParse(input, out var session, out var error))
        {
            if (!error.IsError)
            {
                throw new FuzzInvariantException("SdpSession.TryParse failed without an error");
            }

            return;
        }

        // The writer's output for an accepted session must parse to a session that writes the same bytes.
        var written = session.Encode();
        if (!SdpSession.TryParse(written, out var again, out var againError) || !again.Encode().AsSpan().SequenceEqual(written))
        {
            throw new FuzzInvariantException($"the encoding of an accepted session does not round-trip: {againError}");
        }

        ReadEveryAccessor(session);
    }

    private static void ReadEveryAccessor(SdpSession session)
    {
        Typed(() => session.Direction);
        Typed(() => session.GetGroups().Count);
        Typed(() => session.IceUfrag);
        Typed(() => session.IcePwd);
        Typed(() => session.IceOptions);
        _ = session.IceLite;
        foreach (var media in session.Media)
        {
            Typed(() => session.GetEffectiveDirection(media));
            Typed(() => media.GetRtpMaps().Count);
            foreach (var format in media.Formats)
            {
                Typed(() => media.GetRtpMap(format));
                Typed(() => media.GetFmtp(format)?.GetParameters());
            }

            Typed(() => media.PacketTime);
            Typed(() => media.MaxPacketTime);
            Typed(() => media.Rtcp);
            Typed(() => media.Mid);
            Typed(() => media.GetSsrcs().Count);
            Typed(() => media.GetCryptos().Count);
            Typed(() => media.GetCryptoScales());
            Typed(() => SdpCryptoProfile.ValidateMicrosoft(media));
            Typed(() => media.GetCandidates().Count);
            Typed(() => media.GetIce6Candidates().Count);
            Typed(() => media.GetRemoteCandidates().Count);
            Typed(() => media.IceUfrag);
            Typed(() => media.IcePwd);
            Typed(() => media.IceOptions);
            _ = media.UsesIce6Candidates;
            _ = media.RtcpMux;
            _ = media.EndOfCandidates;
        }
    }

    private static void Typed<T>(Func<T> read)
    {
        try
        {
            _ = read();
        }
        catch (SdpParseException)
        {
            // An attribute that does not match its grammar: the documented failure of a typed accessor.
        }
    }
}
