namespace UcStack.Sdp.Tests.OfferAnswer;

[TestFixture]
public sealed class SdpOfferAnswerEngineTests
{
    private const string Key30 = "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz";

    private static SdpMediaCapability Audio(SdpDirection direction = SdpDirection.SendRecv, SdpSrtpPolicy srtp = SdpSrtpPolicy.Optional) =>
        new("audio", 40000, [SdpCodec.Pcmu, new SdpCodec("OPUS", 48000, 2, "useinbandfec=1"), SdpCodec.TelephoneEvent])
        {
            Direction = direction,
            Srtp = srtp,
            Protocols = ["RTP/AVP", "RTP/SAVP", "RTP/SAVPF", "UDP/TLS/RTP/SAVPF"],
        };

    private static SdpMediaCapability Video() =>
        new("video", 40002, [new SdpCodec("H264", 90000, fmtp: "packetization-mode=1") { MatchParameters = ["packetization-mode"] }]);

    private static SdpOfferAnswerEngine Engine(ISdpCryptoKeyProvider? keys = null, params SdpMediaCapability[] media) =>
        new(new SdpOfferAnswerOptions("192.0.2.50", media.Length == 0 ? [Audio(), Video()] : media) { KeyProvider = keys ?? new CountingKeyProvider() });

    private static SdpSession Offer(params string[] mediaLines) =>
        SdpSession.Parse(Fixtures.Lines(["v=0", "o=caller 100 1 IN IP4 198.51.100.1", "s=-", "c=IN IP4 198.51.100.1", "t=0 0", .. mediaLines]));

    [Test]
    public void CreateAnswer_KeepsNumberAndOrderOfMediaLines()
    {
        var offer = Offer("m=video 5002 RTP/AVP 96", "a=rtpmap:96 h264/90000", "a=fmtp:96 packetization-mode=1", "m=text 5004 RTP/AVP 98", "m=audio 5000 RTP/AVP 0");
        var answer = Engine().CreateAnswer(offer);
        Assert.Multiple(() =>
        {
            Assert.That(answer.Session.Media.Select(m => m.MediaType), Is.EqualTo(new[] { "video", "text", "audio" }));
            Assert.That(answer.Session.Media.Select(m => m.Port), Is.EqualTo(new[] { 40002, 0, 40000 }));
            Assert.That(answer.Streams.Select(s => s.Rejection), Is.EqualTo(new[] { SdpStreamRejection.None, SdpStreamRejection.NoCapability, SdpStreamRejection.None }));
            Assert.That(answer.Session.Media[1].Formats, Is.EqualTo(new[] { "98" }));
            Assert.That(answer.Session.Connection!.Address, Is.EqualTo("192.0.2.50"));
        });
    }

    [Test]
    public void CreateAnswer_CodecIntersection_ByNameClockAndChannels_KeepsOffererPayloadTypes()
    {
        var offer = Offer(
            "m=audio 5000 RTP/AVP 109 0 8 110 101",
            "a=rtpmap:109 opus/48000/2",
            "a=rtpmap:110 opus/48000",
            "a=rtpmap:101 Telephone-Event/8000",
            "a=fmtp:101 0-15");
        var answer = Engine().CreateAnswer(offer);
        var audio = answer.Session.Media[0];
        Assert.Multiple(() =>
        {
            // 8 (PCMA) is not ours; 110 is opus with 1 channel, which does not match our 2-channel opus.
            Assert.That(audio.Formats, Is.EqualTo(new[] { "109", "0", "101" }));
            Assert.That(audio.GetRtpMaps().Select(m => m.ToAttribute().Value), Is.EqualTo(new[] { "109 opus/48000/2", "0 PCMU/8000", "101 Telephone-Event/8000" }));
            Assert.That(audio.GetFmtp("109")!.Parameters, Is.EqualTo("useinbandfec=1"));
            Assert.That(answer.Streams[0].Codecs.Select(c => c.PayloadType), Is.EqualTo(new[] { 109, 0, 101 }));
        });
    }

