using UcStack.Stun;
using UcStack.Turn.Protocol;

namespace UcStack.Fuzz;

/// <summary>STUN (both wire formats) and TURN ChannelData targets. Their one error is a false TryParse with a StunParseError / TurnParseError.</summary>
internal static class StunTargets
{
    private static readonly StunParseOptions MsTurnOptions = new() { AllowMsTurnFormat = true };

    public static void Rfc(byte[] input) => Parse(input, StunParseOptions.Default);

    public static void MsTurn(byte[] input) => Parse(input, MsTurnOptions);

    public static void ChannelData(byte[] input)
    {
        var looksLikeChannelData = TurnChannelData.IsChannelData(input);
        if (!TurnChannelData.TryParse(input, out var channel, out var data, out var error))
        {
            RequireOffsetInside(error.Offset, input.Length, error.ToString());
            return;
        }

        if (!looksLikeChannelData || data.Length > input.Length - 4 || channel < 0x4000)
        {
            throw new FuzzInvariantException($"accepted ChannelData is inconsistent: channel 0x{channel:X4}, {data.Length} data bytes in {input.Length}");
        }
    }

    private static void Parse(byte[] input, StunParseOptions options)
    {
        if (!StunMessageReader.TryParse(input, options, out var reader, out var error))
        {
            if (!error.IsError)
            {
                throw new FuzzInvariantException("StunMessageReader.TryParse failed without an error");
            }

            RequireOffsetInside(error.Offset, input.Length, error.ToString());
            return;
        }

        TouchEverything(reader);
    }

    private static void TouchEverything(StunMessageReader reader)
    {
        var sum = reader.AttributeCount + reader.IgnoredAttributeCount + reader.UnknownComprehensionRequiredCount + reader.TransactionId.Length;
        foreach (var attribute in reader.Attributes)
        {
            sum += attribute.Value.Length + attribute.Offset + attribute.Type;
            reader.TryDecodeAddress(attribute, out _);
        }

        Span<ushort> unknown = stackalloc ushort[16];
        sum += reader.GetUnknownComprehensionRequired(unknown);
        _ = reader.Type.ToString() + reader.Class + reader.Method + reader.IsMsTurnFormat;

        reader.TryGetXorMappedAddress(out _);
        reader.TryGetMappedAddress(out _);
        reader.TryGetXorPeerAddress(out _);
        reader.TryGetXorRelayedAddress(out _);
        reader.TryGetAlternateServer(out _);
        reader.TryGetMsDestinationAddress(out _);
        reader.TryGetUsername(out _);
        reader.TryGetUserhash(out _);
        reader.TryGetRealm(out _);
        reader.TryGetNonce(out _);
        reader.TryGetSoftware(out _);
        reader.TryGetAlternateDomain(out _);
        reader.TryGetData(out _);
        reader.TryGetErrorCode(out _, out _);
        reader.TryGetAddressErrorCode(out _, out _, out _);
        if (reader.TryGetUnknownAttributes(out var types))
        {
            for (var i = 0; i < types.Count; i++)
            {
                sum += types[i];
            }
        }

        if (reader.TryGetPasswordAlgorithms(out var algorithms))
        {
            foreach (var entry in algorithms)
            {
                sum += entry.Parameters.Length;
            }
        }

        reader.TryGetPasswordAlgorithm(out _, out _);
        reader.TryGetPriority(out _);
        _ = reader.HasUseCandidate;
        reader.TryGetIceControlled(out _);
        reader.TryGetIceControlling(out _);
        reader.TryGetChannelNumber(out _);
        reader.TryGetLifetime(out _);
        reader.TryGetEvenPort(out _);
        reader.TryGetRequestedTransport(out _);
        _ = reader.HasDontFragment;
        reader.TryGetReservationToken(out _);
        reader.TryGetRequestedAddressFamily(out _);
        reader.TryGetAdditionalAddressFamily(out _);
        reader.TryGetIcmp(out _, out _, out _);
        reader.TryGetConnectionId(out _);
        reader.TryGetMsVersion(out _);
        reader.TryGetMsSequenceNumber(out _, out _);
        reader.TryGetCandidateIdentifier(out _);
        reader.TryGetImplementationVersion(out _);
        reader.TryGetBandwidth(out _);
        reader.TryGetMsServiceQuality(out _, out _);

        // Integrity and fingerprint checks run on attacker bytes before any credential is trusted.
        using var shortTerm = StunIntegrityKey.ForShortTerm("fuzz-password");
        reader.VerifyMessageIntegrity(shortTerm);
        reader.VerifyMessageIntegritySha256(shortTerm);
        reader.VerifyFingerprint();
        _ = sum;
    }

    private static void RequireOffsetInside(int offset, int length, string error)
    {
        if (offset < 0 || offset > length)
        {
            throw new FuzzInvariantException($"parse error offset {offset} outside the {length}-byte input: {error}");
        }
    }
}
