using System.Net;
using UcStack.Ice.Tests.Simulation;
using UcStack.Stun;

namespace UcStack.Ice.Tests.Agent;

[TestFixture]
public sealed class IceAgentTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Connect_PublicHosts_SelectsHostPairAndCountsChecks()
    {
        await using var harness = new IcePairHarness(null, null);
        harness.Start();

        Assert.That(harness.RunUntilSettled(Budget), Is.True);
        Assert.That(harness.A.GetSelectedPair(1)!.ToString(), Is.EqualTo("host 203.0.113.10:10000 -> host 203.0.113.20:10000"));
        Assert.That(harness.A.ChecksSent, Is.GreaterThan(0));
        Assert.That(harness.B.ChecksReceived, Is.GreaterThan(0));
        Assert.That(harness.A.GetSelectedPair(1)!.IsNominated, Is.True);
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public async Task Connect_WithLossAndJitter_StillConverges(int seed)
    {
        await using var harness = new IcePairHarness(NatBehavior.FullCone, new NatBehavior(NatMapping.AddressDependent, NatFiltering.AddressDependent), seed);
        harness.Network.LossRate = 0.25;
        harness.Network.Jitter = TimeSpan.FromMilliseconds(80);
        harness.Start();

        Assert.That(harness.RunUntilSettled(TimeSpan.FromSeconds(120)), Is.True);
        Assert.That(harness.A.State, Is.EqualTo(IceAgentState.Completed));
        Assert.That(harness.B.State, Is.EqualTo(IceAgentState.Completed));
        Assert.That(harness.Network.Lost, Is.GreaterThan(0), "the loss injection must have dropped something");
    }

    [Test]
    public async Task Connect_SymmetricNatsWithLoss_FallsBackToRelay()
    {
        await using var harness = new IcePairHarness(NatBehavior.Symmetric, NatBehavior.Symmetric, seed: 7);
        harness.Network.LossRate = 0.1;
        harness.Start();

        Assert.That(harness.RunUntilSettled(TimeSpan.FromSeconds(120)), Is.True);
        Assert.That(NatMatrixTests.Classify(harness.A.GetSelectedPair(1)!), Is.EqualTo("relay"));
    }

    [Test]
    public async Task Connect_SymmetricNatsWithoutTurn_FailsAfterEndOfCandidates()
    {
        await using var harness = new IcePairHarness(NatBehavior.Symmetric, NatBehavior.Symmetric, withTurn: false);
        harness.Start();

        Assert.That(harness.RunUntilSettled(TimeSpan.FromSeconds(120)), Is.True);
        Assert.That(harness.A.State, Is.EqualTo(IceAgentState.Failed));
        Assert.That(harness.A.GetSelectedPair(1), Is.Null);
        Assert.That(harness.A.GetDatagramPath(1).TrySend([0x80]), Is.False);
    }

    [TestCase(IceRole.Controlling)]
    [TestCase(IceRole.Controlled)]
    public async Task RoleConflict_BothSameRole_ResolvedByTieBreaker(IceRole role)
    {
        await using var harness = new IcePairHarness(null, null, configureA: o => o with { Role = role }, configureB: o => o with { Role = role });
        harness.Start();

        Assert.That(harness.RunUntilSettled(Budget), Is.True);
        Assert.That(harness.A.State, Is.EqualTo(IceAgentState.Completed));
        Assert.That(harness.B.State, Is.EqualTo(IceAgentState.Completed));
        Assert.That(harness.A.Role, Is.Not.EqualTo(harness.B.Role));
        // RFC 8445 §7.3.1.1: the larger tie-breaker ends up controlling.
        var winner = harness.A.TieBreaker > harness.B.TieBreaker ? harness.A : harness.B;
        Assert.That(winner.Role, Is.EqualTo(IceRole.Controlling));
    }

    [Test]
    public async Task TwoComponents_EachGetsASelectedPair()
    {
        await using var harness = new IcePairHarness(NatBehavior.FullCone, null, configureA: o => o with { ComponentCount = 2 }, configureB: o => o with { ComponentCount = 2 });
        harness.Start();

        Assert.That(harness.RunUntilSettled(Budget), Is.True);
        Assert.That(harness.A.GetSelectedPair(1)!.Local.Component, Is.EqualTo(1));
        Assert.That(harness.A.GetSelectedPair(2)!.Local.Component, Is.EqualTo(2));
        Assert.That(harness.B.GetSelectedPair(2), Is.Not.Null);
    }

    [Test]
    public async Task Consent_KeepsFlowingWhileThePeerAnswers()
    {
        await using var harness = new IcePairHarness(null, null);
        var lost = 0;
        harness.A.ConsentLost += (_, _) => lost++;
        harness.Start();
        Assert.That(harness.RunUntilSettled(Budget), Is.True);
        var sentBefore = harness.Network.Sent;

        harness.RunUntil(() => false, TimeSpan.FromSeconds(90));

        Assert.That(lost, Is.Zero);
        Assert.That(harness.A.State, Is.EqualTo(IceAgentState.Completed));
        // About one consent check per 5 s each way, with its response: at least 4 × 90 / 6 packets.
        Assert.That(harness.Network.Sent - sentBefore, Is.GreaterThanOrEqualTo(60));
    }

    [Test]
    public async Task Consent_PeerGoesSilent_ExpiresAfter30SecondsAndStopsSending()
    {
        await using var harness = new IcePairHarness(null, null);
        IcePairEventArgs? lost = null;
        harness.A.ConsentLost += (_, e) => lost = e;
        harness.Start();
        Assert.That(harness.RunUntilSettled(Budget), Is.True);

        harness.Network.LossRate = 1.0;
        var start = harness.Elapsed;
        Assert.That(harness.RunUntil(() => lost is not null, TimeSpan.FromSeconds(40)), Is.True);
        var after = harness.Elapsed - start;

        Assert.That(after, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(24)).And.LessThanOrEqualTo(TimeSpan.FromSeconds(31)));
        Assert.That(lost!.Component, Is.EqualTo(1));
        Assert.That(harness.A.GetDatagramPath(1).CanSend, Is.False);
        Assert.That(harness.A.GetDatagramPath(1).TrySend([0x80]), Is.False);
        Assert.That(harness.A.State, Is.EqualTo(IceAgentState.Failed));
    }

    [Test]
    public async Task Restart_NewCredentialsAndNewSelection_MediaKeepsFlowingMeanwhile()
    {
        await using var harness = new IcePairHarness(NatBehavior.FullCone, NatBehavior.FullCone);
        harness.Start();
        Assert.That(harness.RunUntilSettled(Budget), Is.True);
        var oldUfrag = harness.A.LocalUfrag;
        var selections = 0;
        harness.A.PairSelected += (_, _) => selections++;

        harness.A.Restart();
        harness.B.Restart();
        Assert.That(harness.A.LocalUfrag, Is.Not.EqualTo(oldUfrag));
        Assert.That(harness.A.State, Is.EqualTo(IceAgentState.New));
        Assert.That(harness.A.GetDatagramPath(1).TrySend([0x80, 1]), Is.True, "the old pair keeps working during the restart");
        harness.ResetEndOfCandidates();
        harness.A.SetRemoteCredentials(harness.B.LocalUfrag, harness.B.LocalPassword);
        harness.B.SetRemoteCredentials(harness.A.LocalUfrag, harness.A.LocalPassword);
        foreach (var candidate in harness.B.LocalCandidates)
        {
            harness.A.AddRemoteCandidate(candidate);
        }

        foreach (var candidate in harness.A.LocalCandidates)
        {
            harness.B.AddRemoteCandidate(candidate);
        }

        Assert.That(harness.RunUntilSettled(Budget), Is.True);
        Assert.That(harness.A.State, Is.EqualTo(IceAgentState.Completed));
        Assert.That(harness.B.State, Is.EqualTo(IceAgentState.Completed));
        Assert.That(selections, Is.GreaterThanOrEqualTo(1));
        var buffer = new byte[16];
        Assert.That(harness.B.GetDatagramPath(1).TryReceive(buffer, out var during), Is.True, "the datagram sent during the restart arrived");
        Assert.That(buffer.AsSpan(0, during.Length).ToArray(), Is.EqualTo(new byte[] { 0x80, 1 }));
        NatMatrixTests.AssertDatagramsFlow(harness);
    }

    [Test]
    public async Task MsIce2Mode_ChecksCarryImplementationVersionAndCandidateIdentifier()
    {
        await using var harness = new IcePairHarness(null, null, configureA: o => o with { MsIce2Compatibility = true }, configureB: o => o with { MsIce2Compatibility = true });
        harness.Network.Captured = [];
        harness.Start();

        Assert.That(harness.RunUntilSettled(Budget), Is.True);
        var requests = 0;
        var responses = 0;
        foreach (var datagram in harness.Network.Captured)
        {
            if (!StunMessageReader.TryParse(datagram, out var reader, out _) || !reader.Contains(StunAttributeType.MessageIntegrity))
            {
                continue;
            }

            Assert.That(reader.TryGetImplementationVersion(out var version), Is.True);
            Assert.That(version, Is.EqualTo(IceAgent.MsIce2ImplementationVersion));
            if (reader.Class == StunMessageClass.Request)
            {
                requests++;
                Assert.That(reader.TryGetCandidateIdentifier(out var identifier), Is.True);
                Assert.That(identifier.Length, Is.GreaterThan(0));
            }
            else
            {
                responses++;
                Assert.That(reader.Contains(StunAttributeType.CandidateIdentifier), Is.False, "CANDIDATE-IDENTIFIER is for requests only");
            }
        }

        Assert.That(requests, Is.GreaterThan(0));
        Assert.That(responses, Is.GreaterThan(0));
    }

    [Test]
    public async Task Checks_CarryRfc8445Attributes()
    {
        await using var harness = new IcePairHarness(null, null);
        harness.Network.Captured = [];
        harness.Start();
        Assert.That(harness.RunUntilSettled(Budget), Is.True);

        var sawUseCandidate = false;
        foreach (var datagram in harness.Network.Captured)
        {
            if (!StunMessageReader.TryParse(datagram, out var reader, out _) || reader.Class != StunMessageClass.Request || !reader.Contains(StunAttributeType.MessageIntegrity))
            {
                continue;
            }

            Assert.That(reader.TryGetPriority(out _), Is.True);
            Assert.That(reader.TryGetIceControlling(out _) ^ reader.TryGetIceControlled(out _), Is.True);
            Assert.That(reader.VerifyFingerprint(), Is.EqualTo(StunVerification.Ok));
            Assert.That(reader.TryGetUsername(out var username), Is.True);
            Assert.That(System.Text.Encoding.ASCII.GetString(username), Does.Contain(':'));
            Assert.That(reader.Contains(StunAttributeType.ImplementationVersion), Is.False);
            sawUseCandidate |= reader.HasUseCandidate;
        }

        Assert.That(sawUseCandidate, Is.True, "the controlling agent nominates with USE-CANDIDATE");
    }

    [Test]
    public async Task Request_WithWrongPassword_Gets401AndNoPair()
    {
        await using var harness = new IcePairHarness(null, null);
        harness.Start();
        Assert.That(harness.RunUntilSettled(Budget), Is.True);
        var intruderHost = harness.Network.AddHost(IPAddress.Parse("203.0.113.99"));
        var intruder = intruderHost.BindUdp(intruderHost.Address);
        byte[]? answer = null;
        intruder.Start((datagram, _) => answer = datagram.ToArray());

        var id = new byte[12];
        StunMessageWriter.GenerateTransactionId(id);
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, id);
        writer.AddUsername(harness.A.LocalUfrag + ":evil");
        writer.AddPriority(1);
        writer.AddIceControlled(1);
        using (var wrongKey = StunIntegrityKey.ForShortTerm("not-the-password-at-all"))
        {
            writer.AddMessageIntegrity(wrongKey);
        }

        writer.AddFingerprint();
        intruder.Send(buffer.AsSpan(0, writer.Complete()), harness.A.GetSelectedPair(1)!.Local.EndPoint);
        harness.RunUntil(() => answer is not null, TimeSpan.FromSeconds(1));

        Assert.That(answer, Is.Not.Null);
        Assert.That(StunMessageReader.TryParse(answer, out var reader, out _), Is.True);
        Assert.That(reader.TryGetErrorCode(out var code, out _), Is.True);
        Assert.That(code, Is.EqualTo(401));
        Assert.That(harness.A.RemoteCandidates.Any(c => c.EndPoint.Address.Equals(intruderHost.Address)), Is.False);
    }

    [Test]
    public async Task DatagramPath_DropsUnknownSendersAndNonMediaFirstBytes()
    {
        await using var harness = new IcePairHarness(null, null);
        harness.Start();
        Assert.That(harness.RunUntilSettled(Budget), Is.True);
        var path = harness.A.GetDatagramPath(1);
        var intruderHost = harness.Network.AddHost(IPAddress.Parse("203.0.113.99"));
        var intruder = intruderHost.BindUdp(intruderHost.Address);
        intruder.Send([0x80, 0x00], harness.A.GetSelectedPair(1)!.Local.EndPoint);
        harness.B.GetDatagramPath(1).TrySend([0x05, 0x00]);
        harness.B.GetDatagramPath(1).TrySend([0x17, 0xfe, 0xfd]);
        harness.RunUntil(() => false, TimeSpan.FromMilliseconds(200));

        var buffer = new byte[16];
        Assert.That(path.TryReceive(buffer, out var received), Is.True);
        Assert.That(received.Kind, Is.EqualTo(IceDatagramKind.Dtls));
        Assert.That(path.TryReceive(buffer, out _), Is.False);
        Assert.That(path.DroppedCount, Is.EqualTo(2));
    }

    [Test]
    public async Task AddRemoteCandidate_DuplicateOrTooMany_ReturnsFalse()
    {
        await using var agent = new IceAgent(new IceAgentOptions { Network = new IcePairHarness(null, null).HostA, MaxRemoteCandidates = 2 });
        var first = IceCandidate.Parse("candidate:1 1 UDP 100 192.0.2.1 1000 typ host");

        Assert.That(agent.AddRemoteCandidate(first), Is.True);
        Assert.That(agent.AddRemoteCandidate(first), Is.False);
        Assert.That(agent.AddRemoteCandidate(IceCandidate.Parse("candidate:1 1 UDP 100 192.0.2.1 1001 typ host")), Is.True);
        Assert.That(agent.AddRemoteCandidate(IceCandidate.Parse("candidate:1 1 UDP 100 192.0.2.1 1002 typ host")), Is.False);
        Assert.That(agent.AddRemoteCandidate(IceCandidate.Parse("candidate:1 9 UDP 100 192.0.2.1 1003 typ host")), Is.False);
    }

    [TestCase("abc", "0123456789012345678901")]
    [TestCase("abcd", "short")]
    [TestCase("ab:cd", "0123456789012345678901")]
    public async Task SetRemoteCredentials_OutOfRfc8839Limits_Throws(string ufrag, string password)
    {
        await using var agent = new IceAgent(new IceAgentOptions { Network = new IcePairHarness(null, null).HostA });

        Assert.That(() => agent.SetRemoteCredentials(ufrag, password), Throws.ArgumentException);
    }

    [Test]
    public async Task LocalCredentials_AreRandomIceCharsOfSafeLengths()
    {
        await using var a = new IceAgent(new IceAgentOptions { Network = new IcePairHarness(null, null).HostA });
        await using var b = new IceAgent(new IceAgentOptions { Network = new IcePairHarness(null, null).HostA });

        Assert.That(a.LocalUfrag, Has.Length.EqualTo(8).And.Not.EqualTo(b.LocalUfrag));
        // MS-SDPEXT: legacy peers detect base64 credentials by length 6 / 32, so those lengths are avoided.
        Assert.That(a.LocalPassword, Has.Length.EqualTo(24).And.Not.EqualTo(b.LocalPassword));
        Assert.That(a.TieBreaker, Is.Not.EqualTo(b.TieBreaker));
    }

    [Test]
    public async Task StartGathering_Twice_Throws()
    {
        await using var harness = new IcePairHarness(null, null);
        harness.A.StartGathering();

        Assert.That(() => harness.A.StartGathering(), Throws.InvalidOperationException);
    }

    [Test]
    public async Task Gathering_BehindNat_ProducesHostSrflxRelayWithRfcPriorities()
    {
        await using var harness = new IcePairHarness(NatBehavior.FullCone, null);
        var gathered = new List<IceCandidate>();
        harness.A.CandidateGathered += (_, e) => gathered.Add(e.Candidate);
        harness.Start();
        Assert.That(harness.RunUntil(() => harness.A.GatheringCompletion.IsCompleted, TimeSpan.FromSeconds(5)), Is.True);

        Assert.That(gathered.Select(c => c.Type), Is.EquivalentTo(new[] { IceCandidateType.Host, IceCandidateType.ServerReflexive, IceCandidateType.Relayed }));
        var host = gathered.Single(c => c.Type == IceCandidateType.Host);
        var srflx = gathered.Single(c => c.Type == IceCandidateType.ServerReflexive);
        var relay = gathered.Single(c => c.Type == IceCandidateType.Relayed);
        Assert.That(host.Priority, Is.EqualTo(IcePriority.ForCandidate(IceCandidateType.Host, 65535, 1)));
        Assert.That(srflx.Priority >> 24, Is.EqualTo(100u));
        Assert.That(relay.Priority >> 24, Is.Zero);
        Assert.That(srflx.RelatedEndPoint, Is.EqualTo(host.EndPoint));
        Assert.That(srflx.EndPoint.Address, Is.EqualTo(IPAddress.Parse("203.0.113.1")));
        Assert.That(relay.RelatedEndPoint, Is.Not.Null);
        Assert.That(new[] { host.Foundation, srflx.Foundation, relay.Foundation }, Is.Unique);
    }

    [Test]
    public async Task RelayOnlyPolicy_GathersAndSelectsRelayedCandidatesOnly()
    {
        await using var harness = new IcePairHarness(null, null, configureA: o => o with { GatheringPolicy = IceGatheringPolicy.RelayOnly }, configureB: o => o with { GatheringPolicy = IceGatheringPolicy.RelayOnly });
        harness.Start();

        Assert.That(harness.RunUntilSettled(Budget), Is.True);
        Assert.That(harness.A.LocalCandidates.Select(c => c.Type), Is.All.EqualTo(IceCandidateType.Relayed));
        var pair = harness.A.GetSelectedPair(1)!;
        Assert.That(pair.Local.Type, Is.EqualTo(IceCandidateType.Relayed));
        Assert.That(pair.Remote.Type, Is.EqualTo(IceCandidateType.Relayed));
        NatMatrixTests.AssertDatagramsFlow(harness);
    }
}