    [Test]
    public void CreateAnswer_LocalPreferenceOrder_ReordersCodecs()
    {
        var capability = Audio() with { AnswerInLocalPreferenceOrder = true };
        var answer = Engine(null, capability).CreateAnswer(Offer("m=audio 5000 RTP/AVP 101 0", "a=rtpmap:101 telephone-event/8000"));
        Assert.That(answer.Session.Media[0].Formats, Is.EqualTo(new[] { "0", "101" }));
    }

    [Test]
    public void CreateAnswer_FmtpMatchParameter_MustAgree()
    {
        var offer = Offer("m=video 5002 RTP/AVP 96 97", "a=rtpmap:96 H264/90000", "a=fmtp:96 packetization-mode=0", "a=rtpmap:97 H264/90000", "a=fmtp:97 profile-level-id=42e01f;packetization-mode=1");
        var answer = Engine(null, Video()).CreateAnswer(offer);
        Assert.That(answer.Session.Media[0].Formats, Is.EqualTo(new[] { "97" }));
    }

    [Test]
    public void CreateAnswer_NoCommonCodec_RejectsWithPortZero()
    {
        var offer = Offer("m=audio 5000 RTP/AVP 8 96", "a=rtpmap:96 speex/16000", "m=video 5002 RTP/AVP 96", "a=rtpmap:96 H264/90000", "a=fmtp:96 packetization-mode=1");
        var answer = Engine().CreateAnswer(offer);
        Assert.Multiple(() =>
        {
            Assert.That(answer.Session.Media[0].Port, Is.Zero);
            Assert.That(answer.Session.Media[0].Formats, Is.EqualTo(new[] { "8", "96" }));
            Assert.That(answer.Streams[0].Rejection, Is.EqualTo(SdpStreamRejection.NoCommonFormat));
            Assert.That(answer.Streams[1].IsAccepted, Is.True);
        });
    }

    [Test]
    public void CreateAnswer_OfferedPortZero_StaysRejected()
    {
        var answer = Engine().CreateAnswer(Offer("m=audio 0 RTP/AVP 0", "m=video 5002 RTP/AVP 96", "a=rtpmap:96 H264/90000", "a=fmtp:96 packetization-mode=1"));
        Assert.That(answer.Streams[0].Rejection, Is.EqualTo(SdpStreamRejection.DisabledInOffer));
    }

    [Test]
    public void CreateAnswer_UnsupportedProtocol_Rejects()
    {
        var answer = Engine().CreateAnswer(Offer("m=audio 5000 TCP/RTP/AVP 0", "m=audio 5002 RTP/AVP 0"));
        Assert.That(answer.Streams.Select(s => s.Rejection), Is.EqualTo(new[] { SdpStreamRejection.UnsupportedProtocol, SdpStreamRejection.None }));
    }

    [TestCase("sendrecv", SdpDirection.SendRecv, SdpDirection.SendRecv)]
    [TestCase("sendonly", SdpDirection.SendRecv, SdpDirection.RecvOnly)]
    [TestCase("recvonly", SdpDirection.SendRecv, SdpDirection.SendOnly)]
    [TestCase("inactive", SdpDirection.SendRecv, SdpDirection.Inactive)]
    [TestCase("sendrecv", SdpDirection.RecvOnly, SdpDirection.RecvOnly)]
    [TestCase("sendonly", SdpDirection.SendOnly, SdpDirection.Inactive)]
    public void CreateAnswer_Direction_IsMirrored(string offered, SdpDirection local, SdpDirection expected)
    {
        var answer = Engine(null, Audio(local)).CreateAnswer(Offer("m=audio 5000 RTP/AVP 0", "a=" + offered));
        Assert.Multiple(() =>
        {
            Assert.That(answer.Session.Media[0].Direction, Is.EqualTo(expected));
            Assert.That(answer.Streams[0].LocalDirection, Is.EqualTo(expected));
        });
    }

    [Test]
    public void CreateAnswer_SessionLevelDirection_Applies()
    {
        var offer = SdpSession.Parse(Fixtures.Lines("v=0", "o=caller 100 1 IN IP4 198.51.100.1", "s=-", "c=IN IP4 198.51.100.1", "t=0 0", "a=sendonly", "m=audio 5000 RTP/AVP 0"));
        Assert.That(Engine().CreateAnswer(offer).Session.Media[0].Direction, Is.EqualTo(SdpDirection.RecvOnly));
    }

