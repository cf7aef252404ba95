namespace UcStack.Sip.Tests.Conformance;

/// <summary>RFC 5118 IPv6 torture messages (Fixtures/rfc5118, outcomes from its README).</summary>
[TestFixture]
public sealed class Rfc5118Tests
{
    private const string Folder = "rfc5118";

    /// <summary>Files whose Content-Length disagrees with the body in the RFC itself: rejecting them as truncated
    /// or cutting them short are both acceptable (README).</summary>
    private static readonly HashSet<string> ContentLengthCaveat = new(StringComparer.Ordinal)
    {
        "ipv6-in-sdp.dat", "mult-ip-in-sdp.dat", "ipv4-mapped-ipv6.dat",
    };

    private static IEnumerable<TestCaseData> Files()
        => FixtureFiles.DatFiles(Folder).Select(f => new TestCaseData(f).SetName("Rfc5118_" + Path.GetFileNameWithoutExtension(f)));

    [Test]
    public void Fixtures_AllTwelveArePresent() => Assert.That(FixtureFiles.DatFiles(Folder).Count(), Is.EqualTo(12));

    [TestCaseSource(nameof(Files))]
    public void Parse_Ipv6TortureMessage_HasTheDocumentedOutcome(string file)
    {
        var bytes = FixtureFiles.Read(Folder, file);
        var parsed = SipMessage.TryParse(bytes, out var message, out var error);
        using var owned = message;
        if (!parsed && ContentLengthCaveat.Contains(file))
        {
            Assert.That(error.Code, Is.EqualTo(SipParseErrorCode.BodyTruncated));
            return;
        }

        Assert.That(parsed, Is.True, error.ToString());
        Assert.That(message!.TopViaBranch, Does.StartWith("z9hG4bK"));
        var valid = message.TryValidate(out var problem);
        if (file == "ipv6-bad.dat")
        {
            // An IPv6 address without brackets in a SIP URI (RFC 5118 §4.2).
            Assert.That(valid, Is.False);
            Assert.That(problem.Code, Is.AnyOf(SipParseErrorCode.InvalidHost, SipParseErrorCode.InvalidUri));
            return;
        }

        Assert.That(valid, Is.True, problem.ToString());
        MessageAssert.RoundTrips(message);
    }

    [Test]
    public void Parse_PortInsideBrackets_IsPartOfTheAddress()
    {
        using var m = SipRequest.Parse(FixtureFiles.Read(Folder, "port-ambiguous.dat"));
        var uri = (SipUri)m.RequestUri;
        Assert.That(uri.Port, Is.Null);
        Assert.That(uri.HostKind, Is.EqualTo(SipHostKind.IPv6));
    }

    [Test]
    public void Parse_ReceivedWithIpv6_KeepsBranchAndHost()
    {
        using var m = SipMessage.Parse(FixtureFiles.Read(Folder, "via-received-param-with-delim.dat"));
        Assert.That(m.TopViaHost, Does.StartWith("["));
        Assert.That(m.TopViaBranch, Is.EqualTo("z9hG4bKas3-111"));
    }
}
