using FsCheck;
using FsCheck.Fluent;

namespace UcStack.Sdp.Tests.Ice;

[TestFixture]
public sealed class SdpCandidateTests
{
    [Test]
    public void GetCandidates_AudioVideoFixture_ReadsAllEight()
    {
        var session = Fixtures.Session("audio-video-8-candidates.sdp");
        var candidates = session.Media.SelectMany(m => m.GetCandidates()).ToArray();
        Assert.That(candidates, Has.Length.EqualTo(8));
        var srflx = candidates[2];
        var tcp = candidates[3];
        var relay = candidates[7];
        Assert.Multiple(() =>
        {
            Assert.That(srflx.Type, Is.EqualTo("srflx"));
            Assert.That(srflx.Priority, Is.EqualTo(1694498815u));
            Assert.That(srflx.RelatedAddress, Is.EqualTo("192.0.2.10"));
            Assert.That(srflx.RelatedPort, Is.EqualTo(50170));
            Assert.That(tcp.IsTcp, Is.True);
            Assert.That(tcp.TcpType, Is.EqualTo("active"));
            Assert.That(tcp.Port, Is.EqualTo(9));
            Assert.That(relay.Extensions, Is.EqualTo(new[] { new KeyValuePair<string, string>("generation", "0") }));
            Assert.That(candidates[1].Component, Is.EqualTo(2));
            Assert.That(session.Media[1].EndOfCandidates, Is.True);
            Assert.That(session.IceOptions, Is.EqualTo(new[] { "trickle" }));
            Assert.That(session.GetEffectiveIceUfrag(session.Media[0]), Is.EqualTo("Xq7b"));
            Assert.That(session.GetEffectiveIcePwd(session.Media[1]), Is.EqualTo("wZ2m9kQvJd3LpA8rTnYc4e"));
        });
    }

    [Test]
    public void GetCandidates_LyncOffer_ReadsMicrosoftForms()
    {
        var audio = Fixtures.Session("lync-offer.sdp").Media[0];
        var candidates = audio.GetCandidates();
        Assert.Multiple(() =>
        {
            Assert.That(candidates, Has.Count.EqualTo(8));
            Assert.That(candidates[2].IsMicrosoftTcpPassive, Is.True);
            Assert.That(candidates[2].IsTcp, Is.True);
            Assert.That(candidates[5].IsMicrosoftTcpActive, Is.True);
            Assert.That(candidates[6].AttributeName, Is.EqualTo(SdpNames.XCandidateIpv6));
            Assert.That(candidates[6].Address, Is.EqualTo("2001:db8:10::40"));
            Assert.That(candidates[6].ToAttribute().ToString(), Is.EqualTo("a=x-candidate-ipv6:5 1 UDP 2130705919 2001:db8:10::40 21556 typ host"));
            Assert.That(audio.UsesIce6Candidates, Is.False);
        });
    }

    [Test]
    public void ToAttribute_ParsedCandidates_WriteTheSameText()
    {
        foreach (var name in Fixtures.All.Where(n => n != "lync-ice6-offer.sdp"))
        {
            foreach (var media in Fixtures.Session(name).Media)
            {
                var originals = media.Attributes.Where(a => a.Is(SdpNames.Candidate) || a.Is(SdpNames.XCandidateIpv6)).ToArray();
                Assert.That(media.GetCandidates().Select(c => c.ToAttribute()), Is.EqualTo(originals), name);
            }
        }
    }

    [TestCase("1 1 UDP 1 192.0.2.1 5000 typ", "at least")]
    [TestCase("1 1 UDP 1 192.0.2.1 5000 type host", "typ")]
    [TestCase("123456789012345678901234567890123 1 UDP 1 a 1 typ host", "foundation")]
    [TestCase("a-b 1 UDP 1 a 1 typ host", "foundation")]
    [TestCase("1 0 UDP 1 a 1 typ host", "component")]
    [TestCase("1 257 UDP 1 a 1 typ host", "component")]
    [TestCase("1 1 UDP 4294967296 a 1 typ host", "priority")]
    [TestCase("1 1 UDP 1 a 65536 typ host", "port")]
    [TestCase("1 1 UDP 1 a 1 typ host raddr", "pairs")]
    [TestCase("1 1 UDP 1 a 1 typ host rport x", "rport")]
    [TestCase("1 1 UDP 1 a 1 typ host x y raddr z", "extension")]
    [TestCase("1 1 UDP 1  a 1 typ host", "one space")]
    public void Parse_Malformed_ThrowsWithReason(string value, string reason)
    {
        var exception = Assert.Throws<SdpParseException>(() => SdpCandidate.Parse(new SdpAttribute("candidate", value)));
        Assert.That(exception!.Message, Does.Contain(reason));
    }

    [Test]
    public void Parse_Ice6Line_PointsToIce6Reader()
    {
        var attribute = Fixtures.Session("lync-ice6-offer.sdp").Media[0].Attributes[0];
        var exception = Assert.Throws<SdpParseException>(() => SdpCandidate.Parse(attribute));
        Assert.That(exception!.Message, Does.Contain("ICE-6"));
    }

    [Test]
    public void AttributeName_OtherThanCandidateNames_Throws() =>
        Assert.Throws<ArgumentException>(() => _ = new SdpCandidate { Foundation = "1", Component = 1, Transport = "UDP", Priority = 1, Address = "a", Port = 1, Type = "host", AttributeName = "x" });

    [Test]
    public void RoundTrip_GeneratedCandidates_ParseBackEqual()
    {
        var gen =
            from foundation in Gen.Elements("1", "abc+/", "Zz09")
            from component in Gen.Choose(1, 256)
            from transport in Gen.Elements("UDP", "TCP", "TCP-PASS", "TCP-ACT", "udp")
            from priority in Gen.Choose(0, int.MaxValue)
            from address in Gen.Elements("192.0.2.1", "2001:db8::1", "host.example")
            from port in Gen.Choose(0, 65535)
            from type in Gen.Elements("host", "srflx", "prflx", "relay")
            from related in Gen.Elements(false, true)
            from extensions in Gen.Elements(0, 1, 2)
            select new SdpCandidate
            {
                Foundation = foundation,
                Component = component,
                Transport = transport,
                Priority = (uint)priority,
                Address = address,
                Port = port,
                Type = type,
                RelatedAddress = related ? "198.51.100.1" : null,
                RelatedPort = related ? port : null,
                Extensions = Enumerable.Range(0, extensions).Select(i => new KeyValuePair<string, string>(i == 0 ? "tcptype" : "generation", i == 0 ? "passive" : "0")).ToArray(),
            };
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(gen.ToArbitrary(), candidate =>
            Assert.That(SdpCandidate.Parse(candidate.ToAttribute()), Is.EqualTo(candidate))));
    }
}