    [Test]
    public void CreateAnswer_Rfc2543ZeroAddressHold_IsRecognised()
    {
        var offer = SdpSession.Parse(Fixtures.Lines("v=0", "o=caller 100 1 IN IP4 198.51.100.1", "s=-", "c=IN IP4 0.0.0.0", "t=0 0", "m=audio 5000 RTP/AVP 0"));
        var answer = Engine().CreateAnswer(offer);
        Assert.Multiple(() =>
        {
            Assert.That(answer.Streams[0].RemoteUsedZeroAddressHold, Is.True);
            Assert.That(answer.Streams[0].LocalDirection, Is.EqualTo(SdpDirection.RecvOnly));
        });
    }

    [Test]
    public void CreateAnswer_SecureOffer_PicksFirstSupportedSuiteWithSameTagAndOwnKey()
    {
        var keys = new CountingKeyProvider();
        var offer = Offer(
            "m=audio 5000 RTP/SAVP 0",
            $"a=crypto:1 AES_256_CM_HMAC_SHA1_80 inline:{Convert.ToBase64String(new byte[46])}",
            $"a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:{Key30}|2^31|1:1",
            $"a=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:{Key30}");
        var answer = Engine(keys).CreateAnswer(offer);
        var crypto = answer.Session.Media[0].GetCryptos().Single();
        var keySalt = new byte[30];
        crypto.KeyParameters[0].CopyKeySalt(keySalt);
        Assert.Multiple(() =>
        {
            Assert.That(crypto.Tag, Is.EqualTo(2));
            Assert.That(crypto.Suite, Is.EqualTo("AES_CM_128_HMAC_SHA1_32"));
            Assert.That(keySalt, Is.All.EqualTo(1), "the key comes from the provider");
            Assert.That(crypto.KeyParameters[0].Lifetime, Is.EqualTo(SdpSrtpLifetime.PowerOfTwo(31)));
            Assert.That((crypto.KeyParameters[0].MkiValue, crypto.KeyParameters[0].MkiLength), Is.EqualTo(((ulong?)1, (int?)1)));
            Assert.That(answer.Streams[0].RemoteCrypto!.Tag, Is.EqualTo(2));
            Assert.That(answer.Streams[0].LocalCrypto, Is.EqualTo(crypto));
            Assert.That(keys.Calls, Is.EqualTo(1));
        });
    }

    [Test]
    public void CreateAnswer_DefaultKeyProvider_GivesFreshRandomKeys()
    {
        var engineA = new SdpOfferAnswerEngine(new SdpOfferAnswerOptions("192.0.2.50", [Audio()]));
        var engineB = new SdpOfferAnswerEngine(new SdpOfferAnswerOptions("192.0.2.50", [Audio()]));
        var offer = Offer("m=audio 5000 RTP/SAVP 0", $"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:{Key30}");
        var a = engineA.CreateAnswer(offer).Streams[0].LocalCrypto!.KeyParameters[0].KeySaltBase64;
        var b = engineB.CreateAnswer(offer).Streams[0].LocalCrypto!.KeyParameters[0].KeySaltBase64;
        Assert.That(a, Is.Not.EqualTo(b).And.Not.EqualTo(Key30));
    }

    [Test]
    public void CreateAnswer_SecureOfferWithoutSupportedSuite_Rejects()
    {
        var answer = Engine().CreateAnswer(Offer(
            "m=audio 5000 RTP/SAVP 0", $"a=crypto:1 F8_128_HMAC_SHA1_80 inline:{Key30}",
            "m=audio 5002 RTP/AVP 0"));
        Assert.That(answer.Streams[0].Rejection, Is.EqualTo(SdpStreamRejection.NoCommonCryptoSuite));
    }

    [Test]
    public void CreateAnswer_MicrosoftOptionalSrtp_AnswersCryptoOnPlainProfile()
    {
        var session = Fixtures.Session("lync-offer.sdp");
        var capability = new SdpMediaCapability("audio", 40000, [SdpCodec.Pcmu, SdpCodec.G722]) { CryptoSuites = [SdpCryptoProfile.MicrosoftSuite] };
        var answer = Engine(null, capability).CreateAnswer(session);
        var audio = answer.Session.Media[0];
        Assert.Multiple(() =>
        {
            Assert.That(audio.Protocol, Is.EqualTo("RTP/AVP"));
            Assert.That(audio.Formats, Is.EqualTo(new[] { "9", "0" }));
            Assert.That(audio.GetCryptos().Single().Tag, Is.EqualTo(2));
            Assert.That(audio.GetCryptos().Single().KeyParameters[0].ToString(), Does.EndWith("|2^31|1:1"));
            Assert.That(SdpCryptoProfile.ValidateMicrosoft(audio), Is.Empty);
        });
    }

    [Test]
    public void CreateAnswer_SrtpDisabled_AnswersPlainWithoutCrypto()
    {
        var capability = Audio(srtp: SdpSrtpPolicy.Disabled);
        var answer = Engine(null, capability).CreateAnswer(Offer("m=audio 5000 RTP/AVP 0", $"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:{Key30}"));
        Assert.That(answer.Session.Media[0].GetCryptos(), Is.Empty);
    }

    [Test]
    public void CreateAnswer_SrtpRequiredButOfferPlain_RejectsAll()
    {
        var exception = Assert.Throws<SdpNegotiationException>(() => Engine(null, Audio(srtp: SdpSrtpPolicy.Required)).CreateAnswer(Offer("m=audio 5000 RTP/AVP 0")));
        Assert.Multiple(() =>
        {
            Assert.That(exception!.Code, Is.EqualTo(SdpNegotiationErrorCode.NoAcceptableMedia));
            Assert.That(exception.Rejections, Is.EqualTo(new[] { SdpStreamRejection.EncryptionRequired }));
        });
    }

    [Test]
    public void CreateAnswer_DtlsProfile_AcceptedWithoutSdes()
    {
        var offer = Fixtures.Session("webrtc-bundle-offer.sdp");
        var answer = Engine().CreateAnswer(offer);
        Assert.Multiple(() =>
        {
            Assert.That(answer.Streams.Select(s => s.Rejection), Is.EqualTo(new[] { SdpStreamRejection.None, SdpStreamRejection.UnsupportedProtocol, SdpStreamRejection.NoCapability }));
            Assert.That(answer.Session.Media[0].GetCryptos(), Is.Empty);
            Assert.That(answer.Session.Media[0].Mid, Is.EqualTo("0"));
            Assert.That(answer.Session.Media[0].RtcpMux, Is.True);
            Assert.That(answer.Streams[0].RtcpMux, Is.True);
            Assert.That(answer.Session.Media[0].Direction, Is.EqualTo(SdpDirection.SendRecv), "c=0.0.0.0 with ICE is a placeholder, not hold");
            Assert.That(answer.Streams[0].RemoteUsedZeroAddressHold, Is.False);
        });
    }

    [Test]
    public void CreateAnswer_AllStreamsRejected_ThrowsNoAcceptableMedia()
    {
        var engine = Engine();
        var exception = Assert.Throws<SdpNegotiationException>(() => engine.CreateAnswer(Offer("m=audio 5000 RTP/AVP 8", "m=image 5002 udptl t38")));
        Assert.Multiple(() =>
        {
            Assert.That(exception!.Code, Is.EqualTo(SdpNegotiationErrorCode.NoAcceptableMedia));
            Assert.That(exception.Rejections, Is.EqualTo(new[] { SdpStreamRejection.NoCommonFormat, SdpStreamRejection.NoCapability }));
            Assert.That(engine.LocalDescription, Is.Null, "a failed answer leaves no state behind");
        });
    }

    [Test]
    public void CreateAnswer_NoConnectionLine_ThrowsMissingConnection()
    {
        var offer = SdpSession.Parse(Fixtures.Lines("v=0", "o=caller 100 1 IN IP4 198.51.100.1", "s=-", "t=0 0", "m=audio 5000 RTP/AVP 0"));
        var exception = Assert.Throws<SdpNegotiationException>(() => Engine().CreateAnswer(offer));
        Assert.That((exception!.Code, exception.MediaIndex), Is.EqualTo((SdpNegotiationErrorCode.MissingConnection, 0)));
    }

    [Test]
    public void CreateAnswer_MalformedRtpmap_ThrowsMalformedAttributeWithParseError()
    {
        var exception = Assert.Throws<SdpNegotiationException>(() => Engine().CreateAnswer(Offer("m=audio 5000 RTP/AVP 96", "a=rtpmap:96 opus")));
        Assert.Multiple(() =>
        {
            Assert.That(exception!.Code, Is.EqualTo(SdpNegotiationErrorCode.MalformedAttribute));
            Assert.That(((SdpParseException)exception.InnerException!).Error.Line, Is.EqualTo(7));
        });
    }

    [Test]
    public void CreateAnswer_ReOffer_IncrementsOwnVersionOnlyWhenChanged()
    {
        var engine = Engine();
        var first = engine.CreateAnswer(Offer("m=audio 5000 RTP/AVP 0")).Session;
        var same = engine.CreateAnswer(Offer("m=audio 5000 RTP/AVP 0")).Session;
        var offer = Offer("m=audio 5000 RTP/AVP 0", "a=sendonly");
        offer.Origin = offer.Origin.WithNextVersion();
        var changed = engine.CreateAnswer(offer).Session;
        Assert.Multiple(() =>
        {
            Assert.That(same.Origin, Is.EqualTo(first.Origin));
            Assert.That(changed.Origin.SessionVersion, Is.EqualTo(first.Origin.SessionVersion + 1));
            Assert.That(changed.Origin.SessionId, Is.EqualTo(first.Origin.SessionId));
        });
    }

    [Test]
    public void CreateAnswer_ReOfferRules_AreEnforced()
    {
        var engine = Engine();
        engine.CreateAnswer(Offer("m=audio 5000 RTP/AVP 0", "m=video 5002 RTP/AVP 96", "a=rtpmap:96 H264/90000"));

        var fewer = Offer("m=audio 5000 RTP/AVP 0");
        fewer.Origin = fewer.Origin.WithNextVersion();
        var sameVersionChanged = Offer("m=audio 5000 RTP/AVP 0", "m=video 5002 RTP/AVP 96", "a=rtpmap:96 H264/90000", "a=sendonly");
        var otherOrigin = Offer("m=audio 5000 RTP/AVP 0", "m=video 5002 RTP/AVP 96", "a=rtpmap:96 H264/90000");
        otherOrigin.Origin = new SdpOrigin("caller", "101", 2, "198.51.100.1");
        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<SdpNegotiationException>(() => engine.CreateAnswer(fewer))!.Code, Is.EqualTo(SdpNegotiationErrorCode.MediaSectionsRemoved));
            Assert.That(Assert.Throws<SdpNegotiationException>(() => engine.CreateAnswer(sameVersionChanged))!.Code, Is.EqualTo(SdpNegotiationErrorCode.VersionNotIncremented));
            Assert.That(Assert.Throws<SdpNegotiationException>(() => engine.CreateAnswer(otherOrigin))!.Code, Is.EqualTo(SdpNegotiationErrorCode.OriginChanged));
        });
    }

    [Test]
    public void CreateOffer_Initial_ListsCapabilitiesWithPayloadTypesAndCrypto()
    {
        var offer = Engine().CreateOffer();
        var audio = offer.Media[0];
        Assert.Multiple(() =>
        {
            Assert.That(offer.Media.Select(m => m.MediaType), Is.EqualTo(new[] { "audio", "video" }));
            Assert.That(audio.Protocol, Is.EqualTo("RTP/AVP"));
            Assert.That(audio.Formats, Is.EqualTo(new[] { "0", "96", "97" }));
            Assert.That(audio.GetRtpMap("96"), Is.EqualTo(new SdpRtpMap(96, "OPUS", 48000, "2")));
            Assert.That(audio.GetCryptos().Select(c => (c.Tag, c.Suite)), Is.EqualTo(new[] { (1, "AES_CM_128_HMAC_SHA1_80"), (2, "AES_CM_128_HMAC_SHA1_32") }));
            Assert.That(audio.RtcpMux, Is.True);
            Assert.That(audio.Direction, Is.EqualTo(SdpDirection.SendRecv));
            Assert.That(offer.Connection!.Address, Is.EqualTo("192.0.2.50"));
            Assert.That(SdpSession.Parse(offer.Encode()).ToString(), Is.EqualTo(offer.ToString()));
        });
    }

    [Test]
    public void CreateOffer_SrtpRequired_UsesSecureProfile()
    {
        var offer = Engine(null, Audio(srtp: SdpSrtpPolicy.Required)).CreateOffer();
        Assert.That(offer.Media[0].Protocol, Is.EqualTo("RTP/SAVP"));
    }

    [Test]
    public void OfferOutstanding_BlocksAnotherOfferOrAnAnswer()
    {
        var engine = Engine();
        engine.CreateOffer();
        Assert.Multiple(() =>
        {
            Assert.That(Assert.Throws<SdpNegotiationException>(() => engine.CreateOffer())!.Code, Is.EqualTo(SdpNegotiationErrorCode.OfferOutstanding));
            Assert.That(Assert.Throws<SdpNegotiationException>(() => engine.CreateAnswer(Offer("m=audio 5000 RTP/AVP 0")))!.Code, Is.EqualTo(SdpNegotiationErrorCode.OfferOutstanding));
        });
        engine.CancelOffer();
        Assert.That(engine.PendingOffer, Is.Null);
    }

    [Test]
    public void ApplyAnswer_WithoutOffer_Throws() =>
        Assert.That(Assert.Throws<SdpNegotiationException>(() => Engine().ApplyAnswer(Offer("m=audio 1 RTP/AVP 0")))!.Code, Is.EqualTo(SdpNegotiationErrorCode.NoOfferOutstanding));

    [Test]
    public void ApplyAnswer_Violations_AreTyped()
    {
        static SdpNegotiationErrorCode Apply(params string[] media)
        {
            var engine = Engine();
            engine.CreateOffer();
            return Assert.Throws<SdpNegotiationException>(() => engine.ApplyAnswer(Offer(media)))!.Code;
        }

        Assert.Multiple(() =>
        {
            Assert.That(Apply("m=audio 6000 RTP/AVP 0"), Is.EqualTo(SdpNegotiationErrorCode.AnswerMediaMismatch));
            Assert.That(Apply("m=video 6000 RTP/AVP 0", "m=audio 6002 RTP/AVP 96"), Is.EqualTo(SdpNegotiationErrorCode.AnswerMediaMismatch));
            Assert.That(Apply("m=audio 6000 RTP/AVP 8", "m=video 0 RTP/AVP 96"), Is.EqualTo(SdpNegotiationErrorCode.AnswerFormatNotOffered));
            Assert.That(Apply("m=audio 6000 RTP/AVP 0", $"a=crypto:9 AES_CM_128_HMAC_SHA1_80 inline:{Key30}", "m=video 0 RTP/AVP 96"), Is.EqualTo(SdpNegotiationErrorCode.AnswerCryptoMismatch));
            Assert.That(Apply("m=audio 6000 RTP/AVP 0", $"a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:{Key30}", "m=video 0 RTP/AVP 96"), Is.EqualTo(SdpNegotiationErrorCode.AnswerCryptoMismatch));
        });
    }

    [Test]
    public void ApplyAnswer_Valid_CompletesExchange()
    {
        var engine = Engine();
        var offer = engine.CreateOffer();
        var streams = engine.ApplyAnswer(Offer("m=audio 6000 RTP/AVP 96 97", "a=rtpmap:96 opus/48000/2", "a=rtpmap:97 telephone-event/8000", "a=recvonly", $"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:{Key30}", "a=rtcp-mux", "m=video 0 RTP/AVP 96"));
        Assert.Multiple(() =>
        {
            Assert.That(engine.LocalDescription, Is.SameAs(offer));
            Assert.That(engine.PendingOffer, Is.Null);
            Assert.That(streams[0].Codecs.Select(c => c.EncodingName), Is.EqualTo(new[] { "OPUS", "telephone-event" }));
            Assert.That(streams[0].LocalDirection, Is.EqualTo(SdpDirection.SendOnly));
            Assert.That(streams[0].RemoteAddress, Is.EqualTo("198.51.100.1"));
            Assert.That(streams[0].RemotePort, Is.EqualTo(6000));
            Assert.That(streams[0].RtcpMux, Is.True);
            Assert.That(streams[0].LocalCrypto!.Tag, Is.EqualTo(1));
            Assert.That(streams[0].RemoteCrypto!.KeyParameters[0].KeySaltBase64, Is.EqualTo(Key30));
            Assert.That(streams[1].Rejection, Is.EqualTo(SdpStreamRejection.RejectedByPeer));
            Assert.That(engine.Streams, Is.SameAs(streams));
        });
    }

    [Test]
    public void HoldAndResume_ReOffersChangeDirectionAndVersion()
    {
        var engine = Engine();
        var offer = engine.CreateOffer();
        engine.ApplyAnswer(Offer("m=audio 6000 RTP/AVP 0", "m=video 6002 RTP/AVP 96", "a=recvonly"));
        var hold = engine.CreateHoldOffer();
        Assert.Multiple(() =>
        {
            Assert.That(hold.Media[0].Direction, Is.EqualTo(SdpDirection.SendOnly), "sendrecv → sendonly (RFC 3264 §8.4)");
            Assert.That(hold.Origin.SessionVersion, Is.EqualTo(offer.Origin.SessionVersion + 1));
            Assert.That(hold.Origin.SessionId, Is.EqualTo(offer.Origin.SessionId));
            Assert.That(hold.Media[0].GetCryptos().Select(c => c.ToString()), Is.EqualTo(offer.Media[0].GetCryptos().Select(c => c.ToString())), "keys are kept");
        });
        var secondAnswer = Offer("m=audio 6000 RTP/AVP 0", "a=recvonly", "m=video 6002 RTP/AVP 96", "a=recvonly");
        secondAnswer.Origin = secondAnswer.Origin.WithNextVersion();
        var answered = engine.ApplyAnswer(secondAnswer);
        Assert.That(answered[0].LocalDirection, Is.EqualTo(SdpDirection.SendOnly));

        var resume = engine.CreateResumeOffer();
        Assert.Multiple(() =>
        {
            Assert.That(resume.Media.Select(m => m.Direction), Is.EqualTo(new SdpDirection?[] { SdpDirection.SendRecv, SdpDirection.SendRecv }));
            Assert.That(resume.Origin.SessionVersion, Is.EqualTo(hold.Origin.SessionVersion + 1));
        });
    }

    [Test]
    public void HoldOffer_FromRecvOnly_BecomesInactive()
    {
        var engine = Engine(null, Audio(SdpDirection.RecvOnly));
        engine.CreateOffer();
        engine.ApplyAnswer(Offer("m=audio 6000 RTP/AVP 0", "a=sendonly"));
        Assert.That(engine.CreateHoldOffer().Media[0].Direction, Is.EqualTo(SdpDirection.Inactive));
    }

    [Test]
    public void HoldOffer_BeforeNegotiation_Throws() =>
        Assert.That(Assert.Throws<SdpNegotiationException>(() => Engine().CreateHoldOffer())!.Code, Is.EqualTo(SdpNegotiationErrorCode.NotNegotiated));

    [Test]
    public void CreateOffer_Unchanged_KeepsVersion()
    {
        var engine = Engine();
        var first = engine.CreateOffer();
        engine.ApplyAnswer(Offer("m=audio 6000 RTP/AVP 0", "m=video 0 RTP/AVP 96"));
        var again = engine.CreateOffer();
        Assert.That(again.Origin, Is.EqualTo(first.Origin));
        engine.CancelOffer();
        var decorated = engine.CreateOffer(s => s.Media[0].Attributes.Add("label", "main"));
        Assert.That(decorated.Origin.SessionVersion, Is.EqualTo(first.Origin.SessionVersion + 1));
    }
}
